/** Unix permission bits as the four-digit octal string used by chmod and cloud-init (`0644`). */
export function octalMode(mode: number): string {
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) {
    throw new RangeError(`file mode ${String(mode)} is not a permission value between 0 and 07777`);
  }
  return mode.toString(8).padStart(4, '0');
}
