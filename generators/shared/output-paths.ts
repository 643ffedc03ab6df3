/** Per-host output paths under OUT, as fixed by the contract: `hosts/<name>/<file>`. */
export function hostOutputPath(hostname: string, file: string): string {
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(hostname)) {
    throw new Error(`host name ${JSON.stringify(hostname)} is not a DNS label`);
  }
  return `hosts/${hostname}/${file}`;
}

/**
 * The autoinstall seed directory of a host (`hosts/<name>/autoinstall/`): Subiquity's live
 * installer reads user-data, meta-data and vendor-data there (NoCloud over HTTP), apart from the
 * host's own cloud-init documents, which its installed system's first boot reads.
 */
export const AUTOINSTALL_DIR = 'autoinstall';
