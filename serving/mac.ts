/**
 * MAC addresses as booting machines and operators spell them: `52:54:00:00:00:11`,
 * `52-54-00-00-00-11` (iPXE `${mac:hexhyp}`, pxelinux), `5254.0000.0011` (Cisco), `525400000011`
 * (iPXE `${mac:hexraw}`), any case, optionally with pxelinux's `01-` ARP-type prefix.
 */
import { normaliseMac } from '../inventory/mac.js';

const PXELINUX_PREFIXED = /^01-(?:[0-9a-f]{2}-){5}[0-9a-f]{2}$/i;

/**
 * Lower-case colon form, or undefined when `input` is not a MAC in any accepted spelling: the
 * inventory's spellings (inventory/mac.ts) plus pxelinux's `01-` prefix.
 */
export function normalizeMac(input: string): string | undefined {
  const text = input.trim();
  return normaliseMac(PXELINUX_PREFIXED.test(text) ? text.slice(3) : text);
}
