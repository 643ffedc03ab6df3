/**
 * serving/ is the one serving policy both `bootforge serve` and the nginx generator read: a pure
 * leaf. It may import only earlier layers (encoders, inventory, plan, pki, host, os, profiles) and
 * itself: never server/, generators/, emit/, output/ or synth/, and no I/O module.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../serving');
const EARLIER = ['encoders', 'inventory', 'plan', 'pki', 'host', 'os', 'profiles'];

describe('serving/', () => {
  it('imports only itself and earlier layers, and does no I/O', () => {
    const files = readdirSync(root).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const [, spec = ''] of text.matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)) {
        const allowed = spec.startsWith('./') || EARLIER.some((layer) => spec.startsWith(`../${layer}/`));
        expect(allowed, `${file} imports ${spec}`).toBe(true);
      }
    }
  });
});
