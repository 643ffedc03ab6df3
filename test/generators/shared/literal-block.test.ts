/** literalBlock must be byte for byte what js-yaml writes, for every string isPlainLiteral accepts. */
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { isPlainLiteral, literalBlock } from '../../../generators/shared/literal-block.js';

/** A deterministic generator of strings from pieces that drive js-yaml's style choice. */
function* strings(count: number): Generator<string> {
  const pieces = [
    'a',
    ' ',
    '\n',
    '\n\n',
    '#',
    ': ',
    '- ',
    "'",
    '"',
    '---',
    '...',
    '|',
    '\t',
    '\r',
    'é',
    '  x',
    '~',
    '{',
  ];
  let seed = 7;
  for (let i = 0; i < count; i++) {
    let text = '';
    const n = 1 + (i % 9);
    for (let j = 0; j < n; j++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      text += pieces[seed % pieces.length];
    }
    yield text;
  }
}

const asItem = (content: string): string =>
  dump({ write_files: [{ path: '/x', content }] }, { lineWidth: -1, noRefs: true });

describe('literalBlock', () => {
  it('matches js-yaml on every accepted string among 5,000 generated ones', () => {
    let accepted = 0;
    for (const text of strings(5000)) {
      if (!isPlainLiteral(text)) continue;
      accepted++;
      expect(`write_files:\n  - path: /x\n    content: ${literalBlock(text, '      ')}\n`).toBe(asItem(text));
    }
    expect(accepted).toBeGreaterThan(500);
  });

  it('refuses what js-yaml writes another way', () => {
    for (const text of [
      'one line',
      'tab\there\n',
      'cr\r\n',
      'é\n',
      ' lead\n',
      '\n lead\n',
      'kept\n\n',
      '\n\n',
      '  \n',
    ])
      expect(isPlainLiteral(text)).toBe(false);
    expect(isPlainLiteral('#!/bin/sh\nexit 0\n')).toBe(true);
  });

  it('writes strip chomping for text without a final line feed', () => {
    expect(literalBlock('a\n\nb', '  ')).toBe('|-\n  a\n\n  b');
  });
});
