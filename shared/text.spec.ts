import { describe, expect, it } from 'vitest';
import { cleanName, codePointLength, containsNul, normalizeText, truncateCodePoints } from './text.js';

describe('text as stored and compared', () => {
  it('makes lone surrogates U+FFFD, composes to NFC and trims, so a retry compares equal', () => {
    expect(normalizeText('  Is \uD800 ok? ')).toBe('Is \uFFFD ok?');
    expect(normalizeText('x\uDC00')).toBe('x\uFFFD');
    expect(normalizeText('Cafe\u0301')).toBe('Caf\u00E9');
    expect(normalizeText('🩻 pair kept')).toBe('🩻 pair kept');
    expect(normalizeText(normalizeText('e\u0301\uD800'))).toBe(normalizeText('e\u0301\uD800'));
  });

  it('finds NUL', () => {
    expect(containsNul('a\u0000b')).toBe(true);
    expect(containsNul('a b')).toBe(false);
  });

  it('takes controls and bidi overrides out of names', () => {
    expect(cleanName('Anna \u202Erotaredom')).toBe('Anna rotaredom');
    expect(cleanName('\u001B[31mBo\u0007b\u0008\u0085 \u2066x\u2069')).toBe('[31mBo b x');
    expect(cleanName(' Zoë\u200D ')).toBe('Zoë\u200D');
  });

  it('counts and cuts in code points', () => {
    expect(codePointLength('🩻🩻a')).toBe(3);
    expect(truncateCodePoints('🩻🩻🩻', 2)).toBe('🩻🩻');
    expect(truncateCodePoints('abc', 5)).toBe('abc');
  });
});
