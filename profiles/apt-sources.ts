/**
 * The apt archive a host installs from: the family's primary and security archives (os/), rewritten
 * onto `cluster.artifacts.mirror` like every download (an air-gapped site mirrors
 * deb.debian.org/debian under <mirror>/deb.debian.org/debian), and the sources list naming them.
 * No runtime adds an apt repository: containerd comes from its release tarball on apt families.
 */
import type { AptSources } from '../host/host-config.js';
import type { AptArchive } from '../os/family.js';
import { mirrorUrl } from './artifacts.js';

/** The sources list cloud-init writes; it replaces `$PRIMARY` and `$SECURITY` itself. */
export function aptSourcesList(archive: AptArchive): string {
  const components = archive.components.join(' ');
  const security = `${archive.codename}-security`;
  if (archive.format === 'one-line') {
    return [
      ...archive.suites.map((suite) => `deb $PRIMARY ${suite} ${components}`),
      `deb $SECURITY ${security} ${components}`,
      '',
    ].join('\n');
  }
  const stanza = (uri: string, suites: readonly string[]): string =>
    [
      'Types: deb',
      `URIs: ${uri}`,
      `Suites: ${suites.join(' ')}`,
      `Components: ${components}`,
      `Signed-By: ${archive.keyring}`,
      '',
    ].join('\n');
  return `${stanza('$PRIMARY', archive.suites)}\n${stanza('$SECURITY', [security])}`;
}

export function aptSources(archive: AptArchive, mirror: string | undefined): AptSources {
  return {
    primary: mirrorUrl(archive.primary, mirror),
    security: mirrorUrl(archive.security, mirror),
    sourcesList: aptSourcesList(archive),
    setAside: [...archive.imageSources],
  };
}
