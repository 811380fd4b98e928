// The rules a programme must satisfy, whether it arrived as published text (the parser runs
// its result through `checkProgramme`) or as JSON (`validateProgramme`). Problems are named
// by JSON path, e.g. `parts[0].items[3].end`; the parser maps those paths back to lines.

import { parseOrRefuse } from '../../../../shared/contracts/problem.js';
import { ProgrammeFieldsSchema, shown as show } from '../../../../shared/contracts/programme.js';
import {
  AGENDA_ITEM_KINDS,
  type Programme,
  type ProgrammeItem,
  type ProgrammePart,
  type Speaker,
} from '../../../../shared/programme.js';
import {
  MAX_ITEMS_PER_PART,
  MAX_OBJECTIVE_LENGTH,
  MAX_OBJECTIVES_PER_PART,
  MAX_PARTS_PER_EVENT,
  MAX_SLUG_LENGTH,
  MAX_SPEAKER_FIELD_LENGTH,
  MAX_SPEAKERS_PER_ITEM,
  MAX_TEXT_LENGTH,
  MAX_TITLE_LENGTH,
  MAX_URL_LENGTH,
} from '../../../../shared/limits.js';
import { containsNul } from '../../../../shared/text.js';
import { formatLocalDate, formatLocalTime, isLocalDate, isValidTimeZone } from '../../../../shared/time.js';
import { DomainError } from '../../common/domain-error.js';

/** Reports a problem at a JSON path and never returns (it throws). */
export type Fail = (path: string, message: string) => never;

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

// ---- consistency rules (shared by text and JSON) ------------------------------------------

/**
 * Checks a structurally complete programme, in document order, and calls `fail` on the
 * first problem: limits, non-empty titles, zone, slug, and the time rules (each window
 * ends after it starts on the same local day, items in order without overlap and inside
 * their part's window, parts one after another).
 */
export function checkProgramme(programme: Programme, fail: Fail): void {
  const zone = programme.timezone;
  checkTimeZone(zone, 'timezone', fail);
  if (programme.slug !== undefined) checkSlug(programme.slug, 'slug', fail);
  checkText(programme.notes, 'notes', fail);
  checkTitle(programme.title, 'title', fail);
  checkText(programme.description, 'description', fail);

  const { parts } = programme;
  if (parts.length === 0) fail('parts', 'expected at least one part');
  if (parts.length > MAX_PARTS_PER_EVENT) {
    fail(`parts[${MAX_PARTS_PER_EVENT}]`, `expected at most ${MAX_PARTS_PER_EVENT} parts`);
  }
  parts.forEach((part, i) => checkPart(part, parts[i - 1] ?? null, `parts[${i}]`, zone, fail));
}

export function checkTimeZone(zone: string, path: string, fail: Fail): void {
  if (!isValidTimeZone(zone)) {
    fail(path, `expected an IANA time zone like "Europe/Vienna", found ${show(zone)}`);
  }
}

function checkSlug(slug: string, path: string, fail: Fail): void {
  if (!SLUG_PATTERN.test(slug) || slug.length > MAX_SLUG_LENGTH) {
    fail(
      path,
      `expected lowercase letters, digits and single hyphens, at most ${MAX_SLUG_LENGTH} ` +
        `characters (like "patient-communication-course"), found ${show(slug)}`,
    );
  }
}

