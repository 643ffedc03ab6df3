/**
 * Splits one POSIX shell command line into words (single and double quotes, backslash escapes),
 * as the shell and Python's shlex do. Enough to read back runcmd lines and kickstart commands.
 */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const c = line.charAt(i);
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated single quote in: ${line}`);
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i += 1;
      while (i < line.length && line.charAt(i) !== '"') {
        if (line.charAt(i) === '\\' && '"\\$`'.includes(line.charAt(i + 1))) i += 1;
        word += line.charAt(i);
        i += 1;
      }
      if (i >= line.length) throw new Error(`unterminated double quote in: ${line}`);
      inWord = true;
      i += 1;
    } else if (c === '\\') {
      word += line.charAt(i + 1);
      inWord = true;
      i += 2;
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i += 1;
    } else {
      word += c;
      inWord = true;
      i += 1;
    }
  }
  if (inWord) words.push(word);
  return words;
}
