/**
 * `bootforge init [--example classic|ha]`: a commented starter inventory on stdout. It validates
 * as is (the only warning: no SSH key yet), so `bootforge init > cluster.yaml` is a working start.
 */
import { parseFlags, positionals } from '../args.js';
import { EXIT_OK, UsageError, type Command } from '../command.js';
import { CLASSIC_STARTER } from '../starter/classic.js';
import { HA_STARTER } from '../starter/ha.js';

const STARTERS: Record<string, string> = { classic: CLASSIC_STARTER, ha: HA_STARTER };

const usage = `Usage: bootforge init [--example classic|ha]

Print a commented starter inventory on stdout; it validates as is. Save it, then edit the
addresses, MACs and your SSH key:

  bootforge init > cluster.yaml && bootforge validate cluster.yaml

Options:
  --example NAME   classic (default): 1 master, 2 nodes, 1 etcd; CentOS 7, docker, Kubernetes 1.23
                   ha: 3 etcd, 3 masters behind a load balancer, workers; EL9, containerd, 1.34
  -h, --help       show this help

Exit codes: 0 ok, 2 bad flag.
`;

export const initCommand: Command = {
  name: 'init',
  summary: 'print a commented starter inventory',
  usage,
  run(args, term) {
    const { values, positionals: rest } = parseFlags(args, { example: { type: 'string' } });
    positionals(rest, []);
    const name = values.example ?? 'classic';
    const text = STARTERS[name];
    if (text === undefined)
      throw new UsageError(`unknown example '${name}' (known: ${Object.keys(STARTERS).join(', ')})`);
    term.out(text);
    return Promise.resolve(EXIT_OK);
  },
};