function checkPart(
  part: ProgrammePart,
  previous: ProgrammePart | null,
  path: string,
  zone: string,
  fail: Fail,
): void {
  checkTitle(part.title, `${path}.title`, fail);
  if (!isLocalDate(part.date)) {
    fail(`${path}.date`, `expected a calendar date like "2024-02-22", found ${show(part.date)}`);
  }
  checkWindow(part, `${path}`, zone, fail);
  const startDate = formatLocalDate(part.start, zone);
  if (startDate !== part.date) {
    fail(
      `${path}.date`,
      `expected the local date of the part's start (${startDate} in ${zone}), found ${part.date}`,
    );
  }
  if (previous && Date.parse(part.start) < Date.parse(previous.end)) {
    fail(
      `${path}.start`,
      `expected this part to start after the previous part ends ` +
        `(${previous.date} ${formatLocalTime(previous.end, zone)}), found ` +
        `${part.date} ${formatLocalTime(part.start, zone)}`,
    );
  }
  checkStreamUrl(part.streamUrl, `${path}.streamUrl`, fail);
  checkText(part.streamNote, `${path}.streamNote`, fail);
  checkText(part.about, `${path}.about`, fail);
  checkObjectives(part.objectives, `${path}.objectives`, fail);

  const { items } = part;
  if (items.length === 0) {
    fail(`${path}.items`, 'expected at least one agenda line like "12:30 – 13:10 Title" in the part');
  }
  if (items.length > MAX_ITEMS_PER_PART) {
    fail(`${path}.items[${MAX_ITEMS_PER_PART}]`, `expected at most ${MAX_ITEMS_PER_PART} items in a part`);
  }
  items.forEach((item, j) => {
    checkItem(item, items[j - 1] ?? null, part, `${path}.items[${j}]`, zone, fail);
  });
}

function checkItem(
  item: ProgrammeItem,
  previous: ProgrammeItem | null,
  part: ProgrammePart,
  path: string,
  zone: string,
  fail: Fail,
): void {
  if (!(AGENDA_ITEM_KINDS as readonly string[]).includes(item.kind)) {
    fail(`${path}.kind`, `expected one of ${AGENDA_ITEM_KINDS.join(', ')}, found ${show(item.kind)}`);
  }
  checkTitle(item.title, `${path}.title`, fail);
  checkWindow(item, path, zone, fail);
  const time = (iso: string) => formatLocalTime(iso, zone);
  if (previous) {
    if (Date.parse(item.start) < Date.parse(previous.start)) {
      fail(
        `${path}.start`,
        `expected items in time order, found ${time(item.start)} after an item starting at ` +
          `${time(previous.start)}`,
      );
    }
    if (Date.parse(item.start) < Date.parse(previous.end)) {
      fail(
        `${path}.start`,
        `expected a start at or after ${time(previous.end)}, when the previous item ends, ` +
          `found ${time(item.start)} (the items overlap)`,
      );
    }
  }
  if (Date.parse(item.start) < Date.parse(part.start) || Date.parse(item.end) > Date.parse(part.end)) {
    fail(
      Date.parse(item.start) < Date.parse(part.start) ? `${path}.start` : `${path}.end`,
      `expected the item within the part's window ${time(part.start)} – ${time(part.end)}, ` +
        `found ${time(item.start)} – ${time(item.end)}`,
    );
  }
  checkSpeakers(item.speakers, `${path}.speakers`, fail);
}

/** A part or item: ends after it starts, on the same local day (no crossing midnight). */
function checkWindow(span: { start: string; end: string }, path: string, zone: string, fail: Fail): void {
  const start = Date.parse(span.start);
  const end = Date.parse(span.end);
  const found = `${formatLocalTime(start, zone)} – ${formatLocalTime(end, zone)}`;
  // In text, "23:30 – 00:30" reads as an end before the start; either way the fix is the same.
  if (end <= start) {
    fail(
      `${path}.end`,
      `expected the end after the start on the same day (nothing crosses midnight), found ${found}`,
    );
  }
  // The last millisecond, so an end at exactly midnight still belongs to the day.
  if (formatLocalDate(end - 1, zone) !== formatLocalDate(start, zone)) {
    fail(
      `${path}.end`,
      `expected the end on the day of the start (nothing crosses midnight), found ${found}`,
    );
  }
}

