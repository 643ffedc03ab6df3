/**
 * Merging component contributions into one HostConfig body.
 *
 * Layers merge in one fixed order: the built-in profiles (with the user's template overrides
 * already applied when they were rendered), then the host's user profiles. Within a layer, two
 * components may bring the same file, directory or unit only with identical content (a host with
 * [etcd, master, node] gets each once); a difference is a conflict. A later layer replaces
 * entries by path or unit name.
 */
import type { HostConfig, HostFile, PackageRepo, SystemdUnit, UserAccount } from '../host/host-config.js';
import { ProfileError } from './errors.js';
import type { Contribution, FirewallPort, OrderedStep } from './model.js';

type Directory = HostConfig['directories'][number];

export interface Composed {
  files: HostFile[];
  directories: Directory[];
  units: SystemdUnit[];
  packages: string[];
  repositories: PackageRepo[];
  users: UserAccount[];
  steps: OrderedStep[];
  firewallPorts: FirewallPort[];
  kernelModules: string[];
}

/** Keyed entries with their origin, for conflict messages and layer replacement. */
class Keyed<T> {
  private readonly entries = new Map<string, { value: T; source: string; layer: number }>();
  constructor(
    private readonly kind: string,
    private readonly same: (a: T, b: T) => boolean,
  ) {}

  /** `at`: the inventory path of the contribution bringing `value` (a conflict points there). */
  put(key: string, value: T, source: string, layer: number, host: string, at: string): void {
    const prev = this.entries.get(key);
    if (prev && prev.layer === layer && !this.same(prev.value, value)) {
      throw new ProfileError(
        'PROFILE_CONFLICT',
        `${this.kind} ${key} on ${host} comes from both ${prev.source} and ${source} with different contents`,
        at,
        'Two profiles of the same layer may only bring identical copies; move one into a host profile to override.',
      );
    }
    if (!prev || layer >= prev.layer) this.entries.set(key, { value, source, layer });
  }

  get(key: string): T | undefined {
    return this.entries.get(key)?.value;
  }

  values(): T[] {
    return [...this.entries.values()].map((e) => e.value);
  }
}

const stable = (value: unknown): string => JSON.stringify(value);
const sameJson = <T>(a: T, b: T): boolean => stable(a) === stable(b);

/**
 * Merge contributions; `layers[i]` holds the contributions of layer i (0 = built-in). `pathOf`
 * names the inventory value that selected a contribution (e.g. `hosts[2].profiles[1]`): a
 * conflict is reported there.
 */
export function compose(
  layers: readonly (readonly Contribution[])[],
  host: string,
  pathOf: (layer: number, position: number) => string,
): Composed {
  const files = new Keyed<HostFile>('file', sameJson);
  const directories = new Keyed<Directory>('directory', sameJson);
  const units = new Keyed<SystemdUnit>(
    'unit',
    (a, b) => a.contents === b.contents || a.contents === undefined || b.contents === undefined,
  );
  const repos = new Keyed<PackageRepo>('repository', sameJson);
  const steps = new Map<string, OrderedStep>();
  const users = new Map<string, UserAccount>();
  const packages = new Set<string>();
  const ports = new Set<FirewallPort>();
  const modules: string[] = [];

  layers.forEach((layer, index) => {
    layer.forEach((c, position) => {
      const at = pathOf(index, position);
      for (const f of c.files ?? []) files.put(f.path, f, c.source, index, host, at);
      for (const d of c.directories ?? []) directories.put(d.path, d, c.source, index, host, at);
      for (const r of c.repositories ?? []) repos.put(r.id, r, c.source, index, host, at);
      for (const u of c.units ?? []) {
        const prev = units.get(u.name);
        units.put(u.name, mergeUnit(prev, u, index), c.source, index, host, at);
      }
      for (const d of c.dropins ?? []) {
        const prev = units.get(d.unit) ?? { name: d.unit, enabled: false, dropins: [] };
        const next: SystemdUnit = {
          ...prev,
          dropins: [...prev.dropins.filter((x) => x.name !== d.name), { name: d.name, contents: d.contents }],
        };
        units.put(d.unit, next, c.source, index, host, at);
      }
      for (const p of c.packages ?? []) packages.add(p);
      for (const p of c.firewallPorts ?? []) ports.add(p);
      for (const m of c.kernelModules ?? []) if (!modules.includes(m)) modules.push(m);
      for (const s of c.steps ?? []) steps.set(s.unit, s);
      for (const u of c.users ?? []) users.set(u.name, mergeUser(users.get(u.name), u));
    });
  });

  return {
    files: files.values(),
    directories: directories.values(),
    units: units.values(),
    packages: [...packages],
    repositories: repos.values(),
    users: [...users.values()],
    steps: [...steps.values()],
    firewallPorts: [...ports],
    kernelModules: modules,
  };
}

/** Same unit from two components: keep the contents (one may be a packaged unit) and join drop-ins. */
function mergeUnit(prev: SystemdUnit | undefined, next: SystemdUnit, layer: number): SystemdUnit {
  if (!prev) return { ...next, dropins: [...next.dropins] };
  const dropins = [...prev.dropins];
  for (const d of next.dropins) {
    const i = dropins.findIndex((x) => x.name === d.name);
    if (i >= 0) dropins[i] = d;
    else dropins.push(d);
  }
  const contents = next.contents ?? prev.contents;
  const merged: SystemdUnit = {
    name: next.name,
    enabled: layer > 0 ? next.enabled : prev.enabled || next.enabled,
    dropins,
  };
  if (contents !== undefined) merged.contents = contents;
  return merged;
}

function mergeUser(prev: UserAccount | undefined, next: UserAccount): UserAccount {
  if (!prev) return { ...next, sshAuthorizedKeys: [...next.sshAuthorizedKeys], groups: [...next.groups] };
  return {
    ...prev,
    ...next,
    sshAuthorizedKeys: [...new Set([...prev.sshAuthorizedKeys, ...next.sshAuthorizedKeys])],
    groups: [...new Set([...prev.groups, ...next.groups])],
  };
}
