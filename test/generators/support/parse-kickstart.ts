/**
 * Reads a rendered ks.cfg back: its commands (name, options, arguments), %packages, and the %post
 * lay-down script turned into a HostLayout (base64 heredocs decoded). Lines of %post that are not
 * lay-down operations are returned in `postOther` so tests can pin them down exactly.
 */
import { HEREDOC_END } from '../../../generators/shared/lay-down-script.js';
import { FETCH_LIST_PATH } from '../../../generators/shared/remote-fetch.js';
import { emptyLayout, foldUnitFiles, omit, remoteEntriesFromFetchList, type HostLayout } from './layout.js';
import { shellWords } from './shell-words.js';

export interface KsLine {
  name: string;
  /** `--opt=value` → value, bare `--opt` → true, in order of appearance. */
  options: [string, string | true][];
  args: string[];
  line: string;
}

export interface ParsedKickstart {
  version: string | undefined;
  commands: KsLine[];
  sections: { header: string; body: string[] }[];
  packages: string[];
  postHeader: string;
  postScript: string;
  postOther: string[];
  layout: HostLayout;
  repoFiles: Record<string, string>;
}

export function parseKsLine(line: string): KsLine {
  const [name = '', ...words] = shellWords(line);
  const options: [string, string | true][] = [];
  const args: string[] = [];
  for (const word of words) {
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      options.push(eq < 0 ? [word, true] : [word.slice(0, eq), word.slice(eq + 1)]);
    } else {
      args.push(word);
    }
  }
  return { name, options, args, line };
}

export function option(cmd: KsLine | undefined, name: string): string | true | undefined {
  return cmd?.options.find(([n]) => n === name)?.[1];
}

const OP = /^(bf_user|bf_keys|bf_dir|bf_file|systemctl enable) /;

export function parseKickstart(text: string): ParsedKickstart {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const version = /^#version=(\S+)$/.exec(lines[0] ?? '')?.[1];
  const commands: KsLine[] = [];
  const sections: { header: string; body: string[] }[] = [];
  let current: { header: string; body: string[] } | undefined;
  for (const line of lines) {
    if (current !== undefined) {
      if (line === '%end') {
        sections.push(current);
        current = undefined;
      } else current.body.push(line);
    } else if (line.startsWith('%')) {
      current = { header: line, body: [] };
    } else if (line !== '' && !line.startsWith('#')) {
      commands.push(parseKsLine(line));
    }
  }
  if (current !== undefined) throw new Error(`section ${current.header} has no %end`);
  const packages = sections.find((s) => s.header === '%packages')?.body ?? [];
  const post = sections.find((s) => s.header.startsWith('%post'));
  if (post === undefined) throw new Error('no %post section');

  const layout = emptyLayout();
  const postOther: string[] = [];
  let enabled: string[] = [];
  const body = post.body;
  const first = body.findIndex((l) => OP.test(l));
  let i = first < 0 ? body.length : first;
  const heredoc = (): string[] => {
    const out: string[] = [];
    for (i += 1; body[i] !== HEREDOC_END; i += 1) {
      if (i >= body.length) throw new Error('unterminated heredoc in %post');
      out.push(body[i] ?? '');
    }
    return out;
  };
  for (; i < body.length; i += 1) {
    const line = body[i] ?? '';
    const withHeredoc = line.endsWith(` <<'${HEREDOC_END}'`);
    const words = shellWords(withHeredoc ? line.slice(0, line.lastIndexOf(' <<')) : line);
    const [cmd, a = '', b = '', c = '', d = '', e = ''] = words;
    if (cmd === 'bf_user' && !withHeredoc) {
      layout.users[a] = {
        system: b === 'system',
        createHome: b !== 'system',
        ...(c !== '-' ? { shell: c } : {}),
        ...(d !== '-' ? { homeDir: d } : {}),
        groups: e === '-' ? [] : e.split(','),
        keys: [],
      };
    } else if (cmd === 'bf_keys' && withHeredoc) {
      const user = layout.users[a];
      if (user === undefined) throw new Error(`keys for ${a} before the user is created`);
      user.keys.push(...heredoc());
    } else if (cmd === 'bf_dir' && !withHeredoc) {
      layout.directories[a] = { mode: parseInt(b, 8), owner: `${c}:${d}` };
    } else if (cmd === 'bf_file' && withHeredoc) {
      layout.files[a] = {
        mode: parseInt(b, 8),
        owner: `${c}:${d}`,
        content: Buffer.from(heredoc().join(''), 'base64').toString('utf8'),
      };
    } else if (cmd === 'systemctl' && a === 'enable') {
      enabled = words.slice(2);
    } else {
      postOther.push(line);
    }
  }
  const repoFiles: Record<string, string> = {};
  for (const [path, file] of Object.entries(layout.files)) {
    if (path.startsWith('/etc/yum.repos.d/') && file.content !== undefined) {
      repoFiles[path] = file.content;
    }
  }
  layout.files = omit(layout.files, (path) => path in repoFiles);
  const list = layout.files[FETCH_LIST_PATH]?.content;
  if (list !== undefined) Object.assign(layout.files, remoteEntriesFromFetchList(list));
  const rootKeys = commands.filter((c) => c.name === 'sshkey').map((c) => c.args[0] ?? '');
  if (rootKeys.length > 0)
    layout.users['root'] = { system: false, createHome: true, groups: [], keys: rootKeys };
  foldUnitFiles(layout, enabled);
  return {
    version,
    commands,
    sections,
    packages,
    postHeader: post.header,
    postScript: `#!/bin/bash\n${body.join('\n')}\n`,
    postOther,
    layout,
    repoFiles,
  };
}
