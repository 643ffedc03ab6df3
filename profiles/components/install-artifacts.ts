/**
 * Binaries for the host. Pinned single binaries become RemoteFiles (every format can fetch and
 * verify them; Ignition natively). Everything else goes through install-artifacts.sh: pinned
 * archives (also fetched as RemoteFiles into the cache, then extracted) and every unpinned
 * artifact, which the script checks against the upstream checksum file before installing.
 */
import type { RemoteFile } from '../../host/host-config.js';
import { urlFileName, type Artifact } from '../artifacts.js';
import { scriptFile, unit } from '../files.js';
import { STEP_ORDER, type Contribution, type ProfileContext } from '../model.js';
import { ARTIFACT_CACHE, STATE_DIR } from '../paths.js';
import { reportScriptPath } from '../../host/lifecycle.js';
import { reportUrl } from './lifecycle.js';

export const INSTALL_ARTIFACTS_UNIT = 'install-artifacts.service';
const scriptPath = (ctx: ProfileContext): string => `${ctx.family.scriptDir}/install-artifacts.sh`;

/** Pinned single binaries need no script. */
function isNative(a: Artifact): boolean {
  return a.kind === 'binary' && a.sha256 !== undefined;
}

/** Does this artifact list need the install script (and so install-artifacts.service)? */
export function needsInstallStep(artifacts: readonly Artifact[]): boolean {
  return artifacts.some((a) => !isNative(a));
}

function remoteFiles(artifacts: readonly Artifact[]): RemoteFile[] {
  const out: RemoteFile[] = [];
  for (const a of artifacts) {
    if (a.sha256 === undefined) continue;
    if (a.kind === 'binary') {
      for (const i of a.installs) out.push({ path: i.to, mode: i.mode, url: a.url, sha256: a.sha256 });
    } else {
      // The archive itself, verified on download; install-artifacts.sh extracts the members.
      out.push({
        path: `${ARTIFACT_CACHE}/${urlFileName(a.url)}`,
        mode: 0o644,
        url: a.url,
        sha256: a.sha256,
      });
    }
  }
  return out;
}

export function installArtifactsComponent(ctx: ProfileContext, artifacts: readonly Artifact[]): Contribution {
  const files = remoteFiles(artifacts);
  if (!needsInstallStep(artifacts)) return { source: 'install-artifacts', files };
  const scripted = artifacts.filter((a) => !isNative(a));
  const script = ctx.render('host/install-artifacts.sh.hbs', {
    hostname: ctx.host.name,
    // Waits are reported when the host reports its install at all (a boot server exists).
    reportScript: reportUrl(ctx) === undefined ? '' : reportScriptPath(ctx.family),
    cacheDir: ARTIFACT_CACHE,
    markerDir: `${STATE_DIR}/artifacts`,
    artifacts: scripted.map((a) => ({
      name: a.name,
      version: a.version,
      url: a.url,
      fileName: urlFileName(a.url),
      sha256: a.sha256 ?? '',
      checksumUrl: a.checksum?.url ?? '',
      checksumFormat: a.checksum?.format ?? '',
      archive: a.kind === 'tar.gz',
      marker: `${a.name}-${a.version}.done`,
      installs: a.installs.map((i) => ({
        from: i.from ?? '',
        to: i.to,
        mode: i.mode.toString(8).padStart(4, '0'),
      })),
    })),
  });
  return {
    source: 'install-artifacts',
    files: [...files, scriptFile(scriptPath(ctx), script)],
    units: [
      unit(
        INSTALL_ARTIFACTS_UNIT,
        ctx.render('host/oneshot.service.hbs', {
          // The script retries until every artifact is installed; it never fails the boot.
          description: 'Download, verify (sha256) and install Kubernetes binaries',
          wants: 'network-online.target',
          after: 'network-online.target k8s-prerequisites.service',
          requires: '',
          before: '',
          condition: '',
          script: scriptPath(ctx),
        }),
      ),
    ],
    steps: [
      {
        unit: INSTALL_ARTIFACTS_UNIT,
        description: 'Install verified binaries',
        order: STEP_ORDER.installArtifacts,
      },
    ],
  };
}
