/**
 * Every OS family, once: the one list of OS ids (inventory/model.ts re-exports it; the schema's
 * enum and its did-you-mean hints read it). Adding a family is one module beside this file and
 * one line here.
 */
import { centos7 } from './centos7.js';
import { debian12 } from './debian12.js';
import { el9 } from './el9.js';
import { flatcar } from './flatcar.js';
import { ubuntu2404 } from './ubuntu2404.js';
import type { OsFamily } from './family.js';

export const OS_FAMILIES = {
  centos7,
  el9,
  debian12,
  ubuntu2404,
  flatcar,
} as const satisfies Readonly<Record<string, OsFamily>>;

/** An inventory's `cluster.os`. */
export type OsId = keyof typeof OS_FAMILIES;

/** In registry order. */
export const OS_IDS: readonly OsId[] = Object.keys(OS_FAMILIES) as OsId[];

export function osFamily(id: OsId): OsFamily {
  return OS_FAMILIES[id];
}
