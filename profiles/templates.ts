/**
 * Handlebars rendering of file contents (unit files, scripts, plain config files). Templates run in
 * strict mode: a variable the template uses but the caller did not supply is an error that names
 * the template and the host. Structured documents (YAML, JSON, kubeconfigs) are never templated;
 * they are built as objects and serialised.
 *
 * A `TemplateSet` maps a relative path (`etcd/etcd.service.hbs`) to its source. The built-in set is
 * read once from `profiles/templates/`; a user profile directory may replace any entry by path.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { ProfileError } from './errors.js';
import { shellQuote, systemdArg } from './shell.js';

export type TemplateSet = ReadonlyMap<string, string>;

type Compiled = (context: object) => string;

const engine = Handlebars.create();
/** `{{sh value}}`: the value as one shell word. */
engine.registerHelper('sh', (value: unknown) => shellQuote(String(value)));
/** `{{unitArg value}}`: the value as one systemd ExecStart argument. */
engine.registerHelper('unitArg', (value: unknown) => systemdArg(String(value)));

/** Compiled templates by source text: overrides with equal text share one compilation. */
const compiled = new Map<string, Compiled>();

function compile(source: string): Compiled {
  let fn = compiled.get(source);
  if (!fn) {
    fn = engine.compile(source, { strict: true, noEscape: true });
    compiled.set(source, fn);
  }
  return fn;
}

/** Render `name` from `templates` with `vars`; errors name the template and the host. */
export function renderTemplate(templates: TemplateSet, name: string, vars: object, host: string): string {
  const source = templates.get(name);
  if (source === undefined) {
    throw new ProfileError(
      'TEMPLATE_MISSING',
      `template ${name} does not exist (host ${host})`,
      `templates/${name}`,
      'Check the template path; built-in templates live in profiles/templates/.',
    );
  }
  try {
    return compile(source)(vars);
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new ProfileError(
      'TEMPLATE_RENDER',
      `template ${name} failed for host ${host}: ${reason}`,
      `templates/${name}`,
      'A template may only use the variables documented for it (see profiles/templates/README.md).',
    );
  }
}

/** Every `*.hbs` file under `dir`, keyed by its path relative to `dir` with forward slashes. */
export function readTemplateDir(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (current: string): void => {
    for (const entry of readdirSync(current).sort()) {
      const full = join(current, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith('.hbs'))
        out.set(relative(dir, full).split(sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

/** The built-in templates directory, from the sources (vitest) or from dist/ (built CLI). */
export function builtinTemplateDir(): string {
  const candidates = [
    new URL('./templates/', import.meta.url),
    new URL('../../profiles/templates/', import.meta.url),
  ];
  for (const url of candidates) {
    const path = fileURLToPath(url);
    if (existsSync(path)) return path;
  }
  throw new Error('bootforge: built-in profile templates not found (profiles/templates/)');
}

let builtin: TemplateSet | undefined;

/** The built-in template set, read once per process (package data, like code). */
export function builtinTemplates(): TemplateSet {
  builtin ??= readTemplateDir(builtinTemplateDir());
  return builtin;
}

/** `base` with `overrides` replacing entries by relative path. */
export function overlayTemplates(base: TemplateSet, overrides: ReadonlyMap<string, string>): TemplateSet {
  if (overrides.size === 0) return base;
  const merged = new Map(base);
  for (const [name, source] of overrides) merged.set(name, source);
  return merged;
}
