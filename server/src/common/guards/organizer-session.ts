import { createHmac, timingSafeEqual } from 'node:crypto';

/** The console's session cookie. HttpOnly, so page scripts (and anything injected) never see it. */
export const ORGANIZER_COOKIE = 'lsc_organizer';

/** How long a console sign-in lasts: a course day with rehearsal. */
export const ORGANIZER_SESSION_SECONDS = 12 * 60 * 60;

/**
 * A session value is `<expiry ms>.<HMAC of it keyed by ADMIN_TOKEN>`. Nothing is stored: every
 * instance checks it alone, and changing ADMIN_TOKEN ends every session. Expiry runs on real
 * time, like links: a rehearsal clock must not sign the organizer out or in.
 */
export function issueOrganizerSession(adminToken: string, nowMs: number): string {
  const expires = String(nowMs + ORGANIZER_SESSION_SECONDS * 1000);
  return `${expires}.${sign(adminToken, expires)}`;
}

export function isValidOrganizerSession(adminToken: string, value: string, nowMs: number): boolean {
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match) return false;
  const [, expires, signature] = match;
  if (Number(expires) <= nowMs) return false;
  const expected = Buffer.from(sign(adminToken, expires));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The value of one cookie in a Cookie header; null when absent. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header || header.length > 8192) return null;
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return null;
}

function sign(adminToken: string, expires: string): string {
  return createHmac('sha256', adminToken).update(`organizer-session:${expires}`).digest('base64url');
}
