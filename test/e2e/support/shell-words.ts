/**
 * Shell lines split into words by bash itself, for generated lines a test must take apart (cloud-init
 * runcmd, kickstart commands, which pykickstart splits with shlex: the same rules for what we write).
 */
import { runChecked } from './run-process.js';

/** Each shell line as its words, parsed by bash (`eval "words=( $line )"`: expansion, no execution). */
export async function shellWords(lines: readonly string[]): Promise<string[][]> {
  if (lines.length === 0) return [];
  const script =
    'while IFS= read -r -d "" line; do eval "words=( $line )"; printf "%s\\037" "${words[@]}"; printf "\\036"; done';
  const result = await runChecked('bash', ['-c', script], { input: lines.map((l) => `${l}\0`).join('') });
  return result.stdout
    .split('\x1e')
    .slice(0, -1)
    .map((record) => record.split('\x1f').slice(0, -1));
}
