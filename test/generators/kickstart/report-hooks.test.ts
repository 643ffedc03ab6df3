/**
 * The install lifecycle in ks.cfg, run for real: %pre (sh) reports `installing` with its own copy
 * of the script and the host's token, %onerror reports `failed` with the end of the log, the end
 * of %post reports `installed`, and the disk-first function puts this install's UEFI entries
 * ahead of the network boot (efibootmgr, findmnt and blkid stood in for), never failing %post.
 * Paths the installer owns (/tmp/bootforge, /mnt/sysroot, the efivars directory) and the boot
 * server URL are pointed at a temporary directory and a local server.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BOOT_DISK_FIRST_CALL,
  BOOT_DISK_FIRST_FUNCTION,
  INSTALLER_REPORT_DIR,
  ONERROR_HEADER,
  PRE_HEADER,
  postTail,
} from '../../../generators/kickstart/report-hooks.js';
import { POST_HEADER, renderKickstart } from '../../../generators/kickstart/kickstart.js';
import { parseKickstart } from '../support/parse-kickstart.js';
import { lifecycleHost } from '../support/lifecycle-hosts.js';
import { startReportServer, type ReportServer } from '../support/report-server.js';
import { hasTool, shellcheck } from '../support/tools.js';
import { classicPlan, currentPlan } from '../../profiles/fixtures.js';

const BOOT_SERVER = 'http://10.0.0.2:8080';

function run(
  shell: string,
  script: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(shell, ['-c', script], { env: { PATH: '/usr/bin:/bin', ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe.each([
  ['centos7', classicPlan(), 'knode1', '/mnt/sysimage'],
  ['el9', currentPlan(), 'worker1', '/mnt/sysroot'],
])('ks.cfg lifecycle hooks (%s)', (_os, plan, name, sysroot) => {
  const { config, token } = lifecycleHost(plan, name);
  const ks = parseKickstart(renderKickstart(config));
  const section = (header: string): string => {
    const s = ks.sections.find((x) => x.header === header);
    if (s === undefined) throw new Error(`no section ${header}`);
    return `${s.body.join('\n')}\n`;
  };
  let dir = '';
  let server: ReportServer;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'bf-ks-report-'));
    server = await startReportServer();
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The section's text with the installer's paths and the boot server moved into the test. */
  const local = (text: string): string =>
    text
      .replaceAll(INSTALLER_REPORT_DIR, path.join(dir, 'installer'))
      .replaceAll(sysroot, path.join(dir, 'sysroot'))
      .replaceAll('/tmp/anaconda.log', path.join(dir, 'anaconda.log'))
      .replaceAll(BOOT_SERVER, server.base);

  it('has %pre, %packages, %post and %onerror, in that order', () => {
    expect(ks.sections.map((s) => s.header)).toEqual([PRE_HEADER, '%packages', POST_HEADER, ONERROR_HEADER]);
  });

  it.skipIf(!hasTool('shellcheck'))('%pre and %onerror pass shellcheck as sh scripts', () => {
    expect(shellcheck(`#!/bin/sh\n${section(PRE_HEADER)}`, 'sh').output).toBe('');
    expect(shellcheck(`#!/bin/sh\n${section(ONERROR_HEADER)}`, 'sh').output).toBe('');
  });

  it.runIf(hasTool('dash') && hasTool('curl'))(
    '%pre reports installing with the host token, kept 0600 for %onerror',
    async () => {
      const r = await run('dash', local(section(PRE_HEADER)));
      expect(r.code, r.out).toBe(0);
      expect(r.out).not.toContain(token);
      expect(server.received).toHaveLength(1);
      const [got] = server.received;
      expect(got).toMatchObject({ method: 'POST', url: `/report/${name}`, authorization: `Bearer ${token}` });
      expect(JSON.parse(got!.body)).toEqual({
        phase: 'installing',
        message: `kickstart: installing ${name} (${config.os}) on ${config.install.disk}`,
      });
      const tokenFile = path.join(dir, 'installer', 'report-token');
      expect(readFileSync(tokenFile, 'utf8')).toBe(`${token}\n`);
      expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    },
  );

  it.runIf(hasTool('dash') && hasTool('curl'))(
    '%onerror reports failed with the last 20 lines of %post log, else of anaconda.log',
    async () => {
      server.received.length = 0;
      writeFileSync(
        path.join(dir, 'anaconda.log'),
        Array.from({ length: 30 }, (_, i) => `anaconda ${i}`).join('\n'),
      );
      let r = await run('dash', local(section(ONERROR_HEADER)));
      expect(r.code, r.out).toBe(0);
      let body = JSON.parse(server.received[0]!.body) as { phase: string; message: string };
      expect(body.phase).toBe('failed');
      expect(body.message.split('\n')).toEqual([
        `kickstart failed on ${name}; the last lines of ${path.join(dir, 'anaconda.log')}:`,
        ...Array.from({ length: 20 }, (_, i) => `anaconda ${i + 10}`),
      ]);
      mkdirSync(path.join(dir, 'sysroot', 'root'), { recursive: true });
      writeFileSync(
        path.join(dir, 'sysroot', 'root', 'ks-post.log'),
        '+ bf_file /etc/x\nbase64: invalid input\n',
      );
      r = await run('dash', local(section(ONERROR_HEADER)));
      body = JSON.parse(server.received[1]!.body) as { phase: string; message: string };
      expect(body.message).toBe(
        `kickstart failed on ${name}; the last lines of ${path.join(dir, 'sysroot', 'root', 'ks-post.log')}:\n+ bf_file /etc/x\nbase64: invalid input`,
      );
      expect(r.out).not.toContain(token);
    },
  );

  it('ends %post with the disk first, then installed through the script the host keeps', () => {
    expect(postTail(config)).toEqual([
      BOOT_DISK_FIRST_CALL,
      `/usr/local/libexec/bootforge/report installed 'kickstart: ${name} (${config.os}) on ${config.install.disk} installed; rebooting into it'`,
    ]);
    expect(ks.postOther.slice(-2)).toEqual(postTail(config));
    // Defined before the lay-down prelude's `set -euo pipefail`, called at the end.
    const defined = ks.postScript.indexOf('bf_boot_disk_first() {');
    expect(defined).toBeGreaterThanOrEqual(0);
    expect(defined).toBeLessThan(ks.postScript.indexOf('set -euo pipefail'));
  });
});

