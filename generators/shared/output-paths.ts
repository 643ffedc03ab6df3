/** Per-host output paths under OUT, as fixed by the contract: `hosts/<name>/<file>`. */
export function hostOutputPath(hostname: string, file: string): string {
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(hostname)) {
    throw new Error(`host name ${JSON.stringify(hostname)} is not a DNS label`);
  }
  return `hosts/${hostname}/${file}`;
}
