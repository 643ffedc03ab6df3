/** Where the e2e tests find the repository, its built CLI and their cache of downloaded and built files. */
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));

export const repoRoot = resolve(here, '../../..');
export const supportDir = here;
export const fixturesDir = resolve(here, '../fixtures');
/** The launcher `npm run test:e2e` builds before running (bin/bootforge.js -> dist/). */
export const bootforgeBin = resolve(repoRoot, 'bin/bootforge.js');
/** Kernel, initramfs and scratch space; gitignored (test/e2e/.gitignore), rebuilt from scratch in CI. */
export const cacheDir = resolve(here, '../.cache');
