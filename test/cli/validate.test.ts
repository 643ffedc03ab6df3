import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureTerminal } from '../../cli/terminal.js';

const repo = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'bootforge-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const classic = `version: 1
cluster:
  name: knodes
  os: centos7
  runtime: docker
  kubernetes: { version: "1.23.17", serviceCIDR: 10.254.0.0/16, podCIDR: 192.168.0.0/16 }
  network: { cidr: 10.0.0.0/24, gateway: 10.0.0.1, nameservers: [10.0.0.1] }
  bootServer: http://10.0.0.2:8080
  ssh:
    authorizedKeys:
      - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILfe2CYNLNY/fsKUPymOhid64Ez+hFpBW3wxOfA+9ejq admin@example
hosts:
  - { name: knode1, roles: [master], ip: 10.0.0.11, mac: "52:54:00:00:00:11" }
  - { name: knode2, roles: [node], ip: 10.0.0.12, mac: "52:54:00:00:00:12" }
  - { name: knode4, roles: [etcd], ip: 10.0.0.14, mac: "52:54:00:00:00:14" }
`;

function write(name: string, text: string): string {
  writeFileSync(path.join(dir, name), text);
  return name;
}

async function run(...argv: string[]) {
  const term = captureTerminal({ cwd: dir });
  const code = await main(argv, term);
  return { code, stdout: term.stdout, stderr: term.stderr };
}

describe('bootforge validate', () => {
  it('exits 0 on the examples and says so on stdout', async () => {
    for (const example of ['classic.yaml', 'ha.yaml']) {
      const term = captureTerminal({ cwd: repo });
      expect(await main(['validate', `examples/${example}`], term)).toBe(0);
      expect(term.stdout).toMatch(
        new RegExp(`^examples/${example}: valid \\(\\d+ hosts, 0 errors, \\d+ warnings?\\)\\n$`),
      );
      // Only what generate would warn about too (a user-data over a cloud's limit).
      expect(term.stderr).not.toMatch(/ error /);
    }
  });

  it('prints file:line:column severity CODE path: message and a hint line, then a summary', async () => {
    const file = write('dup.yaml', classic.replace('52:54:00:00:00:12', '52-54-00-00-00-11'));
    const { code, stdout, stderr } = await run('validate', file);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'dup.yaml:14:56 error DUPLICATE_MAC hosts[1].mac: MAC 52:54:00:00:00:11 is already used by hosts[0] (knode1), whatever the spelling\n' +
        '  hint: every host needs the MAC of its own boot NIC\n' +
        'dup.yaml: invalid, 1 error, 0 warnings\n',
    );
  });

  it('--json prints one document with valid, counts and positioned diagnostics', async () => {
    const file = write('json.yaml', classic.replace('ip: 10.0.0.12', 'ip: 10.0.1.12'));
    const { code, stdout, stderr } = await run('validate', file, '--json');
    expect(code).toBe(2);
    expect(stderr).toBe('');
    const doc = JSON.parse(stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ valid: false, errors: 1, warnings: 0 });
    expect(doc['diagnostics']).toEqual([
      expect.objectContaining({
        code: 'IP_OUTSIDE_NETWORK',
        severity: 'error',
        path: 'hosts[1].ip',
        position: { file: 'json.yaml', line: 14, column: 40 },
      }),
    ]);
  });

  it('--json on a valid file: valid true, exit 0', async () => {
    const { code, stdout } = await run('validate', write('ok.yaml', classic), '--json');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as { valid: boolean; errors: number; diagnostics: { severity: string }[] };
    expect(doc).toMatchObject({ valid: true, errors: 0 });
    expect(doc.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('warnings pass unless --strict', async () => {
    const file = write('warn.yaml', classic.replace(/ {2}ssh:\n.*\n.*\n/, ''));
    const lenient = await run('validate', file);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toContain('warning NO_SSH_KEYS cluster');
    expect(lenient.stdout).toMatch(/valid \(3 hosts, 0 errors, \d+ warnings?\)/);
    const strict = await run('validate', file, '--strict');
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/invalid, 0 errors, \d+ warnings? \(--strict: warnings count as errors\)/);
    const json = await run('validate', file, '--strict', '--json');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, errors: 0 });
  });

  it('a missing file is a diagnostic and exit 2', async () => {
    const { code, stderr } = await run('validate', 'nope.yaml');
    expect(code).toBe(2);
    expect(stderr).toContain("nope.yaml error FILE_NOT_FOUND inventory file 'nope.yaml' does not exist");
    const json = await run('validate', 'nope.yaml', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({
      valid: false,
      diagnostics: [{ code: 'FILE_NOT_FOUND' }],
    });
  });

  it('a directory is FILE_UNREADABLE', async () => {
    const { code, stderr } = await run('validate', '.');
    expect(code).toBe(2);
    expect(stderr).toContain('FILE_UNREADABLE');
  });

  it('bad flags and missing arguments exit 2 with the usage', async () => {
    const flag = await run('validate', 'x.yaml', '--bogus');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--bogus'");
    expect(flag.stderr).toContain('Usage: bootforge validate INVENTORY');
    const missing = await run('validate');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing INVENTORY');
    const extra = await run('validate', 'a.yaml', 'b.yaml');
    expect(extra.code).toBe(2);
  });

  it('--help prints the usage on stdout, exit 0', async () => {
    const { code, stdout } = await run('validate', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('--strict');
  });

  it('colours only when the terminal allows it', async () => {
    const file = write('colour.yaml', classic.replace('knode2', 'Knode_2'));
    const plain = await run('validate', file);
    expect(plain.stderr).not.toContain('\u001b[');
    const term = { ...captureTerminal({ cwd: dir }), color: true };
    let stderr = '';
    term.err = (text: string) => {
      stderr += text;
    };
    expect(await main(['validate', file], term)).toBe(2);
    expect(stderr).toContain('\u001b[31merror\u001b[0m');
  });

  it('--codes lists every diagnostic code with its meaning', async () => {
    const { code, stdout } = await run('validate', '--codes');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^DUPLICATE_MAC +two hosts have the same MAC address/m);
    expect(stdout).toMatch(/^YAML_SYNTAX +the text is not valid YAML$/m);
    const json = await run('validate', '--codes', '--json');
    expect(JSON.parse(json.stdout)).toHaveProperty('CIDR_OVERLAP');
    expect((await run('validate', '--codes', 'x.yaml')).code).toBe(2);
  });
});

describe('bootforge validate checks what generate checks before rendering', () => {
  it('reports an unknown user profile at the host that names it', async () => {
    const file = write(
      'profile.yaml',
      classic.replace('roles: [node], ip: 10.0.0.12,', 'roles: [node], profiles: [gpu], ip: 10.0.0.12,'),
    );
    const { code, stderr } = await run('validate', file);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^profile\.yaml:14:\d+ error PROFILE_UNKNOWN hosts\[1\]\.profiles/m);
  });

  it('reports a flannel version without a known checksum as needing a pin, and accepts the pin', async () => {
    const pinned = classic.replace('  bootServer:', '  versions: { flannel: "0.13.0" }\n  bootServer:');
    const unpinned = await run('validate', write('pin.yaml', pinned), '--json');
    expect(unpinned.code).toBe(2);
    expect(JSON.parse(unpinned.stdout)).toMatchObject({
      valid: false,
      diagnostics: [
        {
          code: 'ARTIFACT_PIN_REQUIRED',
          path: 'cluster.versions.flannel',
          position: { line: 8, column: 24 },
        },
      ],
    });
    const sha = 'a'.repeat(64);
    const withPin = pinned.replace(
      '  bootServer:',
      `  artifacts: { sha256: { flannel: ${sha} } }\n  bootServer:`,
    );
    expect((await run('validate', write('pinned.yaml', withPin))).code).toBe(0);
  });
});
