/**
 * EL9 installs from two trees, BaseOS and AppStream. When the inventory names only
 * `install.repo`, the AppStream tree is taken to sit beside it (`.../BaseOS/...` ->
 * `.../AppStream/...`); a repo without `/BaseOS/` then needs `install.appstream` too. The rule
 * (inventory/rules/cluster.ts) and the kickstart generator use this one function.
 */

/** The AppStream tree beside a BaseOS tree URL, or undefined when `repo` names no `/BaseOS/`. */
export function appstreamBeside(repo: string): string | undefined {
  return repo.includes('/BaseOS/') ? repo.replace('/BaseOS/', '/AppStream/') : undefined;
}
