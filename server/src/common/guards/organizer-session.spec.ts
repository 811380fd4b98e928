import { describe, expect, it } from 'vitest';
import {
  isValidOrganizerSession,
  issueOrganizerSession,
  ORGANIZER_SESSION_SECONDS,
  readCookie,
} from './organizer-session.js';

const TOKEN = 'an-organizer-token-0123456789';
const NOW = Date.parse('2026-11-30T08:00:00Z');

describe('organizer session values', () => {
  it('are valid for the session length under the same token, and never contain it', () => {
    const value = issueOrganizerSession(TOKEN, NOW);
    expect(value).not.toContain(TOKEN);
    expect(isValidOrganizerSession(TOKEN, value, NOW + 1000)).toBe(true);
    expect(isValidOrganizerSession(TOKEN, value, NOW + ORGANIZER_SESSION_SECONDS * 1000)).toBe(false);
    expect(isValidOrganizerSession('another-token-0123456789', value, NOW)).toBe(false);
  });

  it('refuse a changed expiry, a changed signature and garbage', () => {
    const value = issueOrganizerSession(TOKEN, NOW);
    const [expires, signature] = value.split('.');
    expect(isValidOrganizerSession(TOKEN, `${Number(expires) + 1}.${signature}`, NOW)).toBe(false);
    const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    expect(isValidOrganizerSession(TOKEN, `${expires}.${flipped}`, NOW)).toBe(false);
    for (const junk of ['', '.', 'abc', `${expires}.`, `${expires}.${signature}x`]) {
      expect(isValidOrganizerSession(TOKEN, junk, NOW)).toBe(false);
    }
  });

  it('read one cookie out of a Cookie header', () => {
    expect(readCookie('a=1; lsc_organizer=v.x; b=2', 'lsc_organizer')).toBe('v.x');
    expect(readCookie('a=1', 'lsc_organizer')).toBeNull();
    expect(readCookie(undefined, 'lsc_organizer')).toBeNull();
  });
});
