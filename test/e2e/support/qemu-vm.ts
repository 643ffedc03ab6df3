/**
 * One network boot of a throwaway QEMU VM under software emulation (TCG; CI has no KVM). The VM
 * has no disk: an e1000 NIC with Debian's iPXE ROM (ipxe-qemu) gets DHCP from QEMU's user-mode
 * network, whose `bootfile` option hands iPXE the entry URL. 10.0.2.2 inside the VM is the host's
 * loopback, so a server listening on 127.0.0.1 is reachable at http://10.0.2.2:<port>/.
 * `-nographic` makes SeaBIOS copy the ROM's text console to the serial port, so iPXE's messages and
 * the initramfs' markers both arrive on the VM's serial output (our stdout).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const IPXE_ROM = '/usr/lib/ipxe/qemu/pxe-e1000.rom';
export const QEMU_TOOLS = ['qemu-system-x86_64', IPXE_ROM] as const;

export interface VmBootOptions {
  mac: string;
  /** The URL QEMU's DHCP hands to iPXE as the boot file, e.g. http://10.0.2.2:8080/pxe/boot.ipxe. */
  bootUrl: string;
  timeoutMs: number;
  /** Stop the VM as soon as its serial output matches (for boots that never power off). */
  stopWhen?: RegExp;
  /** Write the raw serial output here when the boot ends (kept for the CI log on failure). */
  serialLog?: string;
  /**
   * sha256 per kind (ks, user-data, ignition, ...) that the VM must see; handed in through QEMU's
   * fw_cfg as opt/bootforge/expected, checked by the initramfs, which prints its verdict.
   */
  expectedSha256?: Readonly<Record<string, string>>;
  /**
   * Have the initramfs report `installing` and `installed` to serve with the token of the
   * kickstart it fetched (fw_cfg opt/bootforge/report), as an installer's %pre and %post do.
   */
  report?: boolean;
}

export interface VmBoot {
  /** Serial output with carriage returns removed. */
  serial: string;
  ms: number;
  /** poweroff: the VM powered itself off; matched: stopWhen matched; timeout: killed after timeoutMs. */
  ended: 'poweroff' | 'matched' | 'timeout';
}

export function qemuArgs(
  options: Pick<VmBootOptions, 'mac' | 'bootUrl' | 'report'>,
  expectedFile?: string,
): string[] {
  const fwCfg = [
    ...(expectedFile === undefined ? [] : ['-fw_cfg', `name=opt/bootforge/expected,file=${expectedFile}`]),
    ...(options.report === true ? ['-fw_cfg', 'name=opt/bootforge/report,string=1'] : []),
  ];
  return [
    ...fwCfg,
    '-accel',
    'tcg',
    '-m',
    '512',
    '-nographic',
    '-nodefaults',
    '-no-reboot',
    '-monitor',
    'none',
    '-serial',
    'stdio',
    '-netdev',
    `user,id=n0,bootfile=${options.bootUrl}`,
    '-device',
    `e1000,netdev=n0,mac=${options.mac},romfile=${IPXE_ROM}`,
    '-boot',
    'n',
  ];
}

export async function bootVm(options: VmBootOptions): Promise<VmBoot> {
  let expectedFile: string | undefined;
  if (options.expectedSha256 !== undefined) {
    const dir = await mkdtemp(join(tmpdir(), 'bootforge-vm-'));
    expectedFile = join(dir, 'expected');
    const lines = Object.entries(options.expectedSha256).map(([kind, sha]) => `${kind} ${sha}\n`);
    await writeFile(expectedFile, lines.join(''));
  }
  try {
    return await runVm(options, expectedFile);
  } finally {
    if (expectedFile !== undefined) await rm(dirname(expectedFile), { recursive: true, force: true });
  }
}

function runVm(options: VmBootOptions, expectedFile: string | undefined): Promise<VmBoot> {
  const started = Date.now();
  const child = spawn('qemu-system-x86_64', qemuArgs(options, expectedFile), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let serial = '';
  let stderr = '';
  let ended: VmBoot['ended'] = 'poweroff';
  const stop = (why: VmBoot['ended']): void => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    ended = why;
    child.kill('SIGTERM');
  };
  const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
  child.stdout.setEncoding('latin1');
  child.stdout.on('data', (chunk: string) => {
    serial += chunk.replaceAll('\r', '');
    if (options.stopWhen?.test(serial) === true) stop('matched');
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolvePromise, reject) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Date.now() - started;
      const done = async (): Promise<void> => {
        if (options.serialLog !== undefined) await writeFile(options.serialLog, serial);
        if (ended === 'poweroff' && code !== 0) {
          throw new Error(`qemu exited with ${code ?? signal}: ${stderr.trim()}`);
        }
        resolvePromise({ serial, ms, ended });
      };
      done().catch(reject);
    });
  });
}
