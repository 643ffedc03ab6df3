/**
 * Just enough of systemd's unit-file syntax (systemd.syntax(7), systemd.service(5)) to run a
 * service by hand: sections and keys with `\` line continuations, and ExecStart= split into argv
 * with systemd's quoting, `%%` unescaped and the `-@:+!` prefixes dropped.
 */

export type UnitFile = Map<string, Map<string, string[]>>;

export function parseUnitFile(text: string): UnitFile {
  const sections: UnitFile = new Map();
  let current: Map<string, string[]> | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = (lines[i] ?? '').trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) {
      i++;
      const next = (lines[i] ?? '').trim();
      // Comment lines inside a continuation are skipped (systemd.syntax(7)).
      if (next.startsWith('#') || next.startsWith(';')) continue;
      line = `${line.slice(0, -1)} ${next}`;
    }
    if (line.startsWith('[') && line.endsWith(']')) {
      current = new Map();
      sections.set(line.slice(1, -1), current);
      continue;
    }
    const eq = line.indexOf('=');
    if (current === undefined || eq < 0) throw new Error(`not a unit file line: ${line}`);
    const key = line.slice(0, eq).trim();
    const values = current.get(key) ?? [];
    values.push(line.slice(eq + 1).trim());
    current.set(key, values);
  }
  return sections;
}

export function unitValue(unit: UnitFile, section: string, key: string): string | undefined {
  return unit.get(section)?.get(key)?.at(-1);
}

/** Splits a command line as systemd does: whitespace-separated words, double or single quotes. */
export function splitExecLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i] ?? '';
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && i + 1 < line.length) word += line[++i] ?? '';
      else word += char;
      continue;
    }
    if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === '\\' && i + 1 < line.length) {
      word += line[++i] ?? '';
      inWord = true;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote !== undefined) throw new Error(`unterminated quote in: ${line}`);
  if (inWord) words.push(word);
  return words.map((w) => w.replaceAll('%%', '%'));
}

/** The argv of the (last) ExecStart= of a service. */
export function execStart(unit: UnitFile): string[] {
  const line = unitValue(unit, 'Service', 'ExecStart');
  if (line === undefined) throw new Error('the unit has no ExecStart=');
  const argv = splitExecLine(line);
  const first = argv[0];
  if (first !== undefined) argv[0] = first.replace(/^[-@:+!]+/, '');
  return argv;
}
