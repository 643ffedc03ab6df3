/**
 * One network namespace holding a bridge and a tap device per VM: QEMU, started inside the
 * namespace, plugs each VM into the bridge through its tap, and the namespace itself takes the
 * inventory's gateway and boot-server addresses on the bridge, so the VMs reach `serve` and the
 * test reaches them at their inventory addresses. The host's own network is never touched.
 * Needs root (CAP_NET_ADMIN, /dev/net/tun).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { runChecked, runProcess, type ProcessResult, type RunOptions } from './run-process.js';

export interface VmLan {
  namespace: string;
  /** Runs a program inside the namespace to completion. */
  run(program: string, args: readonly string[], options?: RunOptions): Promise<ProcessResult>;
  /** Starts a long-running program inside the namespace. */
  spawn(program: string, args: readonly string[]): ChildProcess;
  destroy(): Promise<void>;
}

/** `addresses`: CIDR forms (`192.0.2.1/24`) put on the bridge; `taps`: one device name per VM. */
export async function createVmLan(
  prefix: string,
  addresses: readonly string[],
  taps: readonly string[],
): Promise<VmLan> {
  const namespace = `${prefix}${process.pid}`;
  const ip = (args: string[]): Promise<ProcessResult> => runChecked('ip', args);
  await ip(['netns', 'add', namespace]);
  const destroy = async (): Promise<void> => {
    await runProcess('ip', ['netns', 'del', namespace]);
  };
  try {
    await ip(['-n', namespace, 'link', 'set', 'lo', 'up']);
    await ip(['-n', namespace, 'link', 'add', 'br0', 'type', 'bridge']);
    for (const address of addresses) await ip(['-n', namespace, 'addr', 'add', address, 'dev', 'br0']);
    await ip(['-n', namespace, 'link', 'set', 'br0', 'up']);
    for (const tap of taps) {
      await ip(['-n', namespace, 'tuntap', 'add', 'dev', tap, 'mode', 'tap']);
      await ip(['-n', namespace, 'link', 'set', tap, 'master', 'br0', 'up']);
    }
  } catch (error) {
    await destroy();
    throw error;
  }
  return {
    namespace,
    run: (program, args, options) =>
      runProcess('ip', ['netns', 'exec', namespace, program, ...args], options),
    spawn: (program, args) =>
      spawn('ip', ['netns', 'exec', namespace, program, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }),
    destroy,
  };
}
