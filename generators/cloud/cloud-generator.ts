/**
 * The `cloud` format: user-data ready for cloud metadata services.
 *
 * On a cloud the NoCloud meta-data (local-hostname) and static network-config do not apply:
 * the platform assigns the address by DHCP and names the instance itself. So the payload is a
 * MIME multipart of two parts: an identity `#cloud-config` (hostname, fqdn) and the host's own
 * user-data. Per target (targets.ts) the payload is sent as is when it fits, gzipped when only
 * that fits; when even gzipped it does not fit, no file is written and the report says why.
 *
 *   hosts/<name>/cloud/user-data.<target>   aws, openstack, azure, gcp
 *   cloud/sizes.json                        per host and target: sizes, limit, encoding, status
 */
import type { HostConfig } from '../../host/host-config.js';
import type { Diagnostic } from '../../inventory/diagnostic.js';
import { deterministicGzip } from '../../encoders/gzip.js';
import type { Generator, GeneratorInput, OutputFile } from '../generator.js';
import { renderMultipart } from './multipart.js';
import {
  CLOUD_TARGETS,
  describeLimit,
  fits,
  valueLength,
  type CloudTarget,
  type CloudTargetId,
} from './targets.js';

export type DeliveryStatus = 'fits' | 'fits-gzipped' | 'too-large';

export interface TargetDelivery {
  status: DeliveryStatus;
  /** The file written for this target, relative to OUT; null when too large. */
  file: string | null;
  encoding: 'plain' | 'gzip';
  /** Bytes the instance receives (the payload, or its gzip). */
  bytes: number;
  /** Length of the value the platform API receives. */
  valueLength: number;
  limit: string;
  error?: string;
}

export interface HostDelivery {
  host: string;
  userDataBytes: number;
  payloadBytes: number;
  gzipBytes: number;
  targets: Record<CloudTargetId, TargetDelivery>;
}

function identityPart(host: HostConfig): string {
  return [
    '#cloud-config',
    `hostname: ${host.hostname}`,
    `fqdn: ${host.fqdn}`,
    'preserve_hostname: false',
    '',
  ].join('\n');
}

function deliver(
  target: CloudTarget,
  host: string,
  payload: Uint8Array,
  gzipped: Uint8Array,
): TargetDelivery {
  const file = `hosts/${host}/cloud/user-data.${target.id}`;
  const limit = describeLimit(target);
  if (fits(target, payload.length, false)) {
    return {
      status: 'fits',
      file,
      encoding: 'plain',
      bytes: payload.length,
      valueLength: valueLength(target, payload.length, false),
      limit,
    };
  }
  const gzLength = valueLength(target, gzipped.length, true);
  if (fits(target, gzipped.length, true)) {
    return {
      status: 'fits-gzipped',
      file,
      encoding: 'gzip',
      bytes: gzipped.length,
      valueLength: gzLength,
      limit,
    };
  }
  return {
    status: 'too-large',
    file: null,
    encoding: 'gzip',
    bytes: gzipped.length,
    valueLength: gzLength,
    limit,
    error: `${host}: user-data for ${target.id} is ${gzipped.length} bytes even gzipped (${gzLength} as sent); the limit is ${limit}`,
  };
}

interface Rendered {
  files: OutputFile[];
  deliveries: HostDelivery[];
}

function renderAll(input: GeneratorInput): Rendered {
  const byPath = new Map(input.produced.map((f) => [f.path, f]));
  const files: OutputFile[] = [];
  const deliveries: HostDelivery[] = [];
  for (const host of input.hosts) {
    const name = host.hostname;
    const userData = byPath.get(`hosts/${name}/user-data`);
    if (userData === undefined)
      throw new Error(`cloud for ${name}: the cloud-init generator produced no user-data`);
    const text =
      typeof userData.content === 'string' ? userData.content : new TextDecoder().decode(userData.content);
    const payload = new TextEncoder().encode(
      renderMultipart([
        { filename: 'bootforge-identity.cfg', content: identityPart(host) },
        { filename: 'user-data', content: text },
      ]),
    );
    const gzipped = deterministicGzip(payload);
    const targets = {} as Record<CloudTargetId, TargetDelivery>;
    for (const target of CLOUD_TARGETS) {
      const delivery = deliver(target, name, payload, gzipped);
      targets[target.id] = delivery;
      if (delivery.file !== null) {
        files.push({
          path: delivery.file,
          content: delivery.encoding === 'gzip' ? gzipped : payload,
          mode: userData.mode,
          host: name,
        });
      }
    }
    deliveries.push({
      host: name,
      userDataBytes: new TextEncoder().encode(text).length,
      payloadBytes: payload.length,
      gzipBytes: gzipped.length,
      targets,
    });
  }
  return { files, deliveries };
}

export function renderCloud(input: GeneratorInput): OutputFile[] {
  const { files, deliveries } = renderAll(input);
  const report = {
    targets: Object.fromEntries(
      CLOUD_TARGETS.map((t) => [t.id, { limit: describeLimit(t), transport: t.transport, usage: t.usage }]),
    ),
    hosts: Object.fromEntries(deliveries.map(({ host, ...rest }) => [host, rest])),
  };
  files.push({ path: 'cloud/sizes.json', content: `${JSON.stringify(report, null, 2)}\n`, mode: 0o644 });
  return files;
}

/** A warning per host and target whose user-data does not fit even gzipped. */
export function cloudDiagnostics(input: GeneratorInput): Diagnostic[] {
  const index = new Map(input.plan.hosts.map((h, i) => [h.name, i]));
  return renderAll(input).deliveries.flatMap((d) =>
    Object.values(d.targets)
      .filter((t) => t.status === 'too-large')
      .map((t) => ({
        code: 'USER_DATA_TOO_LARGE',
        severity: 'warning' as const,
        path: `hosts[${index.get(d.host) ?? 0}]`,
        message: t.error ?? `${d.host}: user-data too large`,
        hint: 'Serve large files from the boot server (remote files with a sha256) instead of inlining them, or deliver this host by seed ISO or PXE.',
      })),
  );
}

export const cloudGenerator: Generator = {
  name: 'cloud',
  needs: ['cloud-init'],
  render: renderCloud,
  diagnose: cloudDiagnostics,
};
