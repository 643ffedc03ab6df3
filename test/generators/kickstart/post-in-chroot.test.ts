/**
 * Runs each host's kickstart %post for real, in a chroot over a throw-away overlay of this
 * machine's root (private mount namespace; the host system is never touched), then checks the
 * result on disk: every file's bytes, mode and owner, directories, users and their keys, and the
 * enable symlinks. Needs root and unshare; skipped with a note otherwise.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HOST_FIXTURES } from '../../fixtures/hostconfig/index.js';
import { renderAll } from '../support/render-all.js';
import { hasTool } from '../support/tools.js';

const privileged = process.getuid?.() === 0 && hasTool('unshare') && hasTool('chroot') && hasTool('useradd');
if (!privileged) console.warn('NOTE: not root or no unshare/chroot: the %post-in-chroot tests are skipped');

const work = privileged ? mkdtempSync(path.join(tmpdir(), 'bootforge-post-')) : '';
afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

/** Stand-ins for units that packages would install (docker.service, containerd.service). */
function packagedUnit(name: string): string {
  return `[Unit]\nDescription=stand-in for packaged ${name}\n\n[Service]\nExecStart=/bin/true\n\n[Install]\nWantedBy=multi-user.target\n`;
}

function isSymlink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** A file of the chroot: the overlay's upper layer if %post changed it, else this machine's. */
function chrootFile(upper: string, file: string): string {
  const changed = path.join(upper, file);
  return readFileSync(existsSync(changed) ? changed : file, 'utf8');
}

function idMap(upper: string, file: 'passwd' | 'group'): Map<number, string> {
  const map = new Map<number, string>();
  for (const source of [`/etc/${file}`, path.join(upper, 'etc', file)]) {
    if (!existsSync(source)) continue;
    for (const line of readFileSync(source, 'utf8').split('\n')) {
      const [name, , id] = line.split(':');
      if (name && id) map.set(Number(id), name);
    }
  }
  return map;
}

describe.skipIf(!privileged).each(Object.entries(HOST_FIXTURES))('%s %post in a chroot', (name, host) => {
  const r = renderAll(host);
  const dir = path.join(work, name);
  const upper = path.join(dir, 'upper');
  let result = { status: -1 as number | null, output: '' };

  it('runs to the end', () => {
    for (const d of ['upper', 'work', 'merged']) mkdirSync(path.join(dir, d), { recursive: true });
    for (const [unit, entry] of Object.entries(r.expected.units)) {
      if (entry.contents !== undefined) continue;
      mkdirSync(path.join(upper, 'usr/lib/systemd/system'), { recursive: true });
      writeFileSync(path.join(upper, 'usr/lib/systemd/system', unit), packagedUnit(unit));
    }
    writeFileSync(path.join(dir, 'post.sh'), r.kickstart.postScript);
    const merged = path.join(dir, 'merged');
    const script = [
      'set -e',
      `mount -t overlay overlay -o lowerdir=/,upperdir=${upper},workdir=${path.join(dir, 'work')} ${merged}`,
      // Anaconda's chroot has /dev and /proc mounted; an overlay of / does not include them.
      `mount --rbind /dev ${merged}/dev`,
      `mount -t proc proc ${merged}/proc`,
      `exec chroot ${merged} /bin/bash ${path.join(dir, 'post.sh')}`,
    ].join('\n');
    const run = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], {
      encoding: 'utf8',
    });
    result = { status: run.status, output: run.stdout + run.stderr };
    expect(result.status, result.output).toBe(0);
  });

  it('leaves every file with its bytes, mode and owner', () => {
    const users = idMap(upper, 'passwd');
    const groups = idMap(upper, 'group');
    for (const [file, entry] of Object.entries(r.common.kickstart.files)) {
      if (entry.content === undefined) continue; // remote files arrive on first boot
      const onDisk = path.join(upper, file);
      expect(readFileSync(onDisk, 'utf8'), file).toBe(entry.content);
      const st = statSync(onDisk);
      expect(st.mode & 0o7777, file).toBe(entry.mode);
      expect(`${users.get(st.uid)}:${groups.get(st.gid)}`, file).toBe(entry.owner);
    }
    for (const [d, entry] of Object.entries(r.expected.directories)) {
      const st = statSync(path.join(upper, d));
      expect(st.isDirectory()).toBe(true);
      expect(st.mode & 0o7777, d).toBe(entry.mode);
      expect(`${users.get(st.uid)}:${groups.get(st.gid)}`, d).toBe(entry.owner);
    }
  });

  it('creates the users, with their keys, shells and groups', () => {
    const passwd = chrootFile(upper, '/etc/passwd').split('\n');
    const group = chrootFile(upper, '/etc/group');
    const existing = readFileSync('/etc/passwd', 'utf8');
    for (const [user, entry] of Object.entries(r.expected.users)) {
      // bf_user leaves existing accounts alone (root, or e.g. etcd when this machine has one).
      if (existing.split('\n').some((l) => l.startsWith(`${user}:`))) continue;
      const line = passwd.find((l) => l.startsWith(`${user}:`))?.split(':') ?? [];
      expect(line[0], user).toBe(user);
      if (entry.shell !== undefined) expect(line[6]).toBe(entry.shell);
      if (entry.homeDir !== undefined) expect(line[5]).toBe(entry.homeDir);
      if (entry.system) expect(Number(line[2])).toBeLessThan(1000);
      for (const g of entry.groups) expect(group).toMatch(new RegExp(`^${g}:.*[:,]${user}(,|$)`, 'm'));
      if (entry.keys.length > 0) {
        const keys = readFileSync(path.join(upper, (line[5] ?? '').slice(1), '.ssh/authorized_keys'), 'utf8');
        expect(keys).toBe(`${entry.keys.join('\n')}\n`);
      }
    }
  });

  it('enables exactly the enabled units', () => {
    for (const [unit, entry] of Object.entries(r.expected.units)) {
      const contents = entry.contents ?? packagedUnit(unit);
      const wantedBy = /^WantedBy=(.+)$/m.exec(contents)?.[1];
      if (wantedBy === undefined) continue;
      const wants = path.join('/etc/systemd/system', `${wantedBy}.wants`, unit);
      // This machine may already have the unit enabled (Debian's etcd package): the merged view counts.
      const link = isSymlink(path.join(upper, wants)) ? path.join(upper, wants) : wants;
      expect(isSymlink(link), unit).toBe(entry.enabled);
      if (entry.enabled) expect(readlinkSync(link)).toMatch(new RegExp(`/${unit.replace('.', '\\.')}$`));
    }
  });
});
