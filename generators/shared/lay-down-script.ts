/**
 * A bash script that lays down a prepared HostConfig's users, directories, files and units on a
 * mounted system, as kickstart's %post does: the same result cloud-init and Ignition produce
 * natively. It is built as a list of operations, then serialised; every operation is one call to
 * a small function defined at the top, so the script stays readable and can be parsed back.
 * File contents travel as base64 in quoted heredocs, so any byte sequence survives unchanged.
 */
import type { HostConfig, InlineFile } from '../../host/host-config.js';
import { isRemote } from '../../host/host-config.js';
import { accountSettings, isRootAccount } from './accounts.js';
import { BoundedMemo } from './bounded-memo.js';
import { octalMode } from './file-mode.js';
import { ownerOf } from './ownership.js';
import { shellCommand } from './shell-quote.js';
import { unitAsFiles } from './systemd-paths.js';

export const HEREDOC_END = 'BOOTFORGE_EOF';
/** Placeholder for an absent optional argument of bf_user. */
export const NONE = '-';

export type LayDownOp =
  | { kind: 'user'; name: string; system: boolean; shell: string; home: string; groups: string }
  | { kind: 'keys'; user: string; keys: string[] }
  | { kind: 'dir'; path: string; mode: string; user: string; group: string }
  | { kind: 'file'; path: string; mode: string; user: string; group: string; content: string }
  | { kind: 'enable'; units: string[] };

const PRELUDE = `set -euo pipefail
umask 077

bf_user() { # NAME system|regular SHELL|- HOME|- GROUPS|-   (create unless it exists)
  local args=() group groups=()
  if getent passwd "$1" >/dev/null; then return 0; fi
  if [ "$2" = system ]; then args+=(--system --no-create-home); else args+=(--create-home); fi
  if [ "$3" != - ]; then args+=(--shell "$3"); fi
  if [ "$4" != - ]; then args+=(--home-dir "$4"); fi
  if [ "$5" != - ]; then
    IFS=, read -r -a groups <<<"$5"
    for group in "\${groups[@]}"; do
      getent group "$group" >/dev/null || groupadd "$group"
    done
    args+=(--groups "$5")
  fi
  useradd "\${args[@]}" "$1"
}

bf_keys() { # USER; authorized keys on stdin, appended to ~USER/.ssh/authorized_keys
  local home
  home=$(getent passwd "$1" | cut -d: -f6)
  mkdir -p "$home/.ssh"
  cat >>"$home/.ssh/authorized_keys"
  chmod 0700 "$home/.ssh"
  chmod 0600 "$home/.ssh/authorized_keys"
  chown -R "$1:$(id -gn "$1")" "$home/.ssh"
}

bf_dir() { # PATH MODE USER GROUP
  (umask 022 && mkdir -p "$1")
  chmod "$2" "$1"
  chown "$3:$4" "$1"
}

bf_file() { # PATH MODE USER GROUP; base64 content on stdin
  (umask 022 && mkdir -p "$(dirname "$1")")
  base64 -d >"$1"
  chmod "$2" "$1"
  chown "$3:$4" "$1"
}
`;

/** Users (root excluded: kickstart's rootpw/sshkey handle it), directories, files, units, enable. */
export function layDownOps(host: HostConfig, extraFiles: readonly InlineFile[] = []): LayDownOp[] {
  const ops: LayDownOp[] = [];
  for (const user of host.users) {
    if (isRootAccount(user)) continue;
    const settings = accountSettings(user);
    ops.push({
      kind: 'user',
      name: user.name,
      system: user.system,
      shell: settings.shell ?? NONE,
      home: settings.homeDir ?? NONE,
      groups: user.groups.length > 0 ? user.groups.join(',') : NONE,
    });
    if (user.sshAuthorizedKeys.length > 0)
      ops.push({ kind: 'keys', user: user.name, keys: [...user.sshAuthorizedKeys] });
  }
  for (const dir of host.directories) {
    const owner = ownerOf(dir);
    ops.push({
      kind: 'dir',
      path: dir.path,
      mode: octalMode(dir.mode),
      user: owner.user,
      group: owner.group,
    });
  }
  const inline = host.files.filter((f): f is InlineFile => !isRemote(f));
  for (const file of [...inline, ...extraFiles, ...host.units.flatMap(unitAsFiles)]) {
    const owner = ownerOf(file);
    ops.push({
      kind: 'file',
      path: file.path,
      mode: octalMode(file.mode),
      user: owner.user,
      group: owner.group,
      content: file.content,
    });
  }
  const enabled = host.units.filter((u) => u.enabled).map((u) => u.name);
  if (enabled.length > 0) ops.push({ kind: 'enable', units: enabled });
  return ops;
}

function base64Lines(content: string): string[] {
  const encoded = Buffer.from(content, 'utf8').toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += 76) lines.push(encoded.slice(i, i + 76));
  return lines;
}

/** Characters of remembered file operations and their lines before the memo starts over. */
const fileOps = new BoundedMemo(4 << 20);

/**
 * A file operation's lines, joined: the hosts of a cluster lay down mostly the same files (scripts,
 * units), so each one's base64 heredoc is written once per thread.
 */
function renderFileOp(op: Extract<LayDownOp, { kind: 'file' }>): string {
  const key = `${op.path}\0${op.mode}\0${op.user}\0${op.group}\0${op.content}`;
  return fileOps.get(key, () => renderOp(op).join('\n'));
}

function renderOp(op: LayDownOp): string[] {
  switch (op.kind) {
    case 'user':
      return [
        shellCommand(['bf_user', op.name, op.system ? 'system' : 'regular', op.shell, op.home, op.groups]),
      ];
    case 'keys':
      return [`${shellCommand(['bf_keys', op.user])} <<'${HEREDOC_END}'`, ...op.keys, HEREDOC_END];
    case 'dir':
      return [shellCommand(['bf_dir', op.path, op.mode, op.user, op.group])];
    case 'file':
      return [
        `${shellCommand(['bf_file', op.path, op.mode, op.user, op.group])} <<'${HEREDOC_END}'`,
        ...base64Lines(op.content),
        HEREDOC_END,
      ];
    case 'enable':
      return [shellCommand(['systemctl', 'enable', ...op.units])];
  }
}

/** The script body (no shebang: kickstart's %post header names the interpreter). */
export function renderLayDownScript(ops: readonly LayDownOp[]): string {
  // Every operation is at least one line, so joining each one's lines first changes nothing.
  const text = ops.map((op) => (op.kind === 'file' ? renderFileOp(op) : renderOp(op).join('\n')));
  return `${PRELUDE}\n${text.join('\n')}\n`;
}
