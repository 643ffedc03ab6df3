/**
 * User profiles: a directory named in the inventory (`cluster.profilesDir`) that adds profiles and
 * overrides built-in templates without forking.
 *
 *   <dir>/templates/<path>.hbs   replaces the built-in template with the same relative path
 *                                (e.g. templates/etcd/etcd.service.hbs); other paths are templates
 *                                for the user's own profiles.
 *   <dir>/profiles/<name>.yaml   a profile a host selects with `profiles: [<name>]`:
 *
 *     packages: [htop]
 *     files:
 *       - { path: /etc/motd, mode: 0644, template: site/motd.hbs }     # or content: "..."
 *     units:
 *       - { name: site-agent.service, template: site/agent.service.hbs, enabled: true }
 *     dropins:
 *       - { unit: kubelet.service, name: 50-site.conf, content: "[Service]\nCPUAffinity=1-3\n" }
 *     steps:
 *       - { unit: site-agent.service, description: Start the site agent }
 *
 * User templates see `host` (name, ip, roles, labels) and `cluster` (name, os, runtime,
 * kubernetesVersion, labels). `loadUserProfiles` is the only part that reads the disk.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml } from '../inventory/parse-yaml.js';
import { parsePath } from '../inventory/path.js';
import type { HostFile } from '../host/host-config.js';
import { ProfileError } from './errors.js';
import { STEP_ORDER, type Contribution, type ProfileContext } from './model.js';
import { readTemplateDir } from './templates.js';

export interface UserProfileFile {
  path: string;
  mode: number;
  secret: boolean;
  user?: string;
  group?: string;
  /** Exactly one of template (path under <dir>/templates) and content. */
  template?: string;
  content?: string;
}

export interface UserProfileUnit {
  name: string;
  enabled: boolean;
  template?: string;
  content?: string;
}

export interface UserProfileDropin {
  unit: string;
  name: string;
  template?: string;
  content?: string;
}

export interface UserProfile {
  name: string;
  /** The file it came from, for messages. */
  file: string;
  packages: string[];
  files: UserProfileFile[];
  units: UserProfileUnit[];
  dropins: UserProfileDropin[];
  steps: { unit: string; description: string }[];
}

export interface UserProfiles {
  dir: string;
  /** Every template under <dir>/templates, by relative path (overrides and the user's own). */
  templates: ReadonlyMap<string, string>;
  profiles: ReadonlyMap<string, UserProfile>;
}

export const NO_USER_PROFILES: UserProfiles = { dir: '', templates: new Map(), profiles: new Map() };

type Obj = Record<string, unknown>;

function invalid(file: string, path: string, message: string, hint: string): ProfileError {
  return new ProfileError('PROFILE_INVALID', `${file}: ${path}: ${message}`, path, hint);
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(o: Obj, key: string, file: string, path: string, required: boolean): string | undefined {
  const v = o[key];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v === '')
    throw invalid(file, `${path}.${key}`, 'must be a non-empty string', `Set ${key}.`);
  return v;
}

function list(o: Obj, key: string, file: string): unknown[] {
  const v = o[key];
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw invalid(file, key, 'must be a list', `Write ${key} as a YAML list.`);
  return v;
}

function source(o: Obj, file: string, path: string): { template?: string; content?: string } {
  const template = str(o, 'template', file, path, false);
  const content = o.content;
  if ((template === undefined) === (content === undefined)) {
    throw invalid(
      file,
      path,
      'needs exactly one of template and content',
      'Give either template: <path> or content: <text>.',
    );
  }
  if (content !== undefined && typeof content !== 'string')
    throw invalid(file, `${path}.content`, 'must be a string', 'Quote it.');
  return template !== undefined ? { template } : { content: content as string };
}

const KNOWN_KEYS = new Set(['packages', 'files', 'units', 'dropins', 'steps']);

