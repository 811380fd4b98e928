// Text as people send it, made safe to store, compare, count and show. Used by the server (what
// is stored and what a retry is compared with) and the client (what it counts before sending),
// so both agree on a length and on what "the same question" means.

/** A lone high or low surrogate: not a character, and invalid in UTF-8 and in PostgreSQL. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * C0 and C1 control characters (NUL, ESC, BEL, BS, DEL, …) and the bidi embedding, override and
 * isolate characters (U+202A-U+202E, U+2066-U+2069), which can make "Anna ‮rotaredom" read as
 * "Anna moderator" on screen. None belongs in a name or a label.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_OR_BIDI = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** U+0000: PostgreSQL text cannot hold it, and no person types it. */
export function containsNul(value: string): boolean {
  return value.includes('\u0000');
}

/**
 * Well-formed UTF-16 (a lone surrogate becomes U+FFFD, as storing it would make it anyway),
 * NFC (a precomposed "é" and "e" + combining accent are the same text) and trimmed. Applied once,
 * before storing and before comparing a retry with what was stored.
 */
export function normalizeText(value: string): string {
  return value.replace(LONE_SURROGATE, '\uFFFD').normalize('NFC').trim();
}

/** A name or label: normalised, without controls or bidi overrides, runs of spaces made one. */
export function cleanName(value: string): string {
  return normalizeText(value.replace(CONTROL_OR_BIDI, ' ')).replace(/\s+/g, ' ');
}

/** Length in code points, as the limits count: an emoji is one, not two UTF-16 units. */
export function codePointLength(value: string): number {
  let length = 0;
  for (const _ of value) length++;
  return length;
}

/** At most `max` code points, never cutting a surrogate pair in half. */
export function truncateCodePoints(value: string, max: number): string {
  if (value.length <= max) return value;
  return Array.from(value).slice(0, max).join('');
}
