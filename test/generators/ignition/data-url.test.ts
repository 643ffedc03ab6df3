import { describe, expect, it } from 'vitest';
import { dataUrl, decodeDataUrl, percentEncode } from '../../../generators/ignition/data-url.js';

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
});
