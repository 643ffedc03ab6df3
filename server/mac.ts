/**
 * MAC addresses as booting machines and operators spell them: `52:54:00:00:00:11`,
 * `52-54-00-00-00-11` (iPXE `${mac:hexhyp}`, pxelinux), `5254.0000.0011` (Cisco), `525400000011`
 * (iPXE `${mac:hexraw}`), any case, optionally with pxelinux's `01-` ARP-type prefix.
 */

const PAIRS =
  /^([0-9a-f]{2})([:-])([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})$/;
const DOTTED = /^([0-9a-f]{4})\.([0-9a-f]{4})\.([0-9a-f]{4})$/;
const RAW = /^[0-9a-f]{12}$/;

/** Lower-case colon form, or undefined when `input` is not a MAC in any accepted spelling. */
export function normalizeMac(input: string): string | undefined {
  let text = input.trim().toLowerCase();
  if (/^01-(?:[0-9a-f]{2}-){5}[0-9a-f]{2}$/.test(text)) text = text.slice(3);
  let hex: string;
  const pairs = PAIRS.exec(text);
  const dotted = DOTTED.exec(text);
  if (pairs)
    hex = pairs
      .slice(1)
      .filter((_, i) => i !== 1)
      .join('');
  else if (dotted) hex = dotted.slice(1).join('');
  else if (RAW.test(text)) hex = text;
  else return undefined;
  return hex.replace(/(..)(?!$)/g, '$1:');
}

/** `52-54-00-00-00-11`: the form iPXE's `${mac:hexhyp}` and pxelinux use in file names. */
export function macHyphen(mac: string): string {
  return mac.replaceAll(':', '-');
}
