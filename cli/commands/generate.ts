/**
 * `bootforge generate INVENTORY -o OUT [--pki DIR] [--only FORMAT...] [--hosts NAME...]`:
 * the whole pipeline. Input problems are reported as diagnostics (exit 2) before anything is
 * written; OUT is replaced atomically at the end, so a failed run leaves it as it was.
 */
import { summaryLine } from '../generate-summary.js';
import { provenanceOf } from '../provenance.js';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseFlags, positionals } from '../args.js';
import { EXIT_FAILURE, EXIT_INVALID, EXIT_OK, UsageError, type Command } from '../command.js';
import { printDiagnostics } from './validate.js';
import { progress } from '../progress.js';
import { paint, type Terminal } from '../terminal.js';
import { loadInventory } from '../../inventory/load.js';
import { osSupportDiagnostics } from '../../plan/os-support.js';
import { planCluster } from '../../plan/plan-cluster.js';
import { loadOrIssuePki } from '../../pki/store.js';
import { defaultStateDir } from '../../pki/state-layout.js';
import { ProfileError } from '../../profiles/errors.js';
import { preflightHostConfigs } from '../../profiles/preflight.js';
import { GENERATORS } from '../../generators/registry.js';
import {
  checkOnlyDelivered,
  selectableFormats,
  selectFormats,
  UndeliveredFormatError,
  UnknownFormatError,
} from '../../synth/select-formats.js';
import { synth } from '../../synth/synth.js';
import { workersAvailable } from '../../synth/host-workers.js';
import { readPreviousOut } from '../../emit/read-previous.js';
import { OutWriter } from '../../emit/out-writer.js';
import { profileErrorDiagnostic } from '../../profiles/diagnostics.js';
import { checkOutput } from '../../synth/check-output.js';
import type { Diagnostic } from '../../inventory/diagnostic.js';
import { outputDiagnostics, placed, readUserProfiles } from '../output-check.js';

const usage = `Usage: bootforge generate INVENTORY -o OUT [options]

Render everything every host needs to install itself on first boot into OUT:
hosts/<name>/{user-data,meta-data,network-config,config.ign,ks.cfg,seed.iso,...}, pxe/, cluster/,
manifest.json. The PKI is loaded from its state directory; missing pieces are issued, nothing
existing is replaced. OUT is swapped in atomically: a failed run leaves the previous OUT intact.

Options:
  -o, --output OUT     output directory (required)
  --pki DIR            PKI state directory (default: <inventory dir>/<cluster name>-pki)
  --only FORMAT        render only these formats (repeatable or comma-separated): ${selectableFormats(GENERATORS).join(', ')}
                       (pxe, dnsmasq, nginx, iso, vsphere, cloud and bundle only for hosts whose
                       delivery includes them: cluster.delivery, default [pxe, iso])
  --hosts NAME         render only these hosts' files (repeatable or comma-separated)
                       With --only/--hosts, files outside the selection are kept from the previous OUT.
  --strict             treat inventory warnings as errors
  --workers N          render hosts on N threads (default: one per core)
  -h, --help           show this help

Exit codes: 0 ok, 1 failure, 2 invalid input (nothing is written).
`;

/** What --strict found before the PKI's first write: refused with nothing written. */
class RefusedOutput extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super('the output has problems');
  }
}

/** One thread per core, when running the compiled build (the workers are compiled files). */
function defaultWorkers(): number {
  return workersAvailable() ? availableParallelism() : 1;
}

