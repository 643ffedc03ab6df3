/** Helpers for the profile tests: real tools (visible skip locally, failure in CI) and a host root. */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { HostConfig, InlineFile } from '../../host/host-config.js';
import { isRemote } from '../../host/host-config.js';
import { resolveArtifacts } from '../../profiles/artifacts.js';
import type { ClusterPlan, HostPlan } from '../../plan/model.js';
import { hostArtifacts, hostComponents } from '../../profiles/roles.js';

const known = new Map<string, boolean>();

/** Is `name` installed? Missing: a visible note locally, an exception when CI=true. */
export function hasTool(name: string): boolean {
  let ok = known.get(name);
  if (ok === undefined) {
    ok = spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
    if (!ok) {
      if (process.env.CI === 'true') throw new Error(`${name} is required in CI but is not installed`);
      console.warn(`NOTE: ${name} is not installed; the profile tests that need it are skipped`);
    }
    known.set(name, ok);
  }
  return ok;
}

export function run(command: string, args: readonly string[], input?: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { encoding: 'utf8', input });
  if (result.error) throw result.error;
  return result;
}

export function inlineFiles(config: HostConfig): InlineFile[] {
  return config.files.filter((f): f is InlineFile => !isRemote(f));
}

/** Every script the profiles write (inline files starting with a shebang). */
export function scripts(config: HostConfig): InlineFile[] {
  return inlineFiles(config).filter((f) => f.content.startsWith('#!'));
}

export function file(config: HostConfig, p: string): InlineFile {
  const f = inlineFiles(config).find((x) => x.path === p);
  if (!f) throw new Error(`${config.hostname} has no inline file ${p}`);
  return f;
}

export function unitText(config: HostConfig, name: string): string {
  const u = config.units.find((x) => x.name === name);
  if (!u?.contents) throw new Error(`${config.hostname} has no unit ${name} with contents`);
  return u.contents;
}

/** Units the host's packages ship (package name prefix -> unit), stubbed as if installed. */
const PACKAGED_UNITS: [string, string, string][] = [
  ['docker-ce-', 'docker.service', '[Service]\nExecStart=/usr/bin/dockerd -H fd://\n'],
  ['containerd.io-', 'containerd.service', '[Service]\nExecStart=/usr/bin/containerd\n'],
  ['chrony', 'chronyd.service', '[Service]\nExecStart=/usr/sbin/chronyd\n'],
  ['firewalld', 'firewalld.service', '[Service]\nExecStart=/usr/sbin/firewalld --nofork\n'],
];

/** Binaries that packages (or the minimal OS) provide, as opposed to downloaded artifacts. */
const PACKAGED_BINARIES = [
  '/usr/bin/dockerd',
  '/usr/bin/containerd',
  '/usr/sbin/chronyd',
  '/usr/sbin/firewalld',
  '/bin/kill',
  '/bin/sh',
];

/**
 * A root directory for `systemd-analyze verify --root`: the host's files and units, the system's
 * own units, and stub executables for exactly what the host installs later (downloaded artifacts
 * and package binaries), so a command the host never gets still fails verification.
 */
export function writeHostRoot(root: string, plan: ClusterPlan, host: HostPlan, config: HostConfig): string[] {
  mkdirSync(path.join(root, 'usr/lib/systemd'), { recursive: true });
  for (const dir of ['/usr/lib/systemd/system', '/lib/systemd/system']) {
    if (existsSync(dir)) {
      cpSync(dir, path.join(root, 'usr/lib/systemd/system'), { recursive: true, dereference: false });
      break;
    }
  }
  const put = (p: string, content: string, mode: number): void => {
    const target = path.join(root, p);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
    chmodSync(target, mode);
  };
  for (const f of inlineFiles(config)) put(f.path, f.content, f.mode);
  const stub = '#!/bin/sh\nexit 0\n';
  const artifacts = resolveArtifacts(plan, hostArtifacts(plan, hostComponents(plan, host)));
  for (const a of artifacts) for (const i of a.installs) put(i.to, stub, i.mode);
  for (const b of PACKAGED_BINARIES) put(b, stub, 0o755);
  for (const [pkg, name, contents] of PACKAGED_UNITS) {
    if (config.packages.some((p) => p.startsWith(pkg)))
      put(`/usr/lib/systemd/system/${name}`, contents, 0o644);
  }
  for (const u of config.units) {
    if (u.contents !== undefined) put(`/etc/systemd/system/${u.name}`, u.contents, 0o644);
    for (const d of u.dropins) put(`/etc/systemd/system/${u.name}.d/${d.name}`, d.contents, 0o644);
  }
  return config.units.map((u) => u.name);
}
