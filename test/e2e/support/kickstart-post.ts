/**
 * What a kickstart's %post lays down, found by running it: the %post section is cut out along
 * kickstart's section syntax (`%post [options]` ... `%end`) and executed by its interpreter,
 * chrooted into a throwaway minimal root (run-post-in-overlay.sh), and what it wrote is read
 * back from that root: files with mode, owner and bytes, directories, `systemctl enable` links,
 * authorized SSH keys.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { emptyLaidDown, fileEntry, type LaidDown } from './laid-down.js';
import { supportDir } from './paths.js';
import { runProcess } from './run-process.js';
import { shellWords } from './shell-words.js';

export interface PostSection {
  interpreter: string;
  body: string;
}

export function postSections(kickstart: string): PostSection[] {
  const sections: PostSection[] = [];
  let current: { interpreter: string; lines: string[] } | undefined;
  for (const line of kickstart.split('\n')) {
    if (current !== undefined) {
      if (line.trim() === '%end') {
        sections.push({ interpreter: current.interpreter, body: `${current.lines.join('\n')}\n` });
        current = undefined;
      } else {
        current.lines.push(line);
      }
      continue;
    }
    if (/^%post(\s|$)/.test(line)) {
      const options = line.split(/\s+/).slice(1);
      if (options.includes('--nochroot')) throw new Error('%post --nochroot is not modelled');
      const interpreter = options.find((o) => o.startsWith('--interpreter='))?.slice('--interpreter='.length);
      current = { interpreter: interpreter ?? '/bin/sh', lines: [] };
    }
  }
  if (current !== undefined) throw new Error('%post without %end');
  return sections;
}

/** Files that account tools and systemctl maintain: the bookkeeping of useradd, not laid-down content. */
const ACCOUNT_FILES =
  /^\/etc\/(passwd|shadow|group|gshadow|subuid|subgid)-?$|^\/etc\/\.pwd\.lock$|^\/var\/(log\/(lastlog|faillog)|(spool\/)?mail\/.*)$/;

/** `sshkey --username=USER "KEY"` commands (the kickstart way to give a user, root included, a key). */
export async function kickstartSshKeys(kickstart: string): Promise<Map<string, string[]>> {
  const lines = kickstart.split('\n').filter((line) => line.startsWith('sshkey '));
  const keys = new Map<string, string[]>();
  for (const words of await shellWords(lines)) {
    const user = words.find((w) => w.startsWith('--username='))?.slice('--username='.length);
    const key = words.slice(1).find((w) => !w.startsWith('--'));
    if (user === undefined || key === undefined)
      throw new Error(`sshkey without user or key: ${words.join(' ')}`);
    keys.set(user, [...(keys.get(user) ?? []), key]);
  }
  return keys;
}

/** Package names of the %packages section (groups `@...` and exclusions `-...` left out). */
export function kickstartPackages(kickstart: string): string[] {
  const lines = kickstart.split('\n');
  const start = lines.findIndex((line) => /^%packages(\s|$)/.test(line));
  if (start < 0) return [];
  const end = lines.findIndex((line, i) => i > start && line.trim() === '%end');
  return lines
    .slice(start + 1, end)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('@') && !line.startsWith('-'));
}

/** A yum .repo file: section -> key -> value. */
export function parseRepoFile(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const line of text.split('\n')) {
    const section = /^\[(.+)\]$/.exec(line.trim());
    if (section !== null) {
      current = new Map();
      sections.set(section[1] ?? '', current);
    } else if (current !== undefined && line.includes('=')) {
      const eq = line.indexOf('=');
      current.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
    }
  }
  return sections;
}

export interface KickstartContent {
  laid: LaidDown;
  /** user home -> authorized_keys lines (from ~/.ssh/authorized_keys). */
  authorizedKeys: Map<string, string[]>;
  /** The /etc/yum.repos.d/*.repo files %post wrote, parsed (they are not in `laid.files`). */
  yumRepos: Map<string, Map<string, string>>;
  log: string;
}

export async function runKickstartPost(
  kickstart: string,
  packagedUnits: readonly string[],
  resultDir: string,
): Promise<KickstartContent> {
  const sections = postSections(kickstart);
  if (sections.length !== 1) throw new Error(`expected one %post section, found ${sections.length}`);
  const [section] = sections;
  if (section === undefined) throw new Error('no %post');
  await mkdir(resultDir, { recursive: true });
  const postFile = join(resultDir, 'post.sh');
  const packagedFile = join(resultDir, 'packaged-units.txt');
  await writeFile(postFile, section.body);
  await writeFile(packagedFile, packagedUnits.map((u) => `${u}\n`).join(''));
  const run = await runProcess(
    'unshare',
    [
      '--mount',
      '--propagation',
      'private',
      'bash',
      join(supportDir, 'run-post-in-overlay.sh'),
      postFile,
      packagedFile,
      resultDir,
    ],
    { env: { ...process.env, INTERPRETER: section.interpreter }, timeoutMs: 120_000 },
  );
  const log = await readFile(join(resultDir, 'post.log'), 'utf8').catch(() => '');
  if (run.code !== 0) throw new Error(`%post failed (${run.code}): ${run.stderr}\n${log}`);

  const laid = emptyLaidDown();
  const authorizedKeys = new Map<string, string[]>();
  const yumRepos = new Map<string, Map<string, string>>();
  const standIns = new Set(packagedUnits.map((u) => `/usr/lib/systemd/system/${u}`));
  const table = await readFile(join(resultDir, 'changed.tsv'), 'utf8');
  for (const row of table.split('\n')) {
    if (row === '') continue;
    const [type = '', mode = '', user = '', group = '', path = ''] = row.split('\t');
    const entry = { mode: parseInt(mode, 8), user, group };
    if (type === 'directory') {
      laid.directories.set(path, entry);
    } else if (type === 'symbolic link') {
      if (/^\/etc\/systemd\/system\/[^/]+\.(wants|requires)\/[^/]+$/.test(path))
        laid.enabledUnits.add(basename(path));
    } else if (type === 'regular file' || type === 'regular empty file') {
      if (ACCOUNT_FILES.test(path) || standIns.has(path)) continue;
      const bytes = await readFile(join(resultDir, 'root', path));
      if (path.endsWith('/.ssh/authorized_keys')) {
        const home = path.slice(0, -'/.ssh/authorized_keys'.length);
        authorizedKeys.set(home, bytes.toString('utf8').split('\n').filter(Boolean));
        continue;
      }
      if (/^\/etc\/yum\.repos\.d\/[^/]+\.repo$/.test(path)) {
        for (const [id, repo] of parseRepoFile(bytes.toString('utf8'))) yumRepos.set(id, repo);
        continue;
      }
      laid.files.set(path, fileEntry(bytes, entry));
    } else {
      throw new Error(`%post left a ${type} at ${path}`);
    }
  }
  return { laid, authorizedKeys, yumRepos, log };
}
