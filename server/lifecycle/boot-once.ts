/**
 * Boot once: the file handler's substitute (server/handlers/file.ts) for a host whose replica
 * state says `bootLocal`: its per-MAC iPXE scripts, GRUB and pxelinux entries, however they are
 * looked up (/pxe/ipxe/<mac>.ipxe, /mac/<mac>/ipxe, ?mac=, ?host=, /self/ipxe, the GRUB and
 * pxelinux paths), become the local-disk entry of serving/local-boot.ts. Synchronous: it reads
 * the replica, never waits for the writer.
 */
import { bootEntryKind, localBootEntry } from '../../serving/local-boot.js';
import { makeServedFile, type HostEntry, type ServedFile } from '../snapshot.js';
import type { HostLifecycle } from './host-state.js';

export function bootOnce(
  stateOf: (host: string) => HostLifecycle | undefined,
): (file: ServedFile, host: HostEntry | undefined) => ServedFile | undefined {
  const made = new Map<string, ServedFile>();
  return (file) => {
    const owner = file.host;
    // The host's state first: one map lookup, false for every host still installing.
    if (owner === undefined || file.synthetic || stateOf(owner)?.bootLocal !== true) return undefined;
    const kind = bootEntryKind(file.path);
    if (kind === undefined) return undefined;
    const key = `${owner}\0${file.path}`;
    let local = made.get(key);
    if (local === undefined) {
      local = makeServedFile(file.path, Buffer.from(localBootEntry(kind, owner)), {
        host: owner,
        secret: false,
      });
      made.set(key, local);
    }
    return local;
  };
}
