import { describe, expect, it } from 'vitest';
import { dataUrl, decodeDataUrl, percentEncode } from '../../../generators/ignition/data-url.js';

/** The byte-by-byte spelling: the shorter of percentEncode and base64 of the UTF-8 bytes. */
function reference(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  const percent = percentEncode(bytes);
  return 4 * Math.ceil(bytes.length / 3) + ';base64'.length < percent.length
    ? `data:;base64,${bytes.toString('base64')}`
    : `data:,${percent}`;
}

describe('data URLs', () => {
  it.each([
    ['unit text', '[Service]\nExecStart=/usr/bin/true\n'],
    ['UTF-8', 'Grüße ✓\n'],
    ['CRLF and control bytes', 'a\r\nb\u0001\u007f'],
    ['empty', ''],
    ['reserved characters', '%20 + ? # & ; \' " ( ) * ! $'],
  ])('round-trips %s exactly', (_label, text) => {
    expect(decodeDataUrl(dataUrl(text)).toString('utf8')).toBe(text);
  });

  it('keeps mostly-ASCII text percent-encoded and readable', () => {
    expect(dataUrl('[Unit]\nA=b\n')).toBe('data:,%5BUnit%5D%0AA=b%0A');
  });

  it('switches to base64 when that is shorter', () => {
    const text = 'ü'.repeat(100);
    expect(dataUrl(text).startsWith('data:;base64,')).toBe(true);
    expect(dataUrl(text).length).toBeLessThan(`data:,${percentEncode(Buffer.from(text))}`.length);
  });

  it('leaves no character that could end or confuse the URL', () => {
    expect(percentEncode(Buffer.from(' +?#&;%'))).toBe('%20%2B%3F%23%26%3B%25');
  });

  it.each([
    ['every ASCII character', Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).join('')],
    ['escapes next to kept characters', "%2F%3A/:=@,%%25!*'()~"],
    ['multi-byte characters', 'é€😀\u00a0\ufeff'],
    ['a lone surrogate', 'a\ud800b'],
  ])('spells %s as the byte-by-byte spelling does', (_label, text) => {
    expect(dataUrl(text)).toBe(reference(text));
    expect(dataUrl(text.repeat(40) + 'ü'.repeat(3))).toBe(reference(text.repeat(40) + 'ü'.repeat(3)));
    expect(decodeDataUrl(dataUrl(text))).toEqual(Buffer.from(text, 'utf8'));
  });

  it('spells random text as the byte-by-byte spelling does', () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const alphabet = [
      'a',
      'Z',
      '0',
      ' ',
      '\n',
      '%',
      '/',
      ':',
      '=',
      '@',
      ',',
      '!',
      '*',
      "'",
      '(',
      ')',
      '~',
      'ü',
      '✓',
      '2',
      'F',
    ];
    for (let n = 0; n < 200; n++) {
      const text = Array.from({ length: next() % 60 }, () => alphabet[next() % alphabet.length]).join('');
      expect(dataUrl(text)).toBe(reference(text));
    }
  });
});
