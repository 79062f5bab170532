import { describe, expect, it } from 'vitest';
import { textPieces } from './message-text';

describe('textPieces', () => {
  it('makes web addresses links and keeps the rest text', () => {
    expect(textPieces('see https://example.com/a?b=1 now', [])).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ' now' },
    ]);
    expect(textPieces('example.org', [])).toEqual([{ kind: 'link', text: 'example.org', href: 'http://example.org' }]);
  });

  it('never turns other schemes or markup into anything but text', () => {
    expect(textPieces('javascript:alert(1) <b>x</b>', []).every((p) => p.kind === 'text')).toBe(true);
  });

  it('highlights members only, not emails', () => {
    expect(textPieces('hi @Ivan and @nobody, mail ivan@example.com.', ['ivan'])).toEqual([
      { kind: 'text', text: 'hi ' },
      { kind: 'mention', text: '@Ivan' },
      { kind: 'text', text: ' and @nobody, mail ivan@example.com.' },
    ]);
  });
});
