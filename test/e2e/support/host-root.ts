/**
 * A host's files laid down under a scratch directory instead of `/`: what Ignition would write,
 * with every mode as generated. `inRoot` maps a path on the host to its place under the root; the
 * tests use it to rewrite file paths, and only file paths, in the commands they run.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { IgnitionContent } from './ignition-config.js';

export interface HostRoot {
  root: string;
  inRoot(path: string): string;
  /** Absolute paths of every inline file laid down. */
  files: string[];
}

export async function layDownHost(content: IgnitionContent, root: string): Promise<HostRoot> {
  const inRoot = (path: string): string => {
    if (!path.startsWith('/')) throw new Error(`not an absolute path: ${path}`);
    return join(root, path);
  };
  for (const dir of content.directories) {
    await mkdir(inRoot(dir.path), { recursive: true });
    await chmod(inRoot(dir.path), dir.mode);
  }
  const files: string[] = [];
  for (const file of content.files) {
    if (file.bytes === undefined) continue;
    await mkdir(dirname(inRoot(file.path)), { recursive: true });
    await writeFile(inRoot(file.path), file.bytes);
    await chmod(inRoot(file.path), file.mode);
    files.push(file.path);
  }
  return { root, inRoot, files };
}

/**
 * Rewrites the values of `--flag=value` arguments that are absolute paths to their place under
 * the root, and nothing else: flag names, order, URLs and other values stay as generated.
 */
export function rewriteFlagPaths(argv: readonly string[], host: HostRoot): string[] {
  return argv.map((arg) => {
    const match = /^(--[A-Za-z0-9-]+=)(\/.*)$/.exec(arg);
    return match === null ? arg : `${match[1] ?? ''}${host.inRoot(match[2] ?? '')}`;
  });
}

/**
 * Replaces each of `paths` in a script's text with its place under the root, in one pass (longest
 * path first at each position), so a rewritten path is never rewritten again.
 */
export function rewriteScriptPaths(script: string, paths: readonly string[], host: HostRoot): string {
  if (paths.length === 0) return script;
  const escaped = [...paths]
    .sort((a, b) => b.length - a.length)
    .map((path) => path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return script.replace(new RegExp(escaped.join('|'), 'g'), (path) => host.inRoot(path));
}
