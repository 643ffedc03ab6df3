/**
 * Real consumers of the generator output (cloud-init, ignition-validate, shellcheck) and the shared
 * reference data (../shared). Missing: a visible skip locally, a failure with CI=true.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const inCI = process.env.CI === 'true';
const found = new Map<string, boolean>();

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SHARED_DIR = path.resolve(REPO_ROOT, '../shared');

function missing(what: string): false {
  if (inCI) throw new Error(`${what} is required in CI but is missing`);
  console.warn(`NOTE: ${what} is missing; the tests that need it are skipped`);
  return false;
}

export function hasTool(name: string): boolean {
  let ok = found.get(name);
  if (ok === undefined) {
    ok =
      spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0 ||
      missing(`tool ${name}`);
    found.set(name, ok);
  }
  return ok;
}

export function hasShared(file: string): boolean {
  const key = `shared:${file}`;
  let ok = found.get(key);
  if (ok === undefined) {
    ok = existsSync(path.join(SHARED_DIR, file)) || missing(`../shared/${file}`);
    found.set(key, ok);
  }
  return ok;
}

export function readShared(file: string): string {
  return readFileSync(path.join(SHARED_DIR, file), 'utf8');
}

export function run(
  command: string,
  args: readonly string[],
  options: { input?: string; env?: NodeJS.ProcessEnv } = {},
): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { encoding: 'utf8', input: options.input, env: options.env });
  if (result.error) throw result.error;
  return result;
}

/** shellcheck a script given as text; returns its findings ('' when clean). */
export function shellcheck(script: string, shell: 'sh' | 'bash'): { status: number | null; output: string } {
  const result = run('shellcheck', ['--shell', shell, '--format', 'gcc', '-'], { input: script });
  return { status: result.status, output: result.stdout + result.stderr };
}
