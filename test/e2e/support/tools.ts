/**
 * The e2e tests run real programs. A missing one skips the test with a visible note on a developer
 * machine, and fails it in CI (CI=true), where .ci/run installs every Debian package listed here.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const inCI = process.env.CI === 'true';

/** The Debian package that provides each program the e2e tests call. */
export const TOOL_PACKAGES: Readonly<Record<string, string>> = {
  'qemu-system-x86_64': 'qemu-system-x86',
  busybox: 'busybox-static',
  cpio: 'cpio',
  'apt-get': 'apt',
  'dpkg-deb': 'dpkg',
  gzip: 'gzip',
  etcd: 'etcd-server',
  etcdctl: 'etcd-client',
  openssl: 'openssl',
  curl: 'curl',
  ip: 'iproute2',
  bash: 'bash',
  unshare: 'util-linux',
  chroot: 'coreutils',
  tar: 'tar',
  systemctl: 'systemd',
  chromium: 'chromium',
  mmdebstrap: 'mmdebstrap',
  'qemu-img': 'qemu-utils',
  'mkfs.ext4': 'e2fsprogs',
};

/** Files (not programs) the tests need, with their package. */
export const FILE_PACKAGES: Readonly<Record<string, string>> = {
  '/usr/lib/ipxe/qemu/pxe-e1000.rom': 'ipxe-qemu',
};

function onPath(program: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

function exists(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** Programs (looked up on PATH) and absolute file paths that are missing, each with its package. */
export function missingTools(needs: readonly string[]): string[] {
  const missing: string[] = [];
  for (const need of needs) {
    const present = need.startsWith('/') ? exists(need) : onPath(need);
    if (present) continue;
    const pkg = need.startsWith('/') ? FILE_PACKAGES[need] : TOOL_PACKAGES[need];
    missing.push(pkg === undefined ? need : `${need} (Debian package ${pkg})`);
  }
  return missing;
}

/**
 * Decide whether a suite can run. Returns true to skip (after printing why); throws in CI, where a
 * missing tool is a failure and not a skip.
 */
export function skipWithoutTools(suite: string, needs: readonly string[]): boolean {
  const missing = missingTools(needs);
  if (missing.length === 0) return false;
  const message = `${suite}: missing ${missing.join(', ')}`;
  if (inCI) throw new Error(`${message} (CI=true: .ci/run must install it)`);
  console.warn(`SKIPPED ${message}`);
  return true;
}
