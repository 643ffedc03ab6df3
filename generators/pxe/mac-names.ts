/** The spellings of a MAC address that boot loaders use in file names. */

/** `52:54:00:00:00:11` -> `52-54-00-00-00-11` (iPXE `${mac:hexhyp}`, GRUB, pxelinux). */
export function macHyphen(mac: string): string {
  const normalised = mac.toLowerCase();
  if (!/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(normalised)) throw new Error(`not a normalised MAC: ${mac}`);
  return normalised.replaceAll(':', '-');
}

/** pxelinux and RHEL GRUB prefix the ARP hardware type: `01-52-54-00-00-00-11`. */
export function macWithArpType(mac: string): string {
  return `01-${macHyphen(mac)}`;
}
