// The rules a programme must satisfy, whether it arrived as published text (the parser runs
// its result through `checkProgramme`) or as JSON (`validateProgramme`). Problems are named
// by JSON path, e.g. `parts[0].items[3].end`; the parser maps those paths back to lines.

import {
  AGENDA_ITEM_KINDS,
  type AgendaItemKind,
  type Programme,
  type ProgrammeItem,
  type ProgrammePart,
  type Speaker,
} from '../../../../shared/programme.js';
import {
  DEFAULT_TIMEZONE,
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
 * Checks a JSON body against the Programme shape and rules and returns a fresh copy
 * (unknown fields refused, instants normalised to `…Z`). Optional text fields default to
 * "" / [] / null; `timezone` defaults to DEFAULT_TIMEZONE; `slug` stays absent if absent.
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
  const root = record(input, '', ['slug', 'title', 'description', 'notes', 'timezone', 'parts'], fail);
  const slug = root.slug === undefined || root.slug === null ? undefined : string(root.slug, 'slug', fail);
  const programme: Programme = {
    ...(slug === undefined ? {} : { slug }),
    title: string(root.title, 'title', fail),
    description: optionalString(root.description, 'description', fail),
    notes: optionalString(root.notes, 'notes', fail),
    timezone: root.timezone === undefined ? DEFAULT_TIMEZONE : string(root.timezone, 'timezone', fail),
    parts: array(root.parts, 'parts', fail).map((part, i) => readPart(part, `parts[${i}]`, fail)),
  };
  checkProgramme(programme, fail);
  return programme;
}

const PART_KEYS = [
  'title',
  'date',
  'start',
  'end',
  'streamUrl',
  'streamNote',
  'about',
  'objectives',
  'items',
];
const ITEM_KEYS = ['kind', 'title', 'start', 'end', 'speakers'];
const SPEAKER_KEYS = ['name', 'city', 'country'];

function readPart(value: unknown, path: string, fail: Fail): ProgrammePart {
  const part = record(value, path, PART_KEYS, fail);
  return {
    title: string(part.title, `${path}.title`, fail),
    date: string(part.date, `${path}.date`, fail),
    start: instant(part.start, `${path}.start`, fail),
    end: instant(part.end, `${path}.end`, fail),
    streamUrl: nullableString(part.streamUrl, `${path}.streamUrl`, fail),
    streamNote: optionalString(part.streamNote, `${path}.streamNote`, fail),
    about: optionalString(part.about, `${path}.about`, fail),
    objectives:
      part.objectives === undefined
        ? []
        : array(part.objectives, `${path}.objectives`, fail).map((o, k) =>
            string(o, `${path}.objectives[${k}]`, fail),
          ),
    items: array(part.items, `${path}.items`, fail).map((item, j) =>
      readItem(item, `${path}.items[${j}]`, fail),
    ),
  };
}

function readItem(value: unknown, path: string, fail: Fail): ProgrammeItem {
  const item = record(value, path, ITEM_KEYS, fail);
  const kind = string(item.kind, `${path}.kind`, fail);
  return {
    // The value itself is checked by checkItem with the other rules.
    kind: kind as AgendaItemKind,
    title: string(item.title, `${path}.title`, fail),
    start: instant(item.start, `${path}.start`, fail),
    end: instant(item.end, `${path}.end`, fail),
    speakers:
      item.speakers === undefined
        ? []
        : array(item.speakers, `${path}.speakers`, fail).map((s, k) =>
            readSpeaker(s, `${path}.speakers[${k}]`, fail),
          ),
  };
}

function readSpeaker(value: unknown, path: string, fail: Fail): Speaker {
  const speaker = record(value, path, SPEAKER_KEYS, fail);
  return {
    name: string(speaker.name, `${path}.name`, fail),
    city: nullableString(speaker.city, `${path}.city`, fail),
    country: nullableString(speaker.country, `${path}.country`, fail),
  };
}

function record(value: unknown, path: string, keys: readonly string[], fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(path, `expected an object, found ${show(value)}`);
  }
  const object = value as Record<string, unknown>;
  // Refusing unknown fields turns a typo such as "speaker" into an error, not lost data.
  const unknown = Object.keys(object).find((key) => !keys.includes(key));
  if (unknown !== undefined) {
    fail(join(path, unknown), `unexpected field; expected only ${keys.join(', ')}`);
  }
  return object;
}

function array(value: unknown, path: string, fail: Fail): unknown[] {
  if (!Array.isArray(value)) fail(path, `expected an array, found ${show(value)}`);
  return value as unknown[];
}

function string(value: unknown, path: string, fail: Fail): string {
  if (typeof value !== 'string') fail(path, `expected a string, found ${show(value)}`);
  return value;
}

function optionalString(value: unknown, path: string, fail: Fail): string {
  return value === undefined ? '' : string(value, path, fail);
}

function nullableString(value: unknown, path: string, fail: Fail): string | null {
  return value === undefined || value === null ? null : string(value, path, fail);
}

// Calendar-checked ISO-8601 with an explicit zone; Date.parse alone accepts 2024-02-30.
const ISO_INSTANT =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,3})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

function instant(value: unknown, path: string, fail: Fail): string {
  const text = string(value, path, fail);
  const m = ISO_INSTANT.exec(text);
  if (!m || !isLocalDate(m[1]) || Number.isNaN(Date.parse(text))) {
    fail(path, `expected an ISO-8601 instant like "2024-02-22T11:30:00.000Z", found ${show(text)}`);
  }
  return new Date(text).toISOString();
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** A short, quoted rendering of a found value for messages. */
function show(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return typeof value === 'object' ? 'an object' : typeof value;
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
