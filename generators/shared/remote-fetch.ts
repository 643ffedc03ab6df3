/**
 * Remote files (a URL plus the sha256 the download must match) are made real on the host by one
 * first-boot unit that is the same in every format: `bootforge-fetch-remote-files.service` runs a
 * fixed script over a tab-separated list. It downloads with retries and back-off (until it succeeds), refuses a file
 * whose sha256 differs, installs it with its mode and owner, and pulls members out of archives.
 *
 * Ignition also downloads plain remote files natively (`contents.source` + `verification.hash`);
 * there the unit finds them present and verified, re-checks them and extracts archive members,
 * which Ignition cannot do. So all three formats carry the same files and units.
 */
import type { InlineFile, RemoteFile, SystemdUnit } from '../../host/host-config.js';
import type { OsFamily } from '../../os/family.js';
import { octalMode } from './file-mode.js';
import { ownerOf } from './ownership.js';

/** Where the fetch script goes: the OS family's sbinDir (`/usr/local/sbin` on most). */
export function fetchScriptPath(family: Pick<OsFamily, 'sbinDir'>): string {
  return `${family.sbinDir}/bootforge-fetch-remote-files`;
}
export const FETCH_LIST_PATH = '/etc/bootforge/remote-files.tsv';
export const FETCH_UNIT_NAME = 'bootforge-fetch-remote-files.service';

const FETCH_SCRIPT = `#!/bin/bash
# Installed by bootforge. Downloads every remote file listed in ${FETCH_LIST_PATH},
# checks its sha256 before anything can use it, installs it with its mode and owner, and
# extracts the listed members of verified archives. Safe to run again: a file that is already
# present with the right sha256 is not downloaded twice. Usage: $0 [LIST]
# A download keeps being retried, with a back-off doubling from 2 s up to 60 s, until it verifies
# (so a host finishes by itself once its boot server or mirror is back); BOOTFORGE_FETCH_ATTEMPTS
# sets a limit instead (0, the default, is none).
set -euo pipefail

readonly LIST=\${1:-${FETCH_LIST_PATH}}
readonly MAX_ATTEMPTS=\${BOOTFORGE_FETCH_ATTEMPTS:-0}

verified() { # FILE SHA256
  [ -f "$1" ] && printf '%s  %s\\n' "$2" "$1" | sha256sum --check --status
}

download() { # URL DEST SHA256
  local url=$1 dest=$2 sum=$3 attempt=1 delay=2 tmp
  (umask 022 && mkdir -p "$(dirname "$dest")")
  until verified "$dest" "$sum"; do
    tmp=$(mktemp "$dest.download.XXXXXX")
    if curl --fail --silent --show-error --location --connect-timeout 20 --output "$tmp" "$url" &&
      verified "$tmp" "$sum"; then
      mv -f "$tmp" "$dest"
    else
      rm -f "$tmp"
      if [ "$MAX_ATTEMPTS" -gt 0 ] && [ "$attempt" -ge "$MAX_ATTEMPTS" ]; then
        echo "bootforge: giving up on $url after $attempt attempts (download failed or sha256 is not $sum)" >&2
        return 1
      fi
      echo "bootforge: $url failed (attempt $attempt), retrying in \${delay}s" >&2
      sleep "$delay"
      attempt=$((attempt + 1))
      delay=$((delay * 2))
      if [ "$delay" -gt 60 ]; then delay=60; fi
    fi
  done
}

extract() { # ARCHIVE MEMBER DEST MODE USER GROUP
  local tmp
  (umask 022 && mkdir -p "$(dirname "$3")")
  tmp=$(mktemp "$3.extract.XXXXXX")
  tar -xzf "$1" -O -- "$2" >"$tmp"
  chmod "$4" "$tmp"
  chown "$5:$6" "$tmp"
  mv -f "$tmp" "$3"
}

while IFS=$'\\t' read -r kind a b c d e f; do
  case "$kind" in
    file)
      download "$f" "$a" "$e"
      chmod "$b" "$a"
      chown "$c:$d" "$a"
      ;;
    extract) extract "$a" "$b" "$c" "$d" "$e" "$f" ;;
    *)
      echo "bootforge: unknown entry '$kind' in $LIST" >&2
      exit 1
      ;;
  esac
done <"$LIST"
`;

/** Where an archive member lands: `to` as given when absolute, else beside the archive. */
export function memberDestination(archivePath: string, to: string): string {
  if (to.startsWith('/')) return to;
  const dir = archivePath.slice(0, archivePath.lastIndexOf('/')) || '/';
  return `${dir === '/' ? '' : dir}/${to}`;
}

/** One line of the fetch list per remote file, then one per archive member to extract. */
export function fetchListContent(files: readonly RemoteFile[]): string {
  const lines: string[] = [];
  for (const file of files) {
    const owner = ownerOf(file);
    lines.push(
      row(['file', file.path, octalMode(file.mode), owner.user, owner.group, file.sha256, file.url]),
    );
    for (const member of file.archive?.members ?? []) {
      lines.push(
        row([
          'extract',
          file.path,
          member.from,
          memberDestination(file.path, member.to),
          octalMode(member.mode),
          owner.user,
          owner.group,
        ]),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function row(fields: string[]): string {
  for (const field of fields) {
    if (field === '' || /[\t\n\r]/.test(field)) {
      throw new Error(`remote file entry ${JSON.stringify(field)} is empty or contains a tab or line break`);
    }
  }
  return fields.join('\t');
}

/** The script, its list and its unit; `orderBefore` are the host's units that may use the files. */
export function remoteFetchSupport(
  files: readonly RemoteFile[],
  orderBefore: readonly string[],
  scriptPath: string,
): { files: InlineFile[]; unit: SystemdUnit } {
  const before = [...orderBefore].filter((name) => name !== FETCH_UNIT_NAME).sort();
  const unitLines = [
    '[Unit]',
    'Description=Download the remote files bootforge pinned by sha256 and verify them',
    'Wants=network-online.target',
    'After=network-online.target',
    ...(before.length > 0 ? [`Before=${before.join(' ')}`] : []),
    '',
    '[Service]',
    'Type=oneshot',
    'RemainAfterExit=yes',
    'TimeoutStartSec=0',
    `ExecStart=${scriptPath}`,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
  ];
  return {
    files: [
      { path: scriptPath, mode: 0o755, content: FETCH_SCRIPT, secret: false },
      { path: FETCH_LIST_PATH, mode: 0o644, content: fetchListContent(files), secret: false },
    ],
    unit: { name: FETCH_UNIT_NAME, contents: `${unitLines.join('\n')}\n`, enabled: true, dropins: [] },
  };
}
