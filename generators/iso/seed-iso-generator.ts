/**
 * The `iso` format: `hosts/<name>/seed.iso`, a NoCloud seed image (label `cidata`) holding the
 * cloud-init files the `cloud-init` generator produced for the host, under their real names.
 * Written by our own ISO 9660 writer (encoders/iso/), byte-identical for the same input.
 */
import { buildIso } from '../../encoders/iso/write-iso.js';
import type { Generator, GeneratorInput, OutputFile } from '../generator.js';
import { isSecretMode, toBytes } from '../../emit/manifest.js';

export const SEED_LABEL = 'cidata';
/** NoCloud reads these from the seed's root; user-data and meta-data are both required. */
const REQUIRED = ['user-data', 'meta-data'] as const;
const OPTIONAL = ['network-config', 'vendor-data'] as const;

export function renderSeedIso(input: GeneratorInput): OutputFile[] {
  const byPath = new Map(input.produced.map((f) => [f.path, f]));
  return input.hosts.map((host) => {
    const dir = `hosts/${host.hostname}`;
    const members: OutputFile[] = [];
    for (const name of REQUIRED) {
      const file = byPath.get(`${dir}/${name}`);
      if (file === undefined) {
        throw new Error(`seed ISO for ${host.hostname}: the cloud-init generator produced no ${dir}/${name}`);
      }
      members.push(file);
    }
    for (const name of OPTIONAL) {
      const file = byPath.get(`${dir}/${name}`);
      if (file !== undefined) members.push(file);
    }
    const image = buildIso({
      volumeId: SEED_LABEL,
      files: members.map((f) => ({
        name: f.path.slice(dir.length + 1),
        content: toBytes(f.content),
        mode: f.mode,
      })),
    });
    return {
      path: `${dir}/seed.iso`,
      content: image,
      mode: members.some((f) => isSecretMode(f.mode)) ? 0o600 : 0o644,
      host: host.hostname,
    };
  });
}

export const seedIsoGenerator: Generator = {
  name: 'iso',
  needs: ['cloud-init'],
  render: renderSeedIso,
};
