/**
 * The `iso` format: `hosts/<name>/seed.iso`, a NoCloud seed image (label `cidata`) holding the
 * host's cloud-init documents under their real names (user-data and meta-data are both
 * required by NoCloud; network-config too, as the host's static address lives there).
 * Written by our own ISO 9660 writer (encoders/iso/), byte-identical for the same input.
 */
import { buildIso } from '../../encoders/iso/write-iso.js';
import type { HostContext } from '../context.js';
import type { Generator, OutputFile } from '../generator.js';
import { hostOutputPath } from '../shared/output-paths.js';

export const SEED_LABEL = 'cidata';

export function renderSeedIso(ctx: HostContext): OutputFile {
  const docs = ctx.cloudInit;
  const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');
  const image = buildIso({
    volumeId: SEED_LABEL,
    files: [
      { name: 'user-data', content: utf8(docs.userData), mode: ctx.mode },
      { name: 'meta-data', content: utf8(docs.metaData), mode: 0o644 },
      { name: 'network-config', content: utf8(docs.networkConfig), mode: 0o644 },
    ],
  });
  return {
    path: hostOutputPath(ctx.host.name, 'seed.iso'),
    content: image,
    mode: ctx.mode,
    host: ctx.host.name,
  };
}

export const seedIsoGenerator: Generator = {
  name: 'iso',
  delivery: 'iso',
  needs: ['cloud-init'],
  host: (ctx) => ({ files: [renderSeedIso(ctx)] }),
};
