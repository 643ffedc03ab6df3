/**
 * The booted script for real (dash), from its built-in template, with a stand-in report script:
 * `booted` on every boot; on Ignition's first boot `installing` and `installed` first, once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinTemplates, renderTemplate } from '../../profiles/templates.js';
import { hasTool } from './support.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bf-booted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const calls = path.join(dir, 'calls');
writeFileSync(path.join(dir, 'report'), `#!/bin/sh\necho "$*" >>${calls}\n`, { mode: 0o755 });
const marker = path.join(dir, 'state', 'report-first-boot.done');
writeFileSync(
  path.join(dir, 'booted'),
  renderTemplate(
    builtinTemplates(),
    'lifecycle/booted.sh.hbs',
    { reportScript: path.join(dir, 'report'), firstBootMarker: marker },
    'h',
  ),
);

function boot(env: Record<string, string> = {}): string[] {
  rmSync(calls, { force: true });
  const r = spawnSync('dash', [path.join(dir, 'booted')], { env: { PATH: '/usr/bin:/bin', ...env } });
  expect(r.status).toBe(0);
  return readFileSync(calls, 'utf8').trimEnd().split('\n');
}

describe.runIf(hasTool('dash'))('booted script', () => {
  it('reports booted on every boot, with the kernel', () => {
    const kernel = spawnSync('uname', ['-r'], { encoding: 'utf8' }).stdout.trim();
    expect(boot()).toEqual([`--until-delivered booted booted kernel ${kernel}`]);
    expect(boot()).toHaveLength(1);
    expect(existsSync(marker)).toBe(false);
  });

  it('on Ignition, the first boot reports installing and installed first, once', () => {
    const env = { BOOTFORGE_FIRST_BOOT_REPORTS: 'ignition' };
    expect(boot(env).map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual([
      '--until-delivered installing',
      '--until-delivered installed',
      '--until-delivered booted',
    ]);
    expect(existsSync(marker)).toBe(true);
    expect(boot(env).map((l) => l.split(' ')[1])).toEqual(['booted']);
  });
});
