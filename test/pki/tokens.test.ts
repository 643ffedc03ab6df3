import { describe, expect, it } from 'vitest';
import {
  generateBootstrapToken,
  generateEncryptionKey,
  isEncryptionKey,
  parseBootstrapToken,
  renderKnownTokens,
} from '../../pki/tokens.js';

describe('bootstrap tokens', () => {
  it('match ^[a-z0-9]{6}\\.[a-z0-9]{16}$ and differ between calls', () => {
    const tokens = Array.from({ length: 50 }, generateBootstrapToken).map((t) => `${t.id}.${t.secret}`);
    for (const t of tokens) expect(t).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    expect(new Set(tokens).size).toBe(50);
  });

  it('parse back, and reject anything else', () => {
    expect(parseBootstrapToken('abcdef.0123456789abcdef\n')).toEqual({
      id: 'abcdef',
      secret: '0123456789abcdef',
    });
    for (const bad of ['ABCDEF.0123456789abcdef', 'abcde.0123456789abcdef', 'abcdef0123456789abcdef', '']) {
      expect(parseBootstrapToken(bad)).toBeUndefined();
    }
  });
});

describe('known_tokens.csv', () => {
  it('renders token,user,uid,"groups" lines without a header, quoting the groups column', () => {
    expect(
      renderKnownTokens([
        {
          token: '02b50b05283e98dd0fd71db496ef01e8',
          user: 'kubelet-bootstrap',
          uid: '10001',
          groups: ['system:bootstrappers'],
        },
        { token: 't2', user: 'ops', uid: '10002', groups: ['system:masters', 'ops'] },
        { token: 't3', user: 'nogroups', uid: '10003', groups: [] },
      ]),
    ).toBe(
      [
        '02b50b05283e98dd0fd71db496ef01e8,kubelet-bootstrap,10001,"system:bootstrappers"',
        't2,ops,10002,"system:masters,ops"',
        't3,nogroups,10003',
        '',
      ].join('\n'),
    );
  });

  it('escapes quotes and refuses line breaks', () => {
    expect(renderKnownTokens([{ token: 't', user: 'a"b', uid: '1', groups: [] }])).toBe('t,"a""b",1\n');
    expect(() => renderKnownTokens([{ token: 't\n', user: 'u', uid: '1', groups: [] }])).toThrow(
      /line breaks/,
    );
  });
});

describe('encryption key', () => {
  it('is 32 random bytes in base64', () => {
    const key = generateEncryptionKey();
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(isEncryptionKey(key)).toBe(true);
    expect(isEncryptionKey('c2hvcnQ=')).toBe(false);
  });
});
