/** Owners default to root:root in every format; these helpers apply that default in one place. */

export interface Owned {
  user?: string;
  group?: string;
}

export interface Owner {
  user: string;
  group: string;
}

export const ROOT_OWNER: Owner = { user: 'root', group: 'root' };

export function ownerOf(item: Owned): Owner {
  return { user: item.user ?? ROOT_OWNER.user, group: item.group ?? ROOT_OWNER.group };
}

export function isRootOwned(item: Owned): boolean {
  const owner = ownerOf(item);
  return owner.user === ROOT_OWNER.user && owner.group === ROOT_OWNER.group;
}
