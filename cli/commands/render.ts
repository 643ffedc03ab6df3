/**
 * `bootforge render INVENTORY HOST PATH [--pki DIR]`: the exact bytes `generate` writes at
 * OUT/hosts/HOST/PATH, on stdout, rendered in memory by the same synth() with the existing PKI.
 * It never issues keys or certificates: without a complete PKI it refuses (exit 2).
 */
import { provenanceOf } from '../provenance.js';
import { parseFlags, positionals } from '../args.js';
import { EXIT_INVALID, EXIT_OK, UsageError, type Command } from '../command.js';
import { loadForRender } from '../load-for-render.js';
import { toBytes } from '../../encoders/bytes.js';
import { hostOutputPath } from '../../generators/shared/output-paths.js';
import { synth } from '../../synth/synth.js';

const usage = `Usage: bootforge render INVENTORY HOST PATH [--pki DIR]

Print to stdout exactly the bytes \`bootforge generate\` writes at OUT/hosts/HOST/PATH, e.g.

  bootforge render cluster.yaml knode1 user-data
  bootforge render cluster.yaml knode1 ks.cfg | less
  bootforge render cluster.yaml knode1 seed.iso > knode1.iso

It renders with the existing PKI and writes nothing; it never issues keys or certificates (run
\`bootforge generate\` or \`bootforge pki\` first).

Options:
  --pki DIR    PKI state directory (default: <inventory dir>/<cluster name>-pki)
  -h, --help   show this help

Exit codes: 0 ok, 1 failure, 2 invalid inventory, unknown host or path, or no complete PKI.
`;

export const renderCommand: Command = {
  name: 'render',
  summary: "print one of a host's files exactly as generate writes it",
  usage,
  async run(args, term) {
    const { values, positionals: rest } = parseFlags(args, { pki: { type: 'string' } });
    const [file = '', host = '', path = ''] = positionals(rest, ['INVENTORY', 'HOST', 'PATH']);
    const input = await loadForRender(term, file, values.pki);
    if (input === undefined) return EXIT_INVALID;
    const { plan, pki, userProfiles } = input;
    if (!plan.hosts.some((h) => h.name === host)) {
      throw new UsageError(
        `no host '${host}' in ${file} (hosts: ${plan.hosts.map((h) => h.name).join(', ')})`,
      );
    }
    const { files } = await synth(plan, pki, {
      hosts: [host],
      provenance: provenanceOf(file),
      ...(userProfiles ? { userProfiles } : {}),
    });
    const wanted = hostOutputPath(host, path.replace(/^\/+/, ''));
    const found = files.find((f) => f.path === wanted);
    if (found === undefined) {
      const prefix = hostOutputPath(host, '');
      const known = files.filter((f) => f.path.startsWith(prefix)).map((f) => f.path.slice(prefix.length));
      throw new UsageError(`generate writes no ${wanted} (${host} has: ${known.join(', ')})`);
    }
    const content = found.content;
    if (typeof content === 'string') term.out(content);
    else if (term.outBytes) term.outBytes(toBytes(content));
    else throw new Error('this terminal cannot take bytes on stdout');
    return EXIT_OK;
  },
};
