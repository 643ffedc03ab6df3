/** toYaml remembers top-level sequence items; its text must be exactly one js-yaml dump of the whole value. */
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { userDataDocument } from '../../../generators/cloud-init/user-data.js';
import { prepareHost } from '../../../generators/shared/prepare-host.js';
import { toYaml } from '../../../generators/shared/yaml.js';
import { HOST_FIXTURES } from '../../fixtures/hostconfig/index.js';

const plain = (value: unknown): string => dump(value, { lineWidth: -1, noRefs: true });

const SHARED = { path: '/usr/local/bin/x', permissions: '0755', content: '#!/bin/sh\necho "a: b"\n' };

const DOCUMENTS: Record<string, unknown> = {
  'empty mapping': {},
  'empty sequence': { write_files: [], runcmd: ['true'] },
  scalar: 'yes',
  'top-level sequence': [SHARED, SHARED],
  'keys js-yaml quotes': { yes: ['a'], '1': ['b'], 'a b': ['c'], '': ['d'], 'x:y': ['e'] },
  'items of every kind': {
    write_files: [SHARED, SHARED, { ...SHARED, content: 'no newline at the end' }],
    runcmd: [['systemctl', 'start', 'a b'], 'echo "$HOME"', 0o644, null, true, ['nested', ['deeper']]],
    bootcmd: ['- leading dash', 'key: value', '#comment', "'quoted'", 'multi\nline\n\n', '  leading spaces'],
    users: [{ name: 'root', lock_passwd: true, ssh_authorized_keys: [] }, {}, []],
    packages: ['0644', 'on', '52:54:00:12:34:56', '1e3', '~'],
    disable_root: false,
    yum_repos: { base: { name: 'Base', baseurl: 'http://x/', enabled: true } },
  },
};

describe('toYaml', () => {
  it.each(Object.entries(DOCUMENTS))('writes %s as one dump of it does', (_, value) => {
    expect(toYaml(value)).toBe(plain(value));
    // a second time, from the remembered items
    expect(toYaml(value)).toBe(plain(value));
  });

  it.each(Object.entries(HOST_FIXTURES))(
    'writes the %s user-data document as one dump of it does',
    (_, host) => {
      const doc = userDataDocument(prepareHost(host));
      expect(toYaml(doc)).toBe(plain(doc));
      expect(toYaml(doc)).toBe(plain(doc));
    },
  );

  it('ends the document with `...` only when its last scalar is kept open', () => {
    const open = { runcmd: ['a\n\n'], bootcmd: ['b'] };
    const end = { runcmd: ['b'], bootcmd: ['a\n\n'] };
    expect(toYaml(open)).toBe(plain(open));
    expect(toYaml(end)).toBe(plain(end));
    expect(plain(end).endsWith('\n...\n')).toBe(true);
    expect(toYaml({ a: 'x\n\n', b: 1 })).toBe(plain({ a: 'x\n\n', b: 1 }));
    // a pair kept open before a content block written directly: `...` only at the very end
    const inner = { write_files: [{ path: 'kept\n\n', content: 'a\nb\n' }] };
    expect(toYaml(inner)).toBe(plain(inner));
  });

  it('tells apart items that differ only in type', () => {
    expect(toYaml({ runcmd: ['1'] })).toBe(plain({ runcmd: ['1'] }));
    expect(toYaml({ runcmd: [1] })).toBe(plain({ runcmd: [1] }));
  });
});