function list(values: string[] | undefined): string[] | undefined {
  if (!values) return undefined;
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export const generateCommand: Command = {
  name: 'generate',
  summary: 'render cloud-init, Ignition, kickstart, PXE, seed ISOs and the PKI for every host',
  usage,
  async run(args, term: Terminal) {
    const { values, positionals: rest } = parseFlags(args, {
      output: { type: 'string', short: 'o' },
      pki: { type: 'string' },
      only: { type: 'string', multiple: true },
      hosts: { type: 'string', multiple: true },
      strict: { type: 'boolean' },
      workers: { type: 'string' },
    });
    const [file = ''] = positionals(rest, ['INVENTORY']);
    if (!values.output) throw new UsageError('missing -o OUT');
    const workers = values.workers === undefined ? defaultWorkers() : Number(values.workers);
    if (!Number.isInteger(workers) || workers < 1)
      throw new UsageError(`--workers must be a whole number >= 1`);
    const inventoryPath = resolve(term.cwd, file);
    const outDir = resolve(term.cwd, values.output);

    let formats: string[];
    try {
      formats = selectFormats(GENERATORS, list(values.only));
    } catch (error) {
      if (error instanceof UnknownFormatError) throw new UsageError(error.message);
      throw error;
    }

    const loaded = await loadInventory(file, { cwd: term.cwd });
    const { inventory, diagnostics, locate } = loaded;
    printDiagnostics(term, diagnostics, file);
    const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
    if (!inventory) {
      term.err(`${file}: ${paint(term, 'red', 'invalid')}; nothing was written\n`);
      return EXIT_INVALID;
    }
    const plan = planCluster(inventory);
    // What the OS family cannot do (a runtime, a firewall mode, a format asked for by name).
    const unsupported = osSupportDiagnostics(plan, list(values.only) ?? []).map((d) =>
      locate ? { ...d, position: locate(d.path) } : d,
    );
    if (unsupported.length > 0) {
      printDiagnostics(term, unsupported, file);
      term.err(`${file}: ${paint(term, 'red', 'invalid')}; nothing was written\n`);
      return EXIT_INVALID;
    }
    try {
      checkOnlyDelivered(GENERATORS, list(values.only), plan.hosts);
    } catch (error) {
      if (error instanceof UndeliveredFormatError) throw new UsageError(error.message);
      throw error;
    }

    const selectedHosts = list(values.hosts);
    if (selectedHosts) {
      const unknown = selectedHosts.filter((h) => !plan.hosts.some((p) => p.name === h));
      if (unknown.length > 0) throw new UsageError(`--hosts names unknown host(s): ${unknown.join(', ')}`);
    }
    if (values.strict && warnings > 0) {
      // Refused already; still say everything else that validate --strict would.
      const only = list(values.only);
      const scope = {
        ...(only ? { formats: only } : {}),
        ...(selectedHosts ? { hosts: selectedHosts } : {}),
      };
      printDiagnostics(term, await outputDiagnostics(plan, loaded, inventoryPath, scope), file);
      term.err(`${file}: ${paint(term, 'red', 'invalid')} (--strict); nothing was written\n`);
      return EXIT_INVALID;
    }
    const stateDir = values.pki ? resolve(term.cwd, values.pki) : defaultStateDir(inventoryPath, plan.name);
    const bar = progress(term, plan.hosts.length);
    bar.phase(`planning ${plan.hosts.length} hosts, reading the PKI`);
    let writer: OutWriter | undefined;
    try {
      const userProfiles = readUserProfiles(plan, inventoryPath);
      const buildOptions = userProfiles ? { userProfiles } : {};
      // Before the PKI's first write, every host's profiles are checked against placeholder
      // material, so bad input changes nothing on disk; a complete PKI is only read. With
      // --strict, everything validate --strict checks runs there (the whole output, rendered
      // with an in-memory PKI and dropped), so a warning refuses before the PKI is issued.
      // --only as given: synth closes it over needs and the hosts' delivery itself.
      const only = list(values.only);
      const { pki, report } = await loadOrIssuePki(plan, stateDir, {
        beforeIssue: async () => {
          bar.phase(`checking ${plan.hosts.length} hosts before the PKI is written`);
          if (!values.strict) preflightHostConfigs(plan, buildOptions);
          else {
            const found = await checkOutput(plan, {
              ...(only ? { formats: only } : {}),
              ...(selectedHosts ? { hosts: selectedHosts } : {}),
              ...buildOptions,
              provenance: provenanceOf(file),
            });
            if (found.length > 0) throw new RefusedOutput(found);
          }
          bar.phase('issuing the PKI');
        },
      });
      bar.phase(`rendering ${selectedHosts?.length ?? plan.hosts.length} hosts`);
      const partial = values.only !== undefined || selectedHosts !== undefined;
      const previous = partial ? await readPreviousOut(outDir) : [];
      writer = await OutWriter.open(outDir);
      for (const line of writer.recovered) term.err(`${paint(term, 'yellow', 'note')}: ${line}\n`);
      const result = await synth(plan, pki, {
        ...(only ? { formats: only } : {}),
        ...(selectedHosts ? { hosts: selectedHosts } : {}),
        ...buildOptions,
        previous,
        provenance: provenanceOf(file),
        sink: writer,
        workers,
        onHost: (done, total) => bar.step('hosts', done, total),
      });
      if (result.diagnostics.length > 0) bar.end();
      printDiagnostics(term, placed(result.diagnostics, loaded.locate), file);
      if (values.strict && result.diagnostics.length > 0) {
        await writer.abort();
        bar.end();
        term.err(`${file}: ${paint(term, 'red', 'invalid')} (--strict); OUT was not written\n`);
        return EXIT_INVALID;
      }
      bar.step('writing', plan.hosts.length, plan.hosts.length);
      await writer.commit();
      bar.end();
      const changed = report.items.filter((i) => i.action !== 'keep' && i.action !== 'unused').length;
      term.err(
        `${summaryLine(term, result, plan, formats, selectedHosts, values.output ?? '')}; PKI ${stateDir}: ${changed === 0 ? 'unchanged' : `${changed} issued`}\n`,
      );
      return EXIT_OK;
    } catch (error) {
      await writer?.abort();
      bar.end();
      if (error instanceof ProfileError || error instanceof RefusedOutput) {
        const found = error instanceof RefusedOutput ? error.diagnostics : [profileErrorDiagnostic(error)];
        printDiagnostics(term, placed(found, loaded.locate), file);
        term.err(`${file}: ${paint(term, 'red', 'invalid')}; nothing was written\n`);
        return EXIT_INVALID;
      }
      term.err(`${paint(term, 'red', 'error')}: ${error instanceof Error ? error.message : String(error)}\n`);
      term.err('nothing was written to OUT; it is as it was\n');
      return EXIT_FAILURE;
    }
  },
};
