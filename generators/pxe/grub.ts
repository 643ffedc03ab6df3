/**
 * GRUB (UEFI) network boot files. Real GRUB builds look for different names: RHEL/CentOS-patched
 * GRUB tries `grub.cfg-01-<mac-hyphen>`, upstream GRUB `grub.cfg-<mac-hyphen>`, then both fall
 * back to `grub.cfg`. We write both per-host names and a generic `grub.cfg` that turns
 * `$net_default_mac` (colon form) into the hyphen form with `regexp` and loads the host's file,
 * or says clearly that the machine is unknown.
 *
 * GRUB script treats `;`, `&`, `|`, `$`, `<`, `>`, quotes and whitespace specially, so any such
 * word is single-quoted (`ds=nocloud;s=...` must be). Plain `linux`/`initrd`, never the
 * distribution-only `linuxefi`. GRUB fetches over HTTP as `(http,host[:port])/path`; it has no TLS,
 * so an https:// kernel or initrd gets an entry that explains this on the console.
 */
import type { BootEntry } from './boot-entries.js';

const PLAIN = /^[A-Za-z0-9_@%+=:,./()[\]-]+$/;

export function grubWord(word: string): string {
  if (word !== '' && PLAIN.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** `http://10.0.0.2:8080/a/b` -> `(http,10.0.0.2:8080)/a/b`; `tftp://` likewise; null for other schemes. */
export function grubPath(url: string): string | null {
  const parsed = new URL(url);
  const protocol = parsed.protocol.replace(/:$/, '');
  if (protocol !== 'http' && protocol !== 'tftp') return null;
  return `(${protocol},${parsed.host})${parsed.pathname}${parsed.search}`;
}

function menuEntryBody(entry: BootEntry): string[] {
  const urls = [entry.kernel, ...entry.initrds];
  const unreachable = urls.filter((url) => grubPath(url) === null);
  if (unreachable.length > 0) {
    // GRUB speaks http and tftp only: say so on the console instead of failing obscurely.
    return [
      `  echo ${grubWord(`bootforge: GRUB cannot fetch ${unreachable.join(' ')} (no TLS in GRUB).`)}`,
      `  echo ${grubWord('bootforge: boot this host with iPXE, or serve the kernel and initrd over http://.')}`,
      '  sleep 10',
    ];
  }
  const [kernel = '', ...initrds] = urls.flatMap((url) => grubPath(url) ?? []);
  return [
    `  echo ${grubWord(`bootforge: loading ${entry.title}`)}`,
    `  linux ${[kernel, ...entry.args].map(grubWord).join(' ')}`,
    `  initrd ${initrds.map(grubWord).join(' ')}`,
  ];
}

export function renderHostGrub(host: { name: string; mac: string }, entries: readonly BootEntry[]): string {
  const first = entries[0];
  if (first === undefined) throw new Error(`no boot entries for ${host.name}`);
  const lines = [
    `# bootforge: ${host.name} (${host.mac}). The first entry is this host's install path.`,
    `set default=${first.method}`,
    'set timeout=5',
  ];
  for (const entry of entries) {
    lines.push('', `menuentry ${grubWord(entry.title)} --id ${entry.method} {`, ...menuEntryBody(entry), '}');
  }
  lines.push('');
  return lines.join('\n');
}

/** The fallback `grub.cfg`: load the per-host file by MAC, or explain and leave. */
export function renderGenericGrub(): string {
  const octet = '([0-9a-fA-F][0-9a-fA-F])';
  const pattern = `^${Array(6).fill(octet).join(':')}$`;
  const sets = [1, 2, 3, 4, 5, 6].map((n) => `--set=${n}:bootforge_m${n}`).join(' ');
  return [
    '# bootforge: generic GRUB configuration. GRUB reads it when no per-MAC file matched by name;',
    '# it loads grub.cfg-01-<mac> for this machine by $net_default_mac, if the boot server has one.',
    'if [ -n "$net_default_mac" ]; then',
    `  regexp ${sets} ${grubWord(pattern)} "$net_default_mac"`,
    '  set bootforge_mac="${bootforge_m1}-${bootforge_m2}-${bootforge_m3}-${bootforge_m4}-${bootforge_m5}-${bootforge_m6}"',
    '  if [ -f "$prefix/grub.cfg-01-$bootforge_mac" ]; then',
    '    configfile "$prefix/grub.cfg-01-$bootforge_mac"',
    '  fi',
    'fi',
    'echo "bootforge: this machine (MAC $net_default_mac) is unknown to the boot server: no grub.cfg-01-$bootforge_mac."',
    'echo "bootforge: add it to the inventory and run bootforge generate. Continuing with the next boot device in 10 seconds."',
    'sleep 10',
    'exit',
    '',
  ].join('\n');
}