describe.runIf(hasTool('bash'))('disk first (UEFI boot order at the end of %post)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bf-bootorder-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const bin = path.join(dir, 'bin');
  const efivars = path.join(dir, 'efivars');
  mkdirSync(bin, { recursive: true });
  const put = (name: string, text: string): void => {
    writeFileSync(path.join(bin, name), text);
    chmodSync(path.join(bin, name), 0o755);
  };
  // Entries: 0001 PXE (the installer came from it), 0002 an old OS on another disk, 0003 the new install.
  put(
    'efibootmgr',
    `#!/bin/sh
state=${dir}/order
[ -e "$state" ] || echo 0001,0002 >"$state"
case "$1" in
  -v) cat <<'EOF'
BootCurrent: 0001
BootOrder: 0001,0002
Boot0001* UEFI PXEv4 (MAC:525400000011)	PciRoot(0x0)/Pci(0x3,0x0)/MAC(525400000011,1)/IPv4(0.0.0.0)
Boot0002* Old Linux	HD(1,GPT,11111111-2222-3333-4444-555555555555,0x800,0x12c000)/File(\\EFI\\old\\shimx64.efi)
Boot0003* Rocky Linux	HD(1,GPT,9a3f0c2e-7d1b-4c55-9e8f-0123456789ab,0x800,0x12c000)/File(\\EFI\\rocky\\shimx64.efi)
EOF
  ;;
  -o) echo "$2" >"$state"; echo "-o $2" >>${dir}/calls ;;
  -N) echo "-N" >>${dir}/calls; exit 1 ;;
  *) echo "BootOrder: $(cat "$state")" ;;
esac
`,
  );
  put('findmnt', '#!/bin/sh\necho /dev/vda1\n');
  put('blkid', '#!/bin/sh\necho 9A3F0C2E-7D1B-4C55-9E8F-0123456789AB\n');

  const script = (efi: boolean): string =>
    [
      'set -euo pipefail',
      BOOT_DISK_FIRST_FUNCTION.replace('/sys/firmware/efi/efivars', efi ? efivars : path.join(dir, 'none')),
      BOOT_DISK_FIRST_CALL,
      'echo "%post goes on"',
    ].join('\n');

  const bash = (
    text: string,
    pathDirs = `${bin}:/usr/bin:/bin`,
  ): Promise<{ code: number | null; out: string }> =>
    new Promise((resolve, reject) => {
      const child = spawn('bash', ['-c', text], { env: { PATH: pathDirs } });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, out }));
    });

  it('puts the entries on this install’s EFI system partition first, the network boot next', async () => {
    mkdirSync(efivars, { recursive: true });
    const r = await bash(script(true));
    expect(r.code, r.out).toBe(0);
    expect(readFileSync(path.join(dir, 'calls'), 'utf8')).toBe('-o 0003,0001,0002\n-N\n');
    expect(r.out).toContain('bootforge: UEFI boot order 0003,0001,0002 (this disk first)');
    expect(r.out).toContain('%post goes on');
  });

  it('leaves BIOS machines to the firmware', async () => {
    rmSync(path.join(dir, 'calls'), { force: true });
    const r = await bash(script(false));
    expect(r.code).toBe(0);
    expect(r.out).toContain("bootforge: BIOS boot; the firmware's boot order decides");
    expect(r.out).toContain('%post goes on');
  });

  it('never fails %post: no matching entry, efibootmgr missing or failing', async () => {
    put('blkid', '#!/bin/sh\necho 00000000-0000-0000-0000-000000000000\n');
    let r = await bash(script(true));
    expect([r.code, r.out.includes('no UEFI boot entry on the EFI system partition /dev/vda1')]).toEqual([
      0,
      true,
    ]);
    put('efibootmgr', '#!/bin/sh\nexit 5\n');
    r = await bash(script(true));
    expect([r.code, r.out.includes('%post goes on')]).toEqual([0, true]);
    rmSync(path.join(bin, 'efibootmgr'));
    r = await bash(script(true));
    expect([r.code, r.out.includes('no efibootmgr; UEFI boot order unchanged')]).toEqual([0, true]);
  });
});
