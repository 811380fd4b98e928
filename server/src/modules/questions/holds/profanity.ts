import { PROFANITY_DE } from './profanity-de.js';
import { PROFANITY_EN } from './profanity-en.js';
import { PROFANITY_ES } from './profanity-es.js';
import { PROFANITY_FR } from './profanity-fr.js';
import { PROFANITY_IT } from './profanity-it.js';

export interface ProfanityMatch {
  /** Offsets in UTF-16 code units of the checked text. */
  start: number;
  end: number;
  text: string;
}

const escape = (term: string) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One pattern for the five lists: whole words only (a term never matches inside another word, so
 * "analysis" or "Schwanzlutscher" in "Schwanz" stay apart), case-insensitive, and a space in a
 * phrase matches any run of spaces or hyphens. Longer terms first, so a phrase wins over its word.
 */
const PATTERN = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${[
    ...new Set([...PROFANITY_EN, ...PROFANITY_DE, ...PROFANITY_FR, ...PROFANITY_IT, ...PROFANITY_ES]),
  ]
    .map((term) => term.normalize('NFC').toLowerCase())
    .sort((a, b) => b.length - a.length)
    .map((term) => escape(term).replace(/ /g, '[\\s-]+'))
    .join('|')})(?![\\p{L}\\p{N}])`,
  'giu',
);

/** Every listed word or phrase in `text` (expected in NFC, as the server stores questions). */
export function findProfanity(text: string): ProfanityMatch[] {
  return [...text.matchAll(PATTERN)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    text: m[0],
  }));
}
