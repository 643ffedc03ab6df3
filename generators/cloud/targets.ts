/**
 * Cloud metadata services and how much user-data each accepts. Limits are per instance, as the
 * platform documents them:
 * - aws: EC2 `UserData` "is limited to 16 KB" before base64; the API rejects base64 text longer
 *   than 21,847 characters, so the payload must be at most 16,383 bytes.
 * - openstack: nova takes base64 `user_data` "restricted to 65535 bytes" (the encoded text).
 * - azure: `customData` is base64 decoding to "a binary array ... maximum length 65535 bytes".
 * - gcp: a metadata value is at most 256 KB of text. A gzipped payload travels as base64 with
 *   the instance attribute `user-data-encoding=base64`.
 * cloud-init gunzips user-data itself (by magic bytes); base64 is the transport's business.
 */
import { base64Length } from '../../encoders/gzip.js';
import { CLOUD_PROVIDERS, type CloudProvider } from '../../inventory/model.js';

/** The providers `cloud:<provider>` delivery names (inventory/model.ts); one target each. */
export const CLOUD_TARGET_IDS = CLOUD_PROVIDERS;
export type CloudTargetId = CloudProvider;

export interface CloudTarget {
  id: CloudTargetId;
  /** Largest payload (bytes the instance receives), if the platform limits it. */
  maxBytes?: number;
  /** Largest value the API accepts (characters), if the platform limits it. */
  maxValue?: number;
  /** `base64`: the API always takes base64 of the payload. `text`: plain text, base64 once gzipped. */
  transport: 'base64' | 'text';
  /** How to hand the file to the platform. */
  usage: string;
}

export const CLOUD_TARGETS: readonly CloudTarget[] = [
  {
    id: 'aws',
    maxBytes: 16384,
    maxValue: 21847,
    transport: 'base64',
    usage: 'aws ec2 run-instances --user-data fileb://user-data.aws (the CLI base64-encodes it)',
  },
  {
    id: 'openstack',
    maxValue: 65535,
    transport: 'base64',
    usage: 'openstack server create --user-data user-data.openstack',
  },
  {
    id: 'azure',
    maxBytes: 65535,
    transport: 'base64',
    usage: 'az vm create --custom-data user-data.azure',
  },
  {
    id: 'gcp',
    maxValue: 262144,
    transport: 'text',
    usage:
      'gcloud compute instances create --metadata-from-file user-data=user-data.gcp; when gzipped, pass it base64-encoded with --metadata user-data-encoding=base64',
  },
];

/** The length of the value the API receives for a payload of `bytes` bytes. */
export function valueLength(target: CloudTarget, bytes: number, gzipped: boolean): number {
  return target.transport === 'text' && !gzipped ? bytes : base64Length(bytes);
}

export function fits(target: CloudTarget, bytes: number, gzipped: boolean): boolean {
  if (target.maxBytes !== undefined && bytes > target.maxBytes) return false;
  if (target.maxValue !== undefined && valueLength(target, bytes, gzipped) > target.maxValue) return false;
  return true;
}

/** A human description of the limit, e.g. `16384 bytes and 21847 base64 characters`. */
export function describeLimit(target: CloudTarget): string {
  const parts: string[] = [];
  if (target.maxBytes !== undefined) parts.push(`${target.maxBytes} bytes`);
  if (target.maxValue !== undefined) {
    parts.push(
      `${target.maxValue} ${target.transport === 'base64' ? 'base64 characters' : 'characters of metadata value'}`,
    );
  }
  return parts.join(' and ');
}
