/**
 * The `cloud` format: user-data ready for cloud metadata services.
 *
 * On a cloud the NoCloud meta-data (local-hostname) and static network-config do not apply:
 * the platform assigns the address by DHCP and names the instance itself. So the payload is a
 * MIME multipart of two parts: an identity `#cloud-config` (hostname, fqdn) and the host's own
 * user-data. Per target (targets.ts) the payload is sent as is when it fits, gzipped when only
 * that fits; when even gzipped it does not fit, no file is written and the report says why.
 *
 *   hosts/<name>/cloud/user-data.<target>   per `cloud:<target>` in the host's delivery (aws, openstack, azure, gcp)
 *   cloud/sizes.json                        per host and target: sizes, limit, encoding, status
 * Only the targets a host is delivered to are rendered, and only their limits are checked.
 */
import type { HostConfig } from '../../host/host-config.js';
import { cloudProviders, deliveryPath } from '../../plan/delivery.js';
import type { Diagnostic } from '../../inventory/diagnostic.js';
import { deterministicGzip, GZIP_LEVEL_FAST, GZIP_LEVEL_SMALLEST } from '../../encoders/gzip.js';
import type { HostContext } from '../context.js';
import type { Generator, HostRender, OutputFile, SiteInput } from '../generator.js';
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
  /** The host's cloud targets only. */
  targets: Partial<Record<CloudTargetId, TargetDelivery>>;
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

/** One host's cloud payloads, the files that fit, and the warnings for those that do not. */
export function renderCloudHost(ctx: HostContext): HostRender {
  const name = ctx.host.name;
  const text = ctx.cloudInit.userData;
  const payload = new TextEncoder().encode(
    renderMultipart([
      { filename: 'bootforge-identity.cfg', content: identityPart(ctx.config) },
      { filename: 'user-data', content: text },
    ]),
  );
  // gzip -6 first; -9 only when some target takes neither the payload nor its -6 gzip.
  const wanted = new Set(cloudProviders(ctx.host));
  const hostTargets = CLOUD_TARGETS.filter((t) => wanted.has(t.id));
  let gzipped = deterministicGzip(payload, GZIP_LEVEL_FAST);
  const misses = (gz: Uint8Array): boolean =>
    hostTargets.some((t) => !fits(t, payload.length, false) && !fits(t, gz.length, true));
  if (misses(gzipped)) gzipped = deterministicGzip(payload, GZIP_LEVEL_SMALLEST);
  const files: OutputFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const targets: Partial<Record<CloudTargetId, TargetDelivery>> = {};
  for (const target of hostTargets) {
    const delivery = deliver(target, name, payload, gzipped);
    targets[target.id] = delivery;
    if (delivery.file !== null) {
      files.push({
        path: delivery.file,
        content: delivery.encoding === 'gzip' ? gzipped : payload,
        mode: ctx.mode,
        host: name,
      });
    } else {
      diagnostics.push({
        code: 'USER_DATA_TOO_LARGE',
        severity: 'warning',
        path: deliveryPath(ctx.plan, ctx.index, `cloud:${target.id}`),
        message: delivery.error ?? `${name}: user-data too large`,
        hint: 'Serve large files from the boot server (remote files with a sha256) instead of inlining them, or deliver this host by seed ISO or PXE.',
      });
    }
  }
  const summary: Omit<HostDelivery, 'host'> = {
    userDataBytes: new TextEncoder().encode(text).length,
    payloadBytes: payload.length,
    gzipBytes: gzipped.length,
    targets,
  };
  return { files, diagnostics, summary };
}

export const SIZES_PATH = 'cloud/sizes.json';

function previousSizes(input: SiteInput): Record<string, unknown> {
  const bytes = input.previous(SIZES_PATH);
  if (bytes === undefined) return {};
  const report = JSON.parse(Buffer.from(bytes).toString('utf8')) as { hosts?: Record<string, unknown> };
  return report.hosts ?? {};
}

/**
 * cloud/sizes.json: per host and target, the sizes, limit, encoding and status. A partial run
 * (--hosts) keeps the entries of the hosts it did not render from the previous OUT.
 */
export function renderSizes(input: SiteInput): OutputFile {
  const earlier = input.summaries.size < input.plan.hosts.length ? previousSizes(input) : {};
  const hosts: Record<string, unknown> = {};
  for (const host of input.plan.hosts) {
    if (cloudProviders(host).length === 0) continue;
    const entry = input.summaries.get(host.name) ?? earlier[host.name];
    if (entry !== undefined) hosts[host.name] = entry;
  }
  // The targets some host is delivered to.
  const used = new Set(input.plan.hosts.flatMap((h) => cloudProviders(h)));
  const report = {
    targets: Object.fromEntries(
      CLOUD_TARGETS.filter((t) => used.has(t.id)).map((t) => [
        t.id,
        { limit: describeLimit(t), transport: t.transport, usage: t.usage },
      ]),
    ),
    hosts,
  };
  return { path: SIZES_PATH, content: `${JSON.stringify(report, null, 2)}\n`, mode: 0o644 };
}

export const cloudGenerator: Generator = {
  name: 'cloud',
  delivery: 'cloud',
  needs: ['cloud-init'],
  host: renderCloudHost,
  site: (input) => ({ files: [renderSizes(input)] }),
};
