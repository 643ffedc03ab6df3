import { describe, expect, it } from 'vitest';
import { shellCommand, shellQuote } from '../../../generators/shared/shell-quote.js';
import { hasTool, run } from '../support/tools.js';

describe('shellQuote', () => {
  it('leaves safe words alone and single-quotes the rest', () => {
    expect(shellQuote('/etc/kubernetes/pki/ca.crt')).toBe('/etc/kubernetes/pki/ca.crt');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });

  it.skipIf(!hasTool('sh'))('round-trips through a real shell', () => {
    const words = [
      'plain',
      'with space',
      "quote'd",
      '$HOME',
      '`x`',
      'back\\slash',
      'new\nline',
      '*',
      '-n',
      '',
    ];
    const result = run('sh', ['-c', `printf '%s\\0' ${shellCommand(words)}`]);
    expect(result.stdout.split('\0').slice(0, -1)).toEqual(words);
  });
});
