/**
 * iPXE scripts. `boot.ipxe` is the one entry point DHCP hands out; it fetches
 * `<mac-with-hyphens>.ipxe` (a static file, `${mac:hexhyp}`) from the boot server and runs it.
 * Downloads are retried; an unknown machine gets a console message and `exit 1`, which returns
 * to the firmware's next boot device (no prompt, no shell).
 *
 * iPXE splits a command line at whitespace; a word starting with `#` starts a comment and
 * `${...}` is expanded, and there is no quoting. `;` inside a word is literal, so
 * `ds=nocloud;s=...` needs no escaping. Words that iPXE would change are refused.
 */
import type { BootEntry } from './boot-entries.js';

const ATTEMPTS = 3;
const RETRY_SECONDS = 5;

/** A word iPXE passes through unchanged, or an Error naming the problem. */
export function ipxeWord(word: string): string {
  if (word === '' || /\s/.test(word))
    throw new Error(`iPXE cannot pass ${JSON.stringify(word)}: empty or has whitespace`);
  if (word.startsWith('#')) throw new Error(`iPXE would read ${JSON.stringify(word)} as a comment`);
  if (word.includes('${')) throw new Error(`iPXE would expand a setting in ${JSON.stringify(word)}`);
  if (word === '||' || word === '&&' || word === ';')
    throw new Error(`iPXE would read ${word} as an operator`);
  return word;
}

/** Console text: words starting with `#` would cut the line short, so they get a space-free prefix. */
function ipxeText(text: string): string {
  return text
    .split(/\s+/)
    .map((w) => (w.startsWith('#') ? `No.${w.slice(1)}` : w))
    .join(' ');
}

export function renderBootIpxe(bootServer: string): string {
  const base = `${bootServer}/pxe/ipxe`;
  return [
    '#!ipxe',
    '# bootforge entry script: DHCP points iPXE here. It runs the static script named after this',
    "# machine's MAC (e.g. 52-54-00-00-00-11.ipxe), so any web server can serve the files.",
    `set bootforge_base ${ipxeWord(base)}`,
    'set bootforge_try:int32 0',
    ':fetch',
    'imgfetch --name host ${bootforge_base}/${mac:hexhyp}.ipxe || goto fetch_failed',
    'imgexec host',
    'echo bootforge: the boot script for ${mac} gave up; see the messages above.',
    'sleep 10',
    'exit 1',
    ':fetch_failed',
    'inc bootforge_try',
    `iseq \${bootforge_try} ${ATTEMPTS} && goto unknown ||`,
    `echo bootforge: could not fetch \${bootforge_base}/\${mac:hexhyp}.ipxe (attempt \${bootforge_try} of ${ATTEMPTS}), retrying in ${RETRY_SECONDS} seconds`,
    `sleep ${RETRY_SECONDS}`,
    'goto fetch',
    ':unknown',
    'echo bootforge: this machine (MAC ${mac}) is unknown to the boot server: no ${mac:hexhyp}.ipxe.',
    'echo bootforge: add it to the inventory and run bootforge generate, or check that the boot server is up.',
    'echo bootforge: continuing with the next boot device in 10 seconds.',
    'sleep 10',
    'exit 1',
    '',
  ].join('\n');
}

export function renderHostIpxe(host: { name: string; mac: string }, entry: BootEntry): string {
  const kernel = [
    'kernel',
    '--name',
    'vmlinuz',
    ipxeWord(entry.kernel),
    'initrd=initrd',
    ...entry.args.map(ipxeWord),
  ];
  const lines = [
    '#!ipxe',
    `# bootforge: ${host.name} (${host.mac}), ${entry.method}`,
    'set bootforge_try:int32 0',
    ':fetch',
    `echo bootforge: ${ipxeText(entry.title)}`,
    'imgfree',
    `${kernel.join(' ')} || goto retry`,
    ...entry.initrds.map(
      (url, i) => `initrd --name ${i === 0 ? 'initrd' : `initrd${i}`} ${ipxeWord(url)} || goto retry`,
    ),
    'boot || goto retry',
    ':retry',
    'inc bootforge_try',
    `iseq \${bootforge_try} ${ATTEMPTS} && goto failed ||`,
    `echo bootforge: download or boot failed (attempt \${bootforge_try} of ${ATTEMPTS}), retrying in ${RETRY_SECONDS} seconds`,
    `sleep ${RETRY_SECONDS}`,
    'goto fetch',
    ':failed',
    `echo bootforge: could not boot ${ipxeText(host.name)} after ${ATTEMPTS} attempts: check that the boot server serves the kernel and initrd.`,
    'sleep 10',
    'exit 1',
    '',
  ];
  return lines.join('\n');
}
