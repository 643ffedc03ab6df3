/** Handlebars in strict mode: a missing variable is an error naming the template and the host. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProfileError } from '../../profiles/errors.js';
import { builtinTemplates, renderTemplate } from '../../profiles/templates.js';

describe('renderTemplate', () => {
  const templates = new Map([
    ['demo/greeting.hbs', 'hello {{name}} from {{place}}\n'],
    ['demo/script.sh.hbs', 'echo {{sh value}}\n'],
  ]);

  it('renders with every variable supplied', () => {
    expect(renderTemplate(templates, 'demo/greeting.hbs', { name: 'etcd1', place: 'rack 4' }, 'h1')).toBe(
      'hello etcd1 from rack 4\n',
    );
  });

  it('fails on a missing variable, naming the template and the host', () => {
    let caught: unknown;
    try {
      renderTemplate(templates, 'demo/greeting.hbs', { name: 'etcd1' }, 'knode7');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ProfileError);
    const e = caught as ProfileError;
    expect(e.code).toBe('TEMPLATE_RENDER');
    expect(e.message).toContain('demo/greeting.hbs');
    expect(e.message).toContain('knode7');
    expect(e.message).toContain('place');
  });

  it('fails on an unknown template', () => {
    expect(() => renderTemplate(templates, 'nope.hbs', {}, 'h')).toThrow(
      /nope\.hbs does not exist \(host h\)/,
    );
  });

  it('does not HTML-escape and quotes shell words with {{sh}}', () => {
    expect(renderTemplate(templates, 'demo/script.sh.hbs', { value: "it's <b>&" }, 'h')).toBe(
      `echo 'it'\\''s <b>&'\n`,
    );
    expect(renderTemplate(templates, 'demo/script.sh.hbs', { value: '/etc/x.conf' }, 'h')).toBe(
      'echo /etc/x.conf\n',
    );
  });
});

describe('built-in templates', () => {
  it('are all found and parse', () => {
    const names = [...builtinTemplates().keys()];
    expect(names).toContain('etcd/etcd.service.hbs');
    expect(names).toContain('host/install-artifacts.sh.hbs');
    expect(names.every((n) => n.endsWith('.hbs'))).toBe(true);
  });
});

describe('templates/README.md', () => {
  it('documents every built-in template', () => {
    const readme = readFileSync(new URL('../../profiles/templates/README.md', import.meta.url), 'utf8');
    for (const name of builtinTemplates().keys()) {
      const base = name.split('/').pop()!;
      const documented =
        readme.includes(`\`${name}\``) ||
        readme.includes(`\`${base}\``) ||
        name.startsWith('kubernetes/kube');
      expect(documented, name).toBe(true);
    }
  });
});
