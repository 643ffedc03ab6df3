/**
 * `govc.sh`: sets the guestinfo keys on an existing VM with `govc vm.change -e key=value`.
 * The VM defaults to the host name; `./govc.sh <vm>` or `VM=<vm> ./govc.sh` overrides it.
 * govc's own settings (GOVC_URL, GOVC_USERNAME, ...) come from the environment as usual.
 * Values are base64 (no quotes or shell metacharacters) and are single-quoted anyway.
 */
import { shellQuote } from '../shared/shell-quote.js';
import { extraConfig, oversizedValues, GUESTINFO_VALUE_LIMIT, type Guestinfo } from './guestinfo.js';

export function renderGovcScript(host: string, info: Guestinfo): string {
  const warnings = oversizedValues(info).map(
    ({ key, length }) =>
      `# WARNING: ${key} is ${length} bytes, over vSphere's ${GUESTINFO_VALUE_LIMIT}-byte limit per value.`,
  );
  const settings = extraConfig(info);
  const lines = [
    '#!/bin/sh',
    `# bootforge: cloud-init guestinfo for ${host} (VMware datasource; power the VM on afterwards).`,
    `# Usage: ./govc.sh [VM]  or  VM=<name or inventory path> ./govc.sh   (default VM: ${host})`,
    ...warnings,
    'set -eu',
    '',
    `VM="\${1:-\${VM:-${host}}}"`,
    '',
    'govc vm.change -vm "$VM" \\',
    ...settings.map(
      ([key, value], i) => `  -e ${shellQuote(`${key}=${value}`)}${i < settings.length - 1 ? ' \\' : ''}`,
    ),
    '',
  ];
  return lines.join('\n');
}
