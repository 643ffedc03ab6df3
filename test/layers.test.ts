/**
 * The pipeline reads one way: no folder imports a folder of a later stage. The order is
 * ARCHITECTURE.md's; a new top-level folder must be placed in it (the test says so). Folders of
 * one stage may import each other: validation (inventory/) checks the inventory with the
 * planner's own arithmetic and version table (plan/), so that what it accepts is what plans.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '..');

/** Stages, earlier first; each stage is one or more folders. */
export const STAGES: readonly (readonly string[])[] = [
  ['encoders'],
  ['os'],
  ['inventory', 'plan'],
  ['pki'],
  ['host'],
  ['profiles'],
  ['serving'],
  ['emit'],
  ['generators'],
  ['synth'],
  ['server'],
  ['cli'],
  ['bench'],
];

const LAYERS = STAGES.flat();

const NOT_SOURCE = new Set(['node_modules', 'dist', 'test', 'coverage', 'examples', 'bin', '.git', '.ci']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [full] : [];
  });
}

const folders = readdirSync(repo).filter(
  (name) => !NOT_SOURCE.has(name) && !name.startsWith('.') && statSync(path.join(repo, name)).isDirectory(),
);

function layerOf(file: string): string {
  return path.relative(repo, file).split(path.sep)[0]!;
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((spec) => path.resolve(path.dirname(file), spec));
}

describe('layers', () => {
  it('names every top-level source folder', () => {
    expect(folders.filter((f) => !LAYERS.includes(f))).toEqual([]);
  });

  it('has no import from an earlier stage to a later one', () => {
    const rank = (layer: string): number => STAGES.findIndex((stage) => stage.includes(layer));
    const wrong: string[] = [];
    for (const folder of folders) {
      for (const file of sourceFiles(path.join(repo, folder))) {
        for (const target of imports(file)) {
          const to = layerOf(target);
          if (!LAYERS.includes(to)) continue; // the library entry, package.json
          if (rank(to) > rank(folder))
            wrong.push(`${path.relative(repo, file)} -> ${path.relative(repo, target)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
