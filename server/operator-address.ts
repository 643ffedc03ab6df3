/**
 * Who may read the operator pages (/status, /ui): the machine itself (127.0.0.1, ::1) and the
 * networks given with `--admin-allow CIDR`, but never a booting host (an inventory address),
 * even inside an allowed network: a host has no business reading the others' state.
 */
import { BlockList, isIP } from 'node:net';
import { normalizeAddress } from '../serving/secret-owner.js';
import { isAdminAddress } from './address.js';

export interface OperatorAccess {
  /** Why `remote` may not read the operator pages, or undefined when it may. */
  refusal(remote: string, isInventoryHost: (address: string) => boolean): string | undefined;
}

/** `10.0.0.0/24`, `fd00::/64`, or one address; throws with the reason when it is none of them. */
export function parseCidr(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } {
  const [address = '', prefixText, ...rest] = text.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) throw new Error(`'${text}' is not an address or CIDR`);
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > max ||
    (prefixText !== undefined && !/^\d+$/.test(prefixText))
  )
    throw new Error(`'${text}': the prefix length must be 0..${max}`);
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

export function operatorAccess(allow: readonly string[]): OperatorAccess {
  const list = new BlockList();
  for (const cidr of allow) {
    const { address, prefix, family } = parseCidr(cidr);
    list.addSubnet(address, prefix, family);
  }
  const shown = ['127.0.0.1', '::1', ...allow].join(', ');
  return {
    refusal(remote, isInventoryHost) {
      const address = normalizeAddress(remote);
      if (isInventoryHost(address))
        return `operator pages are not served to booting hosts (${address} is an inventory host)`;
      if (isAdminAddress(address)) return undefined;
      const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (isIP(address) !== 0 && list.check(address, family)) return undefined;
      return `operator pages answer ${shown} only (serve --admin-allow CIDR adds networks)`;
    },
  };
}
