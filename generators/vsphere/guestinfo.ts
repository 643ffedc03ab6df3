/**
 * cloud-init's VMware datasource reads `guestinfo.metadata`, `guestinfo.userdata` (and their
 * `.encoding`: `base64` or `gzip+base64`) from the VM's extraConfig. The network configuration
 * goes INSIDE meta-data as `network` + `network.encoding`; there is no separate key.
 * Meta-data is written as JSON (also valid YAML): some releases of the CentOS 7 add-on
 * (cloud-init-vmware-guestinfo) parsed it with a JSON parser.
 * Each value is base64 or gzip+base64, whichever is shorter; VMX values must be one line.
 */
import {
  base64Length,
  deterministicGzip,
  GZIP_LEVEL_FAST,
  GZIP_LEVEL_SMALLEST,
} from '../../encoders/gzip.js';

/** vSphere refuses (or truncates) a single guestinfo value above 64 KiB. */
export const GUESTINFO_VALUE_LIMIT = 64 * 1024;

export type GuestinfoEncoding = 'base64' | 'gzip+base64';

export interface EncodedValue {
  value: string;
  encoding: GuestinfoEncoding;
}

export interface Guestinfo {
  metadata: EncodedValue;
  userdata: EncodedValue;
}

/**
 * base64 or gzip+base64, whichever is shorter. gzip -6 first; -9 only when -6 leaves the value
 * over the 64 KiB limit (the same bytes give the same choice, so output stays deterministic).
 */
export function encodeValue(data: Uint8Array): EncodedValue {
  let gzipped = deterministicGzip(data, GZIP_LEVEL_FAST);
  if (base64Length(gzipped.length) > GUESTINFO_VALUE_LIMIT)
    gzipped = deterministicGzip(data, GZIP_LEVEL_SMALLEST);
  if (base64Length(gzipped.length) < base64Length(data.length)) {
    return { value: Buffer.from(gzipped).toString('base64'), encoding: 'gzip+base64' };
  }
  return { value: Buffer.from(data).toString('base64'), encoding: 'base64' };
}

/** vSphere's meta-data: NoCloud's identity plus the network config, encoded, inside it. */
export function vsphereMetaData(
  identity: { instanceId: string; localHostname: string },
  networkConfig: Uint8Array | undefined,
): string {
  const doc: Record<string, string> = {
    'instance-id': identity.instanceId,
    'local-hostname': identity.localHostname,
  };
  if (networkConfig !== undefined) {
    const network = encodeValue(networkConfig);
    doc['network'] = network.value;
    doc['network.encoding'] = network.encoding;
  }
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function buildGuestinfo(metaData: string, userData: Uint8Array): Guestinfo {
  return { metadata: encodeValue(new TextEncoder().encode(metaData)), userdata: encodeValue(userData) };
}

/** The extraConfig keys and values, in a fixed order. */
export function extraConfig(info: Guestinfo): [string, string][] {
  return [
    ['guestinfo.metadata', info.metadata.value],
    ['guestinfo.metadata.encoding', info.metadata.encoding],
    ['guestinfo.userdata', info.userdata.value],
    ['guestinfo.userdata.encoding', info.userdata.encoding],
  ];
}

/** Keys whose value is over GUESTINFO_VALUE_LIMIT, with their length. */
export function oversizedValues(info: Guestinfo): { key: string; length: number }[] {
  return extraConfig(info)
    .filter(([, value]) => value.length > GUESTINFO_VALUE_LIMIT)
    .map(([key, value]) => ({ key, length: value.length }));
}
