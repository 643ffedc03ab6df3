/**
 * The provenance the CLI stamps on rendered text files (synth/provenance.ts): the inventory's
 * base name, so OUT is byte-identical wherever the inventory lives, and bootforge's version.
 */
import { basename } from 'node:path';
import type { Provenance } from '../synth/provenance.js';
import { packageVersion } from './version.js';

export function provenanceOf(inventoryFile: string): Provenance {
  return { inventory: basename(inventoryFile), version: packageVersion() };
}
