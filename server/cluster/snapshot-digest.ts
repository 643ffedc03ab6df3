/**
 * What a snapshot holds, as one hash: every file's path, sha256, owner and secret flag, and every
 * host's entry. Two workers that loaded OUT at slightly different moments compare digests to know
 * they serve the same version (a file's bytes are checked against its sha256 when loaded).
 */
import { createHash } from 'node:crypto';
import { compareStrings } from '../../encoders/order.js';
import type { Snapshot } from '../snapshot.js';

export function snapshotDigest(snapshot: Snapshot): string {
  const hash = createHash('sha256');
  const paths = [...snapshot.files.keys()].sort(compareStrings);
  for (const path of paths) {
    const file = snapshot.files.get(path);
    if (file === undefined) continue;
    hash.update(`${path}\0${file.sha256}\0${file.host ?? ''}\0${file.secret ? 1 : 0}\n`);
  }
  const names = [...snapshot.hosts.keys()].sort(compareStrings);
  for (const name of names) hash.update(`${JSON.stringify(snapshot.hosts.get(name))}\n`);
  return hash.digest('hex');
}
