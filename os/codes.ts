/** Diagnostic codes plan/os-support.ts reports (stable, like the inventory's: add, never rename). */
export const OS_CODES = {
  UNSUPPORTED_OS_RUNTIME: 'the OS family has no source for this container runtime (or this version of it)',
  UNSUPPORTED_OS_FIREWALL:
    'install.firewall: open-ports on an OS family without a firewall bootforge manages',
  UNSUPPORTED_INSTALL_METHOD: 'install.method names a PXE install path the OS family cannot be installed by',
  UNSUPPORTED_OS_FORMAT:
    'a format asked for by name (generate --only) cannot configure hosts of this OS family',
} as const;

export type OsCode = keyof typeof OS_CODES;