function checkSpeakers(speakers: Speaker[], path: string, fail: Fail): void {
  if (speakers.length > MAX_SPEAKERS_PER_ITEM) {
    fail(`${path}[${MAX_SPEAKERS_PER_ITEM}]`, `expected at most ${MAX_SPEAKERS_PER_ITEM} speakers`);
  }
  speakers.forEach((speaker, k) => {
    checkField(speaker.name, `${path}[${k}].name`, fail);
    if (speaker.city !== null) checkField(speaker.city, `${path}[${k}].city`, fail);
    if (speaker.country !== null) checkField(speaker.country, `${path}[${k}].country`, fail);
  });
}

function checkObjectives(objectives: string[], path: string, fail: Fail): void {
  if (objectives.length > MAX_OBJECTIVES_PER_PART) {
    fail(`${path}[${MAX_OBJECTIVES_PER_PART}]`, `expected at most ${MAX_OBJECTIVES_PER_PART} objectives`);
  }
  objectives.forEach((objective, k) => {
    checkNonEmpty(objective, `${path}[${k}]`, MAX_OBJECTIVE_LENGTH, fail);
  });
}

function checkStreamUrl(url: string | null, path: string, fail: Fail): void {
  if (url === null) return;
  if (url.length > MAX_URL_LENGTH || !isHttpUrl(url)) {
    fail(path, `expected null or an http(s) URL of at most ${MAX_URL_LENGTH} characters, found ${show(url)}`);
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

const checkTitle = (title: string, path: string, fail: Fail) =>
  checkNonEmpty(title, path, MAX_TITLE_LENGTH, fail);

const checkField = (value: string, path: string, fail: Fail) =>
  checkNonEmpty(value, path, MAX_SPEAKER_FIELD_LENGTH, fail);

function checkNonEmpty(value: string, path: string, max: number, fail: Fail): void {
  if (value.trim() === '') fail(path, 'expected a non-empty text, found an empty one');
  if (value.length > max) fail(path, `expected at most ${max} characters, found ${value.length}`);
}

function checkText(value: string, path: string, fail: Fail): void {
  if (value.length > MAX_TEXT_LENGTH) {
    fail(path, `expected at most ${MAX_TEXT_LENGTH} characters, found ${value.length}`);
  }
}

// ---- slugs ------------------------------------------------------------------------------

// Letters that Unicode decomposition does not reduce to ASCII.
const ASCII_FOR: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
};

/**
 * URL name from a title: lowercase ASCII, accents stripped, other characters → "-", at most
 * MAX_SLUG_LENGTH. A title with no Latin letters or digits at all yields "event".
 */
export function deriveSlug(title: string): string {
  const slug = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßæœøłđðþıħ]/g, (c) => ASCII_FOR[c] ?? '-')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, '');
  return slug || 'event';
}

// ---- JSON shape ---------------------------------------------------------------------------

/**
 * Checks a JSON body against the Programme schema (shared/contracts/programme.ts) and rules and
 * returns a fresh copy (unknown fields refused, instants normalised to `…Z`). Optional text
 * fields default to "" / [] / null; `timezone` defaults to DEFAULT_TIMEZONE; `slug` stays
 * absent if absent.
 */
export function validateProgramme(input: unknown): Programme {
  const nulAt = pathWithNul(input, '');
  if (nulAt !== null) {
    throw new DomainError(
      'request/invalid',
      `${nulAt || 'The programme'} contains a NUL character (U+0000). Remove it and publish again.`,
    );
  }
  const fail: Fail = (path, message) => {
    throw new DomainError('programme/invalid', path ? `${path}: ${message}` : message);
  };
  const { slug, ...fields } = parseOrRefuse(ProgrammeFieldsSchema, input, ({ path, message }) =>
    fail(path, message),
  );
  const programme: Programme = slug === undefined || slug === null ? fields : { slug, ...fields };
  checkProgramme(programme, fail);
  return programme;
}

/** The path of the first string holding U+0000 (PostgreSQL cannot store it), or null. */
function pathWithNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return containsNul(value) ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = pathWithNul(item, `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const found = pathWithNul(item, path ? `${path}.${key}` : key);
      if (found !== null) return found;
    }
  }
  return null;
}
