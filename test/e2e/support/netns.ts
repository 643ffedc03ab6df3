/**
 * Network namespaces joined by one bridge: each namespace is a machine with its own loopback and
 * one interface at its inventory address, so every member can listen on 127.0.0.1:2379 and on its
 * own address at the same time, as on separate hosts. The bridge lives in a namespace of its own,
 * so the test never touches the host's network. Needs root (CAP_NET_ADMIN).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { runChecked, runProcess, type ProcessResult, type RunOptions } from './run-process.js';

export interface Lan {
  /** Namespace name per machine name. */
  namespaces: Map<string, string>;
  /** Runs a program inside a machine's namespace to completion. */
  run(
    machine: string,
    program: string,
    args: readonly string[],
    options?: RunOptions,
  ): Promise<ProcessResult>;
  /** Starts a long-running program inside a machine's namespace. */
  spawn(machine: string, program: string, args: readonly string[]): ChildProcess;
  destroy(): Promise<void>;
}

export async function createLan(
  prefix: string,
  machines: { name: string; ip: string; prefixLength: number }[],
): Promise<Lan> {
  const tag = `${prefix}${process.pid}`;
  const switchNs = `${tag}-sw`;
  const namespaces = new Map<string, string>();
  const created: string[] = [];
  const ip = (args: string[]): Promise<ProcessResult> => runChecked('ip', args);
  const destroy = async (): Promise<void> => {
    for (const ns of created.reverse()) await runProcess('ip', ['netns', 'del', ns]);
  };
  try {
    await ip(['netns', 'add', switchNs]);
    created.push(switchNs);
    await ip(['-n', switchNs, 'link', 'add', 'br0', 'type', 'bridge']);
    await ip(['-n', switchNs, 'link', 'set', 'br0', 'up']);
    for (const [index, machine] of machines.entries()) {
      const ns = `${tag}-${machine.name}`;
      await ip(['netns', 'add', ns]);
      created.push(ns);
      namespaces.set(machine.name, ns);
      const port = `p${index}`;
      await ip(['-n', switchNs, 'link', 'add', port, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
      await ip(['-n', switchNs, 'link', 'set', port, 'master', 'br0', 'up']);
      await ip(['-n', ns, 'link', 'set', 'lo', 'up']);
      await ip(['-n', ns, 'addr', 'add', `${machine.ip}/${machine.prefixLength}`, 'dev', 'eth0']);
      await ip(['-n', ns, 'link', 'set', 'eth0', 'up']);
    }
  } catch (error) {
    await destroy();
    throw error;
  }
  const nsOf = (machine: string): string => {
    const ns = namespaces.get(machine);
    if (ns === undefined) throw new Error(`no machine ${machine} on this LAN`);
    return ns;
  };
  return {
    namespaces,
    run: (machine, program, args, options) =>
      runProcess('ip', ['netns', 'exec', nsOf(machine), program, ...args], options),
    spawn: (machine, program, args) =>
      spawn('ip', ['netns', 'exec', nsOf(machine), program, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }),
    destroy,
  };
}
