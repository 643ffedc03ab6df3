/**
 * Every OS family, once. Adding a family is one module beside this file and one line here (and its
 * id in inventory/model.ts OS_IDS, which the schema's enum reads).
 */
import type { OsId } from '../inventory/model.js';
import { centos7 } from './centos7.js';
import { debian12 } from './debian12.js';
import { el9 } from './el9.js';
import { ubuntu2404 } from './ubuntu2404.js';
import type { OsFamily } from './family.js';

export const OS_FAMILIES: Readonly<Record<OsId, OsFamily>> = {
  centos7,
  el9,
  debian12,
  ubuntu2404,
};

export function osFamily(id: OsId): OsFamily {
  return OS_FAMILIES[id];
}
