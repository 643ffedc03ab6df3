/** Where unit files and drop-ins live on the target, and units expressed as plain files. */
import type { InlineFile, SystemdUnit } from '../../host/host-config.js';

export const SYSTEMD_UNIT_DIR = '/etc/systemd/system';

export function unitPath(unitName: string): string {
  return `${SYSTEMD_UNIT_DIR}/${unitName}`;
}

export function dropinPath(unitName: string, dropinName: string): string {
  return `${SYSTEMD_UNIT_DIR}/${unitName}.d/${dropinName}`;
}

/** A unit's file and its drop-ins as 0644 root-owned files, for formats without native units. */
export function unitAsFiles(unit: SystemdUnit): InlineFile[] {
  const files: InlineFile[] = [];
  if (unit.contents !== undefined) {
    files.push({ path: unitPath(unit.name), mode: 0o644, content: unit.contents, secret: false });
  }
  for (const dropin of unit.dropins) {
    files.push({
      path: dropinPath(unit.name, dropin.name),
      mode: 0o644,
      content: dropin.contents,
      secret: false,
    });
  }
  return files;
}