/** Validate one parsed profile document. */
export function parseUserProfile(name: string, file: string, doc: unknown): UserProfile {
  if (!isObj(doc))
    throw invalid(file, '', 'a profile is a YAML mapping', 'See profiles/user-profiles.ts for the format.');
  for (const key of Object.keys(doc)) {
    if (!KNOWN_KEYS.has(key))
      throw invalid(file, key, 'unknown key', `Allowed: ${[...KNOWN_KEYS].join(', ')}.`);
  }
  const packages = list(doc, 'packages', file).map((p, i) => {
    if (typeof p !== 'string' || p === '')
      throw invalid(file, `packages[${i}]`, 'must be a package name', 'Use a string.');
    return p;
  });
  const files = list(doc, 'files', file).map((f, i): UserProfileFile => {
    const path = `files[${i}]`;
    if (!isObj(f)) throw invalid(file, path, 'must be a mapping', 'Give path, mode and template or content.');
    const target = str(f, 'path', file, path, true)!;
    if (!target.startsWith('/')) throw invalid(file, `${path}.path`, 'must be absolute', 'Start it with /.');
    const mode = f.mode ?? 0o644;
    if (typeof mode !== 'number' || !Number.isInteger(mode) || mode < 0 || mode > 0o7777) {
      throw invalid(file, `${path}.mode`, 'must be a file mode', 'Write it in octal, e.g. 0644.');
    }
    const secret = f.secret ?? false;
    if (typeof secret !== 'boolean')
      throw invalid(file, `${path}.secret`, 'must be true or false', 'Use a boolean.');
    const out: UserProfileFile = {
      path: target,
      mode: secret ? 0o600 : mode,
      secret,
      ...source(f, file, path),
    };
    const user = str(f, 'user', file, path, false);
    const group = str(f, 'group', file, path, false);
    if (user !== undefined) out.user = user;
    if (group !== undefined) out.group = group;
    return out;
  });
  const units = list(doc, 'units', file).map((u, i): UserProfileUnit => {
    const path = `units[${i}]`;
    if (!isObj(u)) throw invalid(file, path, 'must be a mapping', 'Give name and template or content.');
    const enabled = u.enabled ?? true;
    if (typeof enabled !== 'boolean')
      throw invalid(file, `${path}.enabled`, 'must be true or false', 'Use a boolean.');
    return { name: str(u, 'name', file, path, true)!, enabled, ...source(u, file, path) };
  });
  const dropins = list(doc, 'dropins', file).map((d, i): UserProfileDropin => {
    const path = `dropins[${i}]`;
    if (!isObj(d)) throw invalid(file, path, 'must be a mapping', 'Give unit, name and template or content.');
    const dropinName = str(d, 'name', file, path, true)!;
    if (!dropinName.endsWith('.conf'))
      throw invalid(file, `${path}.name`, 'must end in .conf', 'systemd reads only *.conf drop-ins.');
    return { unit: str(d, 'unit', file, path, true)!, name: dropinName, ...source(d, file, path) };
  });
  const steps = list(doc, 'steps', file).map((s, i) => {
    const path = `steps[${i}]`;
    if (!isObj(s)) throw invalid(file, path, 'must be a mapping', 'Give unit and description.');
    return { unit: str(s, 'unit', file, path, true)!, description: str(s, 'description', file, path, true)! };
  });
  for (const [i, s] of steps.entries()) {
    if (!units.some((u) => u.name === s.unit)) {
      throw invalid(
        file,
        `steps[${i}].unit`,
        `${s.unit} is not one of this profile's units`,
        'A step names a unit the profile defines.',
      );
    }
  }
  return { name, file, packages, files, units, dropins, steps };
}

/** Read a user profile directory (the edge: disk I/O happens here only). */
export function loadUserProfiles(dir: string): UserProfiles {
  const templatesDir = join(dir, 'templates');
  const profilesDir = join(dir, 'profiles');
  const templates = existsSync(templatesDir) ? readTemplateDir(templatesDir) : new Map<string, string>();
  const profiles = new Map<string, UserProfile>();
  if (existsSync(profilesDir)) {
    for (const entry of readdirSync(profilesDir).sort()) {
      const m = /^([a-z0-9][a-z0-9-]*)\.ya?ml$/.exec(entry);
      if (!m?.[1]) continue;
      const file = join(profilesDir, entry);
      const parsed = parseYaml(readFileSync(file, 'utf8'), file);
      const broken = parsed.diagnostics.find((d) => d.severity === 'error' && d.code !== 'EMPTY_DOCUMENT');
      if (broken !== undefined) {
        throw new ProfileError(
          'PROFILE_INVALID',
          `${file}: ${broken.message}`,
          broken.path,
          'Fix the YAML syntax.',
          broken.position,
        );
      }
      try {
        profiles.set(m[1], parseUserProfile(m[1], file, parsed.value));
      } catch (error) {
        // Placed where the value is written in the profile file (the path is into that file).
        if (!(error instanceof ProfileError)) throw error;
        const position = parsed.sourceMap?.positionOf(parsePath(error.path)) ?? { file, line: 1, column: 1 };
        throw new ProfileError(error.code, error.message, error.path, error.hint, position);
      }
    }
  }
  return { dir, templates, profiles };
}

/** Variables user templates see. */
export function userTemplateVars(ctx: ProfileContext): object {
  return {
    host: { name: ctx.host.name, ip: ctx.host.ip, roles: ctx.host.roles, labels: ctx.host.spec.labels },
    cluster: {
      name: ctx.plan.name,
      os: ctx.cluster.os,
      runtime: ctx.cluster.runtime,
      kubernetesVersion: ctx.plan.versions.kubernetes,
      labels: ctx.cluster.labels,
    },
  };
}

/** The contribution of one user profile for one host. */
export function userProfileContribution(
  ctx: ProfileContext,
  profile: UserProfile,
  index: number,
): Contribution {
  const vars = userTemplateVars(ctx);
  // A template this profile names that is missing or does not render points at the host's
  // selection of the profile (the template's name is in the message).
  const at = `hosts[${ctx.plan.hosts.indexOf(ctx.host)}].profiles[${index}]`;
  const render = (template: string): string => {
    try {
      return ctx.render(template, vars);
    } catch (error) {
      if (!(error instanceof ProfileError)) throw error;
      throw new ProfileError(error.code, `user profile ${profile.name}: ${error.message}`, at, error.hint);
    }
  };
  const text = (s: { template?: string; content?: string }): string =>
    s.template !== undefined ? render(s.template) : (s.content ?? '');
  const files: HostFile[] = profile.files.map((f) => {
    const out: HostFile = { path: f.path, mode: f.mode, content: text(f), secret: f.secret };
    if (f.user !== undefined) out.user = f.user;
    if (f.group !== undefined) out.group = f.group;
    return out;
  });
  return {
    source: `user profile ${profile.name}`,
    packages: profile.packages,
    files,
    units: profile.units.map((u) => ({ name: u.name, contents: text(u), enabled: u.enabled, dropins: [] })),
    dropins: profile.dropins.map((d) => ({ unit: d.unit, name: d.name, contents: text(d) })),
    steps: profile.steps.map((s, i) => ({ ...s, order: STEP_ORDER.user + index * 10 + i })),
  };
}
