/**
 * MAC addresses in any common spelling: `52:54:00:ab:cd:ef`, `52-54-00-AB-CD-EF`,
 * `5254.00ab.cdef` (Cisco) or `525400abcdef`. Normalised once to lower-case colon form.
 */
const SPELLINGS = [
  /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i,
  /^[0-9a-f]{2}(-[0-9a-f]{2}){5}$/i,
  /^[0-9a-f]{4}(\.[0-9a-f]{4}){2}$/i,
  /^[0-9a-f]{12}$/i,
];

/** `52:54:00:ab:cd:ef`, or undefined when the text is no MAC address in a known spelling. */
export function normaliseMac(text: string): string | undefined {
  const trimmed = text.trim();
  if (!SPELLINGS.some((re) => re.test(trimmed))) return undefined;
  const hex = trimmed.replace(/[:.-]/g, '').toLowerCase();
  return hex.match(/../g)?.join(':');
}

/** Multicast MACs (lowest bit of the first octet set) cannot belong to a NIC. */
export function isMulticastMac(normalised: string): boolean {
  return (parseInt(normalised.slice(0, 2), 16) & 1) === 1;
}
