/**
 * The line `generate` ends with: what this run rendered, for how many hosts and in which formats,
 * and, for a partial run (--only, --hosts), how many files it kept from the previous OUT, so
 * `--hosts knode2 --only kickstart` does not claim to have generated every host's files. The
 * formats named are those with a file in OUT: a run's formats that no host's OS takes (Ignition and
 * kickstart for Ubuntu hosts) are not claimed.
 */
import { GENERATORS } from '../generators/registry.js';
import type { ClusterPlan } from '../plan/model.js';
import { deliveredFormats } from '../synth/select-formats.js';
import type { SynthResult } from '../synth/synth.js';
import { paint, type Terminal } from './terminal.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function summaryLine(
  term: Terminal,
  result: Pick<SynthResult, 'manifest' | 'kept'>,
  plan: ClusterPlan,
  formats: readonly string[],
  selectedHosts: readonly string[] | undefined,
  out: string,
): string {
  const hosts =
    selectedHosts === undefined ? plan.hosts : plan.hosts.filter((h) => selectedHosts.includes(h.name));
  const rendered = result.manifest.files.length - result.kept;
  const present = new Set(result.manifest.files.map((f) => f.format));
  const delivered = deliveredFormats(GENERATORS, formats, hosts)
    .filter((f) => present.has(f))
    .join(', ');
  const partial = selectedHosts !== undefined || result.kept > 0;
  const verb = partial ? 'rendered' : 'generated';
  const kept = result.kept > 0 ? `; kept ${result.kept} from the previous OUT` : '';
  return `${paint(term, 'green', verb)} ${plural(rendered, 'file')} for ${plural(hosts.length, 'host')} in ${out} (${delivered})${kept}`;
}
