/**
 * --one-shot as shared state: the ledger of secret files already handed out lives with the one
 * writer, so that with several workers a secret is still served once in all. A serving process
 * claims before it sends (check and claim are one step at the writer) and releases a claim whose
 * transfer was cut short.
 */
import { OneShotLedger, type Claim } from '../secret-policy.js';
import type { Json, StatePart } from './channel.js';

export interface OneShot {
  /** True when this process may send the file; false when it was served already. */
  claim(claim: Claim): Promise<boolean>;
  /** The transfer did not complete: the file may be asked for again. */
  release(claim: Claim): void;
  /** Re-arms one host, or all; resolves with how many claims were cleared. */
  rearm(host?: string): Promise<number>;
}

function asClaim(body: Json): Claim {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('expected a claim');
  const { host, key } = body;
  if (typeof host !== 'string' || typeof key !== 'string') throw new Error('expected a claim');
  return { host, key };
}

export function oneShotPart(): StatePart<OneShot> {
  const ledger = new OneShotLedger();
  return {
    name: 'one-shot',
    writer(writer) {
      writer.handle('one-shot.claim', (body) => {
        const { host, key } = asClaim(body);
        return ledger.claim(host, key);
      });
      writer.handle('one-shot.release', (body) => {
        const { host, key } = asClaim(body);
        ledger.release(host, key);
        return null;
      });
      writer.handle('one-shot.rearm', (body) => ledger.rearm(typeof body === 'string' ? body : undefined));
    },
    reader(client) {
      return {
        claim: async ({ host, key }) => (await client.call('one-shot.claim', { host, key })) === true,
        release: ({ host, key }) =>
          void client.call('one-shot.release', { host, key }).catch(() => undefined),
        rearm: async (host) => Number(await client.call('one-shot.rearm', host ?? null)),
      };
    },
  };
}
