/**
 * `bootforge generate` end to end, in-process: the contract's layout, manifest truth, secrets
 * 0600, determinism, PKI reuse, atomicity on failure, nothing written for bad input, and
 * partial runs (--only/--hosts) that keep the rest of OUT.
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureTerminal } from '../../cli/terminal.js';
import type { Manifest } from '../../emit/manifest.js';

const repo = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'bootforge-generate-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
cpSync(path.join(repo, 'examples'), scratch, { recursive: true });

async function run(...argv: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const term = captureTerminal({ cwd: scratch });
  const code = await main(argv, term);
  return { code, stderr: term.stderr, stdout: term.stdout };
}

/** path -> "mode sha256" for every file under dir. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    const full = path.join(dir, rel);
    const st = statSync(full);
    if (st.isDirectory()) {
      for (const name of readdirSync(full).sort()) walk(rel === '' ? name : `${rel}/${name}`);
    } else {
      const hash = createHash('sha256').update(readFileSync(full)).digest('hex');
      out.set(rel, `${(st.mode & 0o777).toString(8)} ${hash}`);
    }
  };
  walk('');
  return out;
}

const manifestOf = (out: string): Manifest =>
  JSON.parse(readFileSync(path.join(scratch, out, 'manifest.json'), 'utf8')) as Manifest;

const HOSTS = ['knode1', 'knode2', 'knode3', 'knode4'];

describe('generate on the classic example', () => {
  let first: Map<string, string>;
  let pkiBefore: Map<string, string>;

  beforeAll(async () => {
    const r = await run('generate', 'classic.yaml', '-o', 'out', '--pki', 'pki');
    expect(r.stderr).toMatch(/generated/);
    expect(r.code).toBe(0);
    first = tree(path.join(scratch, 'out'));
    pkiBefore = tree(path.join(scratch, 'pki'));
  }, 120_000);

  it('writes the contract layout for every host', () => {
    for (const host of HOSTS) {
      for (const f of ['user-data', 'meta-data', 'network-config', 'ks.cfg', 'seed.iso']) {
        expect(first.has(`hosts/${host}/${f}`), `hosts/${host}/${f}`).toBe(true);
      }
      // classic is CentOS 7, which cannot boot Ignition: no config.ign, no Ignition PXE entry.
      expect(first.has(`hosts/${host}/config.ign`), `hosts/${host}/config.ign`).toBe(false);
      const userData = readFileSync(path.join(scratch, 'out/hosts', host, 'user-data'), 'utf8');
      expect(userData.startsWith('#cloud-config\n')).toBe(true);
    }
    expect(first.has('pxe/boot.ipxe')).toBe(true);
    expect([...first.keys()].filter((p) => p.includes('ignition'))).toEqual([]);
    expect(first.has('pxe/dnsmasq.conf')).toBe(true);
    expect(first.has('cluster/admin.conf')).toBe(true);
    expect(first.has('cluster/ca.crt')).toBe(true);
  });

  it('has a manifest that lists exactly the files on disk with their true hash and mode', () => {
    const manifest = manifestOf('out');
    const listed = new Map(manifest.files.map((f) => [f.path, `${f.mode.toString(8)} ${f.sha256}`]));
    const onDisk = new Map([...first].filter(([p]) => p !== 'manifest.json'));
    expect(listed).toEqual(onDisk);
    expect(manifest.hosts.map((h) => h.name)).toEqual(HOSTS);
    for (const f of manifest.files) {
      if (f.path.startsWith('hosts/')) expect(f.host, f.path).toBe(f.path.split('/')[1]);
    }
  });

  it('writes every file that holds a private key or token with mode 0600, and no CA key at all', () => {
    const caKey = readFileSync(path.join(scratch, 'pki/ca.key'), 'utf8');
    for (const [rel, info] of first) {
      const text = readFileSync(path.join(scratch, 'out', rel)).toString('latin1');
      if (/PRIVATE KEY|client-key-data|token:/.test(text)) expect(info.startsWith('600 '), rel).toBe(true);
      expect(text.includes(caKey.trim()), `${rel} must not hold the CA key as text`).toBe(false);
    }
    expect(first.get('cluster/admin.conf')!.startsWith('600 ')).toBe(true);
    expect(first.get('cluster/ca.crt')!.startsWith('644 ')).toBe(true);
  });

  it('is deterministic and reuses the PKI: a second run gives byte-identical OUT and PKI', async () => {
    const r = await run('generate', 'classic.yaml', '-o', 'out2', '--pki', 'pki');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/PKI .*unchanged/);
    expect(tree(path.join(scratch, 'out2'))).toEqual(first);
    expect(tree(path.join(scratch, 'pki'))).toEqual(pkiBefore);
  });

  it('keeps the previous OUT intact when a later run fails', async () => {
    writeFileSync(path.join(scratch, 'not-a-dir'), 'x');
    const r = await run('generate', 'classic.yaml', '-o', 'out', '--pki', 'not-a-dir/pki');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nothing was written/);
    expect(tree(path.join(scratch, 'out'))).toEqual(first);
  });

  it('re-renders only what --only/--hosts name and keeps the rest of OUT', async () => {
    cpSync(path.join(scratch, 'out'), path.join(scratch, 'out3'), { recursive: true });
    const changed = readFileSync(path.join(scratch, 'classic.yaml'), 'utf8').replace(
      'nameservers: [10.0.0.1]',
      'nameservers: [10.0.0.1, 10.0.0.3]',
    );
    expect(changed).toContain('10.0.0.3');
    // Same base name elsewhere: the files' provenance header names the inventory by base name,
    // so the site files this run re-renders (nginx.conf) stay byte-identical.
    mkdirSync(path.join(scratch, 'dns'), { recursive: true });
    writeFileSync(path.join(scratch, 'dns/classic.yaml'), changed);
    const r = await run(
      'generate',
      'dns/classic.yaml',
      '-o',
      'out3',
      '--pki',
      'pki',
      '--only',
      'kickstart',
      '--hosts',
      'knode2',
    );
    expect(r.code).toBe(0);
    // It says what it rendered and what it kept, not "generated 87 files for 4 hosts".
    const total = manifestOf('out').files.length;
    const rendered = r.stderr.match(
      /rendered (\d+) files? for 1 host in out3 \(kickstart\); kept (\d+) from the previous OUT/,
    );
    expect(rendered, r.stderr).not.toBeNull();
    expect(Number(rendered?.[1]) + Number(rendered?.[2])).toBe(total);
    expect(Number(rendered?.[1])).toBeLessThan(10);
    expect(r.stderr).not.toMatch(/generated \d+ files for 4 hosts/);
    const after = tree(path.join(scratch, 'out3'));
    const differs = [...after.keys()].filter((p) => after.get(p) !== first.get(p)).sort();
    // Only knode2's kickstart took the new nameserver; the manifest records its new hash.
    expect(differs).toEqual(['hosts/knode2/ks.cfg', 'manifest.json']);
    expect(readFileSync(path.join(scratch, 'out3/hosts/knode2/ks.cfg'), 'utf8')).toContain('10.0.0.3');
    expect(readFileSync(path.join(scratch, 'out3/hosts/knode3/ks.cfg'), 'utf8')).not.toContain('10.0.0.3');
    const manifest = manifestOf('out3');
    const ks = manifest.files.find((f) => f.path === 'hosts/knode2/ks.cfg')!;
    expect(`${ks.mode.toString(8)} ${ks.sha256}`).toBe(after.get('hosts/knode2/ks.cfg'));
  });

  it('refuses to carry over a file edited by hand since the last run', async () => {
    cpSync(path.join(scratch, 'out'), path.join(scratch, 'out4'), { recursive: true });
    writeFileSync(path.join(scratch, 'out4/hosts/knode3/meta-data'), 'edited\n');
    const r = await run('generate', 'classic.yaml', '-o', 'out4', '--pki', 'pki', '--only', 'pxe');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/differs from manifest.json/);
    expect(readFileSync(path.join(scratch, 'out4/hosts/knode3/meta-data'), 'utf8')).toBe('edited\n');
  });
  it('refuses a partial run over an OUT whose manifest it cannot read, and keeps that OUT', async () => {
    cpSync(path.join(scratch, 'out'), path.join(scratch, 'out5'), { recursive: true });
    writeFileSync(path.join(scratch, 'out5/manifest.json'), '{ truncated');
    const before = tree(path.join(scratch, 'out5'));
    const r = await run('generate', 'classic.yaml', '-o', 'out5', '--pki', 'pki', '--only', 'pxe');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/manifest.json is not valid JSON/);
    expect(tree(path.join(scratch, 'out5'))).toEqual(before);
  });
});

describe('generate with bad input writes nothing', () => {
  it('exits 2 for an invalid inventory and creates neither OUT nor the PKI', async () => {
    const bad = readFileSync(path.join(scratch, 'classic.yaml'), 'utf8').replace(
      '52:54:00:00:00:12',
      '52:54:00:00:00:11',
    );
    writeFileSync(path.join(scratch, 'bad.yaml'), bad);
    const r = await run('generate', 'bad.yaml', '-o', 'bad-out', '--pki', 'bad-pki');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/DUPLICATE_MAC/);
    expect(existsSync(path.join(scratch, 'bad-out'))).toBe(false);
    expect(existsSync(path.join(scratch, 'bad-pki'))).toBe(false);
  });

  it('exits 2 for a host that names an unknown profile, before the PKI is issued', async () => {
    const bad = readFileSync(path.join(scratch, 'classic.yaml'), 'utf8').replace(
      /(- name: knode1\n)/,
      '$1    profiles: [no-such-profile]\n',
    );
    expect(bad).toContain('no-such-profile');
    writeFileSync(path.join(scratch, 'bad-profile.yaml'), bad);
    const r = await run('generate', 'bad-profile.yaml', '-o', 'bad-out', '--pki', 'bad-pki');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PROFILE_UNKNOWN/);
    expect(existsSync(path.join(scratch, 'bad-out'))).toBe(false);
    expect(existsSync(path.join(scratch, 'bad-pki'))).toBe(false);
  });

  it('exits 2 for a user profile that breaks the HostConfig contract, before the PKI is issued', async () => {
    mkdirSync(path.join(scratch, 'site/profiles'), { recursive: true });
    writeFileSync(
      path.join(scratch, 'site/profiles/agent.yaml'),
      'units:\n  - { name: agent, content: "[Service]\\nExecStart=/bin/true\\n" }\n',
    );
    const bad = readFileSync(path.join(scratch, 'classic.yaml'), 'utf8')
      .replace('cluster:\n', 'cluster:\n  profilesDir: site\n')
      .replace('{ name: knode2, roles: [node],', '{ name: knode2, roles: [node], profiles: [agent],');
    expect(bad).toContain('profiles: [agent]');
    writeFileSync(path.join(scratch, 'bad-unit.yaml'), bad);
    const r = await run('generate', 'bad-unit.yaml', '-o', 'bad-out', '--pki', 'bad-pki');
    expect(r.stderr).toMatch(/PROFILE_INVALID hosts\[1\]\.profiles/);
    expect(r.stderr).toMatch(/unit name "agent" is not a systemd unit name/);
    expect(r.code).toBe(2);
    expect(existsSync(path.join(scratch, 'bad-out'))).toBe(false);
    expect(existsSync(path.join(scratch, 'bad-pki'))).toBe(false);
  });

  it('exits 2 for usage errors', async () => {
    expect((await run('generate', 'classic.yaml')).code).toBe(2);
    expect((await run('generate', 'classic.yaml', '-o', 'x', '--only', 'nope')).code).toBe(2);
    expect((await run('generate', 'classic.yaml', '-o', 'x', '--hosts', 'nope')).code).toBe(2);
    expect((await run('generate', 'missing.yaml', '-o', 'x')).code).toBe(2);
    expect(existsSync(path.join(scratch, 'x'))).toBe(false);
  });
});

describe('generate after a killed run', () => {
  it('removes the temporary directory the killed run left beside OUT, and says so', async () => {
    const leftover = '.bootforge-tmp-leftover-out-999999999-1';
    mkdirSync(path.join(scratch, leftover, 'hosts'), { recursive: true });
    const { code, stderr } = await run('generate', 'classic.yaml', '-o', 'leftover-out');
    expect(code).toBe(0);
    expect(stderr).toContain(`note: removed ${leftover}, left beside OUT by an interrupted run`);
    expect(existsSync(path.join(scratch, leftover))).toBe(false);
    expect(existsSync(path.join(scratch, 'leftover-out', 'manifest.json'))).toBe(true);
  });
});
