/**
 * The install lifecycle in the autoinstall section, run for real (dash, curl, a local report
 * server): early-commands report `installing` with the installer's own copy of the script and the
 * host's token (0600), late-commands report `installed` (what makes `bootforge serve` answer the
 * host's PXE entries with a local boot), error-commands report `failed` with the end of the
 * installer's log. The installer's paths and the boot server URL are pointed into the test.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAutoinstallUserData } from '../../../generators/autoinstall/autoinstall-document.js';
import {
  INSTALLER_LOG,
  reportCommands,
  TARGET_ESP,
} from '../../../generators/autoinstall/report-commands.js';
import { INSTALLER_REPORT_DIR } from '../../../generators/shared/installer-report.js';
import { parseInventory } from '../../../inventory/load.js';
import { planCluster } from '../../../plan/plan-cluster.js';
import { lifecycleHost } from '../support/lifecycle-hosts.js';
import { startReportServer, type ReportServer } from '../support/report-server.js';
import { hasTool, REPO_ROOT, run as runTool } from '../support/tools.js';

const BOOT_SERVER = 'http://10.0.0.2:8080';
const loaded = parseInventory(
  readFileSync(path.join(REPO_ROOT, 'test/fixtures/ubuntu-pxe.yaml'), 'utf8'),
  'ubuntu-pxe.yaml',
);
const plan = planCluster(loaded.inventory!);
const { config, token } = lifecycleHost(plan, 'nb2');
const commands = reportCommands(config);

function run(script: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('dash', ['-c', script], { env: { PATH: '/usr/bin:/bin' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('autoinstall lifecycle commands', () => {
  let dir = '';
  let server: ReportServer;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'bf-ai-report-'));
    server = await startReportServer();
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const local = (text: string): string =>
    text
      .replaceAll(INSTALLER_REPORT_DIR, path.join(dir, 'installer'))
      .replaceAll(INSTALLER_LOG, path.join(dir, 'installer.log'))
      // Never the test machine's own UEFI variables: the disk-first step sees a BIOS machine.
      .replaceAll('/sys/firmware/efi/efivars', path.join(dir, 'no-efivars'))
      .replaceAll(BOOT_SERVER, server.base);

  it('are in the autoinstall section: early-commands first, late- and error-commands after user-data', () => {
    const section = (load(renderAutoinstallUserData(config)) as { autoinstall: Record<string, unknown> })
      .autoinstall;
    const keys = Object.keys(section);
    expect(keys.slice(0, 2)).toEqual(['version', 'early-commands']);
    expect(keys.indexOf('late-commands')).toBeGreaterThan(keys.indexOf('user-data'));
    expect(section['early-commands']).toEqual(commands['early-commands']);
    expect(section['late-commands']).toEqual(commands['late-commands']);
    expect(section['error-commands']).toEqual(commands['error-commands']);
  });

  it.skipIf(!hasTool('shellcheck'))("every command passes shellcheck as dash (Ubuntu's /bin/sh)", () => {
    for (const c of [
      ...commands['early-commands'],
      ...commands['late-commands'],
      ...commands['error-commands'],
    ]) {
      const r = runTool('shellcheck', ['--shell', 'dash', '--format', 'gcc', '-'], {
        input: `#!/bin/sh\n${c}\n`,
      });
      expect(r.stdout + r.stderr, c.slice(0, 80)).toBe('');
    }
  });

  it.runIf(hasTool('dash'))(
    "late-commands put the installed system's EFI entries first, reading its ESP under /target",
    async () => {
      const bin = path.join(dir, 'bin');
      mkdirSync(bin, { recursive: true });
      const put = (name: string, text: string): void => {
        writeFileSync(path.join(bin, name), text);
        chmodSync(path.join(bin, name), 0o755);
      };
      put(
        'efibootmgr',
        `#!/bin/sh
case "$1" in
  -v) printf '%s\\n' 'BootOrder: 0001,0002' 'Boot0001* UEFI PXEv4 MAC(525400ab0022,1)' 'Boot0003* ubuntu HD(1,GPT,9a3f0c2e-7d1b-4c55-9e8f-0123456789ab,0x800,0x100000)/File(\\EFI\\ubuntu\\shimx64.efi)' ;;
  -o) echo "-o $2" >>${dir}/calls ;;
  -N) exit 1 ;;
  *) echo 'BootOrder: 0003,0001,0002' ;;
esac
`,
      );
      put('findmnt', `#!/bin/sh\n[ "$4" = ${TARGET_ESP} ] && echo /dev/vda1\n`);
      put('blkid', '#!/bin/sh\necho 9A3F0C2E-7D1B-4C55-9E8F-0123456789AB\n');
      const efivars = path.join(dir, 'efivars');
      mkdirSync(efivars, { recursive: true });
      const [diskFirst] = commands['late-commands'];
      const child = spawn('dash', ['-c', diskFirst!.replace('/sys/firmware/efi/efivars', efivars)], {
        env: { PATH: `${bin}:/usr/bin:/bin` },
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise((resolve) => child.on('exit', resolve));
      expect(code, out).toBe(0);
      expect(readFileSync(path.join(dir, 'calls'), 'utf8')).toBe('-o 0003,0001,0002\n');
      expect(out).toContain('(this disk first)');
    },
  );

  it.runIf(hasTool('dash') && hasTool('curl'))(
    'early-commands report installing with the host token, kept 0600; late-commands report installed',
    async () => {
      const early = await run(local(commands['early-commands'].join('\n')));
      expect(early.code, early.out).toBe(0);
      expect(early.out).not.toContain(token);
      const tokenFile = path.join(dir, 'installer', 'report-token');
      expect(readFileSync(tokenFile, 'utf8')).toBe(`${token}\n`);
      expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
      const late = await run(local(commands['late-commands'].join('\n')));
      expect(late.code, late.out).toBe(0);
      expect(late.out).toContain("bootforge: BIOS boot; the firmware's boot order decides");
      expect(server.received.map((r) => [r.url, r.authorization, JSON.parse(r.body)])).toEqual([
        [
          '/report/nb2',
          `Bearer ${token}`,
          { phase: 'installing', message: 'autoinstall: installing nb2 (ubuntu2404) on /dev/nvme0n1' },
        ],
        [
          '/report/nb2',
          `Bearer ${token}`,
          {
            phase: 'installed',
            message: 'autoinstall: nb2 (ubuntu2404) on /dev/nvme0n1 installed; rebooting into it',
          },
        ],
      ]);
    },
  );

  it.runIf(hasTool('dash') && hasTool('curl'))(
    "error-commands report failed with the last 20 lines of the installer's log",
    async () => {
      server.received.length = 0;
      mkdirSync(path.join(dir, 'installer'), { recursive: true });
      writeFileSync(
        path.join(dir, 'installer.log'),
        Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n'),
      );
      const r = await run(local(commands['error-commands'].join('\n')));
      expect(r.code, r.out).toBe(0);
      const body = JSON.parse(server.received[0]!.body) as { phase: string; message: string };
      expect(body.phase).toBe('failed');
      expect(body.message.split('\n')).toEqual([
        `autoinstall failed on nb2; the last lines of ${path.join(dir, 'installer.log')}:`,
        ...Array.from({ length: 20 }, (_, i) => `line ${i + 10}`),
      ]);
    },
  );
});
