/**
 * `bootforge plan INVENTORY [--json]`: the resolved cluster (hosts, service and DNS IPs, flannel
 * subnets, etcd members, apiserver endpoints, component versions). Writes nothing.
 */
import { parseFlags, positionals } from '../args.js';
import { EXIT_INVALID, EXIT_OK, type Command } from '../command.js';
import { paint } from '../terminal.js';
import { countDiagnostics, sortDiagnostics, summarise } from '../../inventory/format.js';
import { loadInventory } from '../../inventory/load.js';
import { formatPlan } from '../../plan/format-plan.js';
import { planCluster } from '../../plan/plan-cluster.js';
import { planToJson } from '../../plan/plan-json.js';
import { printDiagnostics } from './validate.js';

const usage = `Usage: bootforge plan INVENTORY [--json]

Show the resolved cluster: per host its roles, IP and MAC; the API service IP and DNS IP; the
apiserver endpoints; flannel's network, per-node subnet length and capacity; the etcd members
with peer and client URLs; the component versions (defaults for the Kubernetes version, or pins).

Options:
  --json     print one JSON document on stdout: the plan with its warnings under "diagnostics",
             or, for an invalid inventory, {valid: false, errors, warnings, diagnostics}
  -h, --help show this help

Exit codes: 0 ok, 2 invalid inventory (problems are printed as by \`bootforge validate\`).
`;

export const planCommand: Command = {
  name: 'plan',
  summary: 'show the resolved cluster: addresses, subnets, etcd members, versions',
  usage,
  async run(args, term) {
    const { values, positionals: rest } = parseFlags(args, { json: { type: 'boolean' } });
    const [file = ''] = positionals(rest, ['INVENTORY']);
    const { inventory, diagnostics } = await loadInventory(file, { cwd: term.cwd });
    const sorted = sortDiagnostics(diagnostics);
    const counts = countDiagnostics(diagnostics);
    if (values.json) {
      const doc = inventory
        ? { ...planToJson(planCluster(inventory)), diagnostics: sorted }
        : { valid: false, errors: counts.errors, warnings: counts.warnings, diagnostics: sorted };
      term.out(`${JSON.stringify(doc, null, 2)}\n`);
      return inventory ? EXIT_OK : EXIT_INVALID;
    }
    printDiagnostics(term, diagnostics, file);
    if (!inventory) {
      term.err(`${file}: ${paint(term, 'red', 'invalid')}, ${summarise(counts)}\n`);
      return EXIT_INVALID;
    }
    term.out(formatPlan(planCluster(inventory)));
    return EXIT_OK;
  },
};
