// Turns a programme as organizers publish it (plain text, see fixtures/) into a Programme.
//
// Layout, top to bottom:
//   notes…  TITLE  description…            (the preamble, see readPreamble)
//   Part heading                            (the line above a date line)
//   February 22, 2024 | 12:30 – 18:00 CET   (the date line)
//   stream note lines, "About the course" + paragraphs, "Learning objectives" + bullets
//   12:30 – 13:10 Title                     (agenda lines, each talk optionally followed by
//   R. Sinnatamby, Cambridge/UK              one speaker line)
//   … next part heading …
//
// Syntax is checked top to bottom while reading; then the finished programme goes through
// checkProgramme (shared with the JSON form), whose JSON paths are mapped back to lines.
// So a syntax error anywhere is reported before a time or limit problem on an earlier line.
// Text is kept as published; only line endings, a BOM, and non-breaking spaces and tabs
// (read as plain spaces) are normalised.

import type {
  AgendaItemKind,
  Programme,
  ProgrammeItem,
  ProgrammePart,
  Speaker,
} from '../../../../shared/programme.js';
import { DEFAULT_TIMEZONE, MAX_PROGRAMME_BYTES, MAX_TITLE_LENGTH } from '../../../../shared/limits.js';
import {
  daysInMonth,
  formatLocalDate,
  formatLocalTime,
  zoneAbbreviations,
  zonedLocalToUtc,
} from '../../../../shared/time.js';
import { DomainError } from '../../common/domain-error.js';
import { checkProgramme, checkTimeZone, deriveSlug, type Fail } from './programme-validator.js';

export interface ParseProgrammeOptions {
  /** IANA zone the published times are in; DEFAULT_TIMEZONE when absent. */
  timezone?: string;
  /** URL name; derived from the title when absent. */
  slug?: string;
}

const AGENDA_EXAMPLE = '"12:30 – 13:10 Title"';
const DATE_EXAMPLE = '"February 22, 2024 | 12:30 – 18:00 CET"';
const SPEAKER_EXAMPLE = '"R. Sinnatamby, Cambridge/UK"';

export function parseProgramme(text: string, options: ParseProgrammeOptions = {}): Programme {
  refuseOversized(text);
  refuseNul(text);
  const lines = toLines(text);
  const reader = new Reader(lines);
  const timezone = options.timezone ?? DEFAULT_TIMEZONE;
  checkTimeZone(timezone, 'timezone', reader.failAtPath);

  const parts = locateParts(reader);
  const preamble = readPreamble(reader, parts);
  const programme: Programme = {
    slug: options.slug ?? deriveSlug(preamble.title),
    title: preamble.title,
    description: preamble.description,
    notes: preamble.notes,
    timezone,
    parts: parts.map((span, k) => readPart(reader, span, `parts[${k}]`, timezone)),
  };
  checkProgramme(programme, reader.failAtPath);
  return programme;
}

// ---- input ------------------------------------------------------------------------------

function refuseOversized(text: string): void {
  // UTF-8 never takes fewer bytes than UTF-16 code units, so long strings need no encoding.
  const bytes = text.length > MAX_PROGRAMME_BYTES ? text.length : new TextEncoder().encode(text).length;
  if (bytes > MAX_PROGRAMME_BYTES) {
    throw new DomainError(
      'programme/too_large',
      `expected at most ${MAX_PROGRAMME_BYTES} bytes of programme text, found ${bytes}`,
    );
  }
}

/** U+0000 cannot be stored; name its line so the organizer can find it (often a bad copy-paste). */
function refuseNul(text: string): void {
  const at = text.indexOf('\u0000');
  if (at === -1) return;
  const line = text.slice(0, at).split(/\r\n|\r|\n/).length;
  throw new DomainError(
    'request/invalid',
    `Line ${line} contains a NUL character (U+0000), often left by a copy from another program. Remove it and publish again.`,
    { line },
  );
}

/** Trimmed lines; CRLF/CR, a BOM, NBSPs and tabs normalised, nothing else touched. */
function toLines(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/[\u00A0\u2007\u202F\t]/g, ' ').trim());
}

/** The lines, plus where each JSON path came from so rule violations can name a line. */
class Reader {
  private readonly pathLines = new Map<string, number>();

  constructor(readonly lines: string[]) {}

  /** Refuses the input at 0-based line `index`. */
  failAt(index: number, message: string): never {
    const line = Math.min(Math.max(index, 0), this.lines.length - 1) + 1;
    throw new DomainError('programme/invalid', `Line ${line}: ${message}`, { line });
  }

  record(path: string, index: number): void {
    this.pathLines.set(path, index);
  }

  /** A Fail for checkProgramme: the line of the path or, failing that, of its nearest parent. */
  readonly failAtPath: Fail = (path, message) => {
    // "parts[0].items[3].end" → "parts[0].items[3]" → "parts[0].items" → "parts[0]" → "parts"
    let p = path;
    while (p !== '') {
      const index = this.pathLines.get(p);
      if (index !== undefined) this.failAt(index, message);
      const parent = p.replace(/(?:\.[^.[\]]+|\[\d+\])$/, '');
      if (parent === p) break;
      p = parent;
    }
    throw new DomainError('programme/invalid', `${path}: ${message}`);
  };
}

// ---- where the parts are ------------------------------------------------------------------

interface PartSpan {
  heading: number;
  dateLine: number;
  /** Exclusive end of the part's lines: the next heading, or the end of the text. */
  end: number;
}

/**
 * A part is found by its date line; its heading is the nearest non-blank line above.
 * (Headings cannot be recognised on their own: "Part 1" follows no fixed pattern.)
 */
function locateParts(reader: Reader): PartSpan[] {
  const { lines } = reader;
  const dateLines = lines.flatMap((line, i) => (looksLikeDateLine(line) ? [i] : []));
  if (dateLines.length === 0) {
    reader.failAt(
      lines.length - 1,
      `expected a part: a heading line followed by a date line like ${DATE_EXAMPLE}, ` +
        'found none up to the end of the text',
    );
  }
  const spans = dateLines.map((dateLine, k): PartSpan => {
    const floor = k === 0 ? -1 : dateLines[k - 1];
    let heading = dateLine - 1;
    while (heading > floor && lines[heading] === '') heading -= 1;
    if (heading <= floor || AGENDA_START.test(lines[heading])) {
      const above = heading > floor ? `, found the agenda line "${clip(lines[heading])}" above it` : '';
      reader.failAt(
        dateLine,
        `expected a part heading (like "Course – Part 1") above this date line${above}`,
      );
    }
    return { heading, dateLine, end: lines.length };
  });
  spans.forEach((span, k) => {
    if (k + 1 < spans.length) span.end = spans[k + 1].heading;
  });
  return spans;
}

// ---- preamble: notes, title, description ----------------------------------------------

interface Preamble {
  title: string;
  notes: string;
  description: string;
}

/**
 * The event title rule. Among the lines before the first part heading, the title is the
 * LAST line that
 *   1. starts a paragraph (the first line, or a line after a blank one),
 *   2. is short: at most 15 words and MAX_TITLE_LENGTH characters, not ending in . , ; :
 *      (so sentences of notes and description are out), and
 *   3. shares a part heading's name: it contains the heading's stem, i.e. the heading without
 *      its "- Part 1" / "Day 2" / "Session III" marker, or (with two words or more) is
 *      contained in it. Words are compared case-insensitively, ignoring punctuation.
 * "ESOR Patient Communication Course" qualifies through "Patient Communication Course - Part 1".
 * When no line qualifies, the first non-blank line is the title.
 * Lines before the title are the notes (non-blank lines joined by newlines); lines after it
 * are the description (paragraphs separated by one blank line).
 */
function readPreamble(reader: Reader, parts: PartSpan[]): Preamble {
  const firstHeading = parts[0].heading;
  const lines = reader.lines.slice(0, firstHeading);
  const stems = parts.map((part) => headingStem(reader.lines[part.heading])).filter(Boolean);
  const candidates = lines.flatMap((line, i) =>
    isTitleShaped(line) && (i === 0 || lines[i - 1] === '') ? [i] : [],
  );
  const matching = candidates.filter((i) => stems.some((stem) => sharesName(lines[i], stem)));
  const titleLine = matching.at(-1) ?? lines.findIndex((line) => line !== '');
  if (titleLine < 0) {
    reader.failAt(
      0,
      `expected the event title before the first part heading "${clip(reader.lines[firstHeading])}"`,
    );
  }
  reader.record('title', titleLine);
  const notesLine = lines.findIndex((line) => line !== '');
  if (notesLine < titleLine) reader.record('notes', notesLine);
  const descriptionLine = lines.findIndex((line, i) => i > titleLine && line !== '');
  if (descriptionLine >= 0) reader.record('description', descriptionLine);
  return {
    title: lines[titleLine],
    notes: lines
      .slice(0, titleLine)
      .filter((line) => line !== '')
      .join('\n'),
    description: paragraphs(lines.slice(titleLine + 1)),
  };
}

function isTitleShaped(line: string): boolean {
  return (
    line !== '' &&
    line.length <= MAX_TITLE_LENGTH &&
    line.split(' ').filter(Boolean).length <= 15 &&
    !/[.,;:]$/.test(line)
  );
}

const PART_MARKER =
  '\\(?\\b(?:part|day|session|module|block|week|unit|lecture)\\s*(?:\\d{1,2}|[ivx]{1,5}|one|two|three|four|five|six|seven|eight|nine|ten)\\)?';
const TRAILING_MARKER = new RegExp(`[\\s,:;|·–—-]*${PART_MARKER}\\s*$`, 'i');
const LEADING_MARKER = new RegExp(`^\\s*${PART_MARKER}[\\s,:;|·–—-]*`, 'i');

function headingStem(heading: string): string {
  return words(heading.replace(TRAILING_MARKER, '').replace(LEADING_MARKER, ''));
}

function sharesName(line: string, stem: string): boolean {
  const candidate = words(line);
  if (candidate === '') return false;
  return (
    ` ${candidate} `.includes(` ${stem} `) ||
    (candidate.includes(' ') && ` ${stem} `.includes(` ${candidate} `))
  );
}

/** Lowercase words separated by single spaces, punctuation dropped. */
function words(text: string): string {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean)
    .join(' ');
}

/** Paragraphs (runs of non-blank lines, kept as lines) separated by one blank line. */
function paragraphs(lines: string[]): string {
  return lines
    .join('\n')
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.replace(/^\n+|\n+$/g, ''))
    .filter(Boolean)
    .join('\n\n');
}

// ---- one part -------------------------------------------------------------------------

/** How the times of a date line are to be read: in the event's zone, or at a fixed offset. */
type Clock = { zone: string } | { offsetMinutes: number };

function readPart(reader: Reader, span: PartSpan, path: string, timezone: string): ProgrammePart {
  const { lines } = reader;
  reader.record(path, span.heading);
  for (const field of ['date', 'start', 'end']) reader.record(`${path}.${field}`, span.dateLine);

  const when = readDateLine(reader, span.dateLine, timezone);
  const instant = (time: string, index: number) => toInstant(reader, when.date, time, when.clock, index);
  const start = instant(when.start, span.dateLine);
  const part: ProgrammePart = {
    title: lines[span.heading],
    // The event zone's calendar date. It differs from the published one only when a time
    // given in UTC or at an offset falls on another day in the event's zone.
    date: formatLocalDate(start, timezone),
    start,
    end: instant(when.end, span.dateLine),
    streamUrl: null,
    streamNote: '',
    about: '',
    objectives: [],
    items: [],
  };
  const agendaStart = readIntro(reader, span, path, part);
  readAgenda(reader, agendaStart, span.end, path, part.items, instant);
  return part;
}

// A line starting with a date: "February 22, 2024", "Thursday, 22 Feb 2024", "22nd February 2024".
const DATE_PREFIX =
  /^(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?\.?,?\s+)?(?:(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})|(\d{1,2})(?:st|nd|rd|th)?\.?\s+(\p{L}+)\.?,?\s+(\d{4}))/iu;
const DATE_LINE_REST = /^(?:[|,·•–—-]\s*)?(\d{1,2}[:.]\d{2})\s*[–—−-]\s*(\d{1,2}[:.]\d{2})(?:\s+(\S+))?$/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function monthNumber(word: string): number | null {
  const w = word.toLowerCase();
  const index = w.length === 3 || w === 'sept' ? MONTHS.indexOf(w.slice(0, 3)) : MONTH_NAMES.indexOf(w);
  return index < 0 ? null : index + 1;
}

function matchDatePrefix(line: string) {
  const m = DATE_PREFIX.exec(line);
  if (!m) return null;
  const [monthWord, day, year] = m[1] ? [m[1], m[2], m[3]] : [m[5], m[4], m[6]];
  const month = monthNumber(monthWord);
  if (month === null) return null;
  return { year: Number(year), month, day: Number(day), rest: line.slice(m[0].length).trim() };
}

/**
 * A date at the start of the line, then nothing, a separator, or a time. Such a line is read
 * as a date line (and refused if malformed); prose such as "March 21, 2024 marks…" is not.
 */
function looksLikeDateLine(line: string): boolean {
  const m = matchDatePrefix(line);
  return m !== null && (m.rest === '' || /^[|,·•–—\-\d]/.test(m.rest));
}

interface DateLine {
  date: string;
  start: string;
  end: string;
  clock: Clock;
}

function readDateLine(reader: Reader, index: number, timezone: string): DateLine {
  const line = reader.lines[index];
  const prefix = matchDatePrefix(line)!;
  const rest = DATE_LINE_REST.exec(prefix.rest);
  if (!rest) reader.failAt(index, `expected a date line like ${DATE_EXAMPLE}, found "${clip(line)}"`);
  if (prefix.day < 1 || prefix.day > daysInMonth(prefix.year, prefix.month)) {
    reader.failAt(
      index,
      `expected a calendar date, found "${clip(line.slice(0, line.length - prefix.rest.length).trim())}"`,
    );
  }
  const date = `${prefix.year}-${pad2(prefix.month)}-${pad2(prefix.day)}`;
  return {
    date,
    start: clockTime(reader, rest[1], index),
    end: clockTime(reader, rest[2], index),
    clock: readZoneLabel(reader, rest[3], date, timezone, index),
  };
}

const OFFSET_LABEL = /^(?:UTC|GMT|UT|Z)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/i;

/**
 * What the zone label after the times means (decided here, as the issue left it open):
 * - none, or named abbreviations the event's zone uses (CET, CEST or CET/CEST for
 *   Europe/Vienna; EST/EDT for America/New_York): the event's zone, with the offset the date really has,
 *   because organizers keep "CET" all year; a June date is read as +02:00;
 * - UTC, GMT, UT, Z, or an explicit offset (UTC+1, GMT+05:30): that fixed offset, literally;
 * - anything else ("PST" for a Vienna event, "XYZ") is refused.
 */
function readZoneLabel(
  reader: Reader,
  label: string | undefined,
  date: string,
  timezone: string,
  index: number,
): Clock {
  if (label === undefined) return { zone: timezone };
  const named = zoneAbbreviations(timezone, Number(date.slice(0, 4)));
  // "CET/CEST" names both halves of the year; each must belong to the zone.
  if (label.split('/').every((name) => named.includes(name.toUpperCase()))) return { zone: timezone };
  const offset = OFFSET_LABEL.exec(label);
  if (offset) {
    const [, sign, hours = '0', minutes = '0'] = offset;
    if (Number(hours) <= 14 && Number(minutes) <= 59) {
      return { offsetMinutes: (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) };
    }
  }
  const expected = named.length > 0 ? `${named.join(' or ')} (the zone ${timezone}), ` : '';
  reader.failAt(
    index,
    `expected the time zone ${expected}UTC, or an offset like UTC+01:00, found "${label}"`,
  );
}

/** "9:05" → "09:05", refusing times of day that do not exist, such as 25:70. */
function clockTime(reader: Reader, text: string, index: number): string {
  const [hours, minutes] = text.split(/[:.]/).map(Number) as [number, number];
  if (hours > 23 || minutes > 59) {
    reader.failAt(index, `expected a time between 00:00 and 23:59, found "${text}"`);
  }
  return `${pad2(hours)}:${pad2(minutes)}`;
}

function toInstant(reader: Reader, date: string, time: string, clock: Clock, index: number): string {
  if ('offsetMinutes' in clock) {
    return new Date(Date.parse(`${date}T${time}:00Z`) - clock.offsetMinutes * 60_000).toISOString();
  }
  const instant = zonedLocalToUtc(date, time, clock.zone);
  // zonedLocalToUtc moves times in the spring-forward gap; a published programme is refused.
  if (formatLocalTime(instant, clock.zone) !== time) {
    reader.failAt(
      index,
      `expected a time that exists on ${date} in ${clock.zone}, found ${time} ` +
        '(the clocks skip that hour for summer time)',
    );
  }
  return instant.toISOString();
}

// ---- the part's introduction: stream note, about, objectives -------------------------

const ABOUT_HEADER = /^about(?:\s+(?:the|this)\s+(?:course|part|session|module|event))?\s*:?$/i;
const OBJECTIVES_HEADER = /^(?:learning\s+)?objectives\s*:?$/i;
const AGENDA_HEADER = /^(?:programme|program|agenda|schedule|timetable)\s*:?$/i;
const BULLET = /^(?:[•◦▪‣·●○■–—*-])\s*/;
const URL_LINE = /^https?:\/\/\S+$/i;

/**
 * Reads from below the date line up to the first agenda line, whose index it returns.
 * Lines before any header are the stream note (a line that is only an http(s) URL becomes
 * streamUrl); "About the course" starts paragraphs of `about`; "Learning objectives" starts
 * objectives, one per non-blank line, bullet marker removed. "Programme"/"Agenda" is skipped.
 */
function readIntro(reader: Reader, span: PartSpan, path: string, part: ProgrammePart): number {
  const { lines } = reader;
  let section: 'note' | 'about' | 'objectives' | 'agenda' = 'note';
  const note: string[] = [];
  const about: string[] = [];
  let i = span.dateLine + 1;
  for (; i < span.end; i += 1) {
    const line = lines[i];
    if (AGENDA_START.test(line)) break;
    if (ABOUT_HEADER.test(line)) {
      section = 'about';
      reader.record(`${path}.about`, i);
    } else if (OBJECTIVES_HEADER.test(line)) {
      section = 'objectives';
      reader.record(`${path}.objectives`, i);
    } else if (AGENDA_HEADER.test(line)) {
      section = 'agenda';
    } else if (line === '') {
      if (section === 'about') about.push('');
    } else if (section === 'note') {
      if (URL_LINE.test(line) && part.streamUrl === null) {
        part.streamUrl = line;
        reader.record(`${path}.streamUrl`, i);
      } else {
        if (note.length === 0) reader.record(`${path}.streamNote`, i);
        note.push(line);
      }
    } else if (section === 'about') {
      about.push(line);
    } else if (section === 'objectives') {
      reader.record(`${path}.objectives[${part.objectives.length}]`, i);
      part.objectives.push(line.replace(BULLET, '').trim());
    } else {
      reader.failAt(i, `expected an agenda line like ${AGENDA_EXAMPLE}, found "${clip(line)}"`);
    }
  }
  part.streamNote = note.join('\n');
  part.about = paragraphs(about);
  return i;
}

// ---- the agenda -------------------------------------------------------------------------

// Starts like a time: read as an agenda line, and refused if it is not a well-formed one.
const AGENDA_START = /^\d{1,2}[:.]\d{2}(?!\d)/;
const AGENDA_LINE = /^(\d{1,2}[:.]\d{2})\s*[–—−-]\s*(\d{1,2}[:.]\d{2})(?!\d)\s*(?:[:|–—-](?=\s))?\s*(.*)$/;

/**
 * Agenda lines until the part ends. The next non-blank line after a talk is either its
 * speaker line or another agenda line; after a speaker line, a Q&A or a break only an agenda
 * line may follow.
 */
function readAgenda(
  reader: Reader,
  from: number,
  to: number,
  path: string,
  items: ProgrammeItem[],
  instant: (time: string, index: number) => string,
): void {
  const { lines } = reader;
  let awaitingSpeaker = false;
  for (let i = from; i < to; i += 1) {
    const line = lines[i];
    if (line === '') continue;
    if (AGENDA_START.test(line)) {
      const item = readAgendaLine(reader, i, instant);
      reader.record(`${path}.items[${items.length}]`, i);
      items.push(item);
      awaitingSpeaker = item.kind === 'talk';
    } else if (awaitingSpeaker) {
      const speakers = parseSpeakerLine(line);
      if (!speakers) {
        reader.failAt(
          i,
          `expected a speaker line like ${SPEAKER_EXAMPLE} or an agenda line like ${AGENDA_EXAMPLE}, ` +
            `found "${clip(line)}"`,
        );
      }
      reader.record(`${path}.items[${items.length - 1}].speakers`, i);
      items.at(-1)!.speakers = speakers;
      awaitingSpeaker = false;
    } else {
      const last = items.at(-1);
      const why =
        last && last.kind !== 'talk' && speakerShaped(line)
          ? ' (Q&A sessions and breaks take no speaker line)'
          : '';
      reader.failAt(i, `expected an agenda line like ${AGENDA_EXAMPLE}, found "${clip(line)}"${why}`);
    }
  }
}

function readAgendaLine(
  reader: Reader,
  index: number,
  instant: (time: string, index: number) => string,
): ProgrammeItem {
  const line = reader.lines[index];
  const m = AGENDA_LINE.exec(line);
  if (!m) reader.failAt(index, `expected an agenda line like ${AGENDA_EXAMPLE}, found "${clip(line)}"`);
  const title = m[3].trim();
  if (title === '') {
    reader.failAt(index, `expected an agenda line like ${AGENDA_EXAMPLE}, found "${clip(line)}" (no title)`);
  }
  const start = clockTime(reader, m[1], index);
  const end = clockTime(reader, m[2], index);
  return { kind: kindOf(title), title, start: instant(start, index), end: instant(end, index), speakers: [] };
}

const QA_TITLE = /^(?:q\s*(?:&|and|\+)\s*a|questions?\s*(?:&|and)\s*answers?)(?:\s+session)?$/i;
const BREAK_TITLE = /^(?:(?:coffee|lunch|tea|comfort|short)\s+)?break$/i;

export function kindOf(title: string): AgendaItemKind {
  const plain = title
    .replace(/\s+/g, ' ')
    .replace(/[.!:]+$/, '')
    .trim();
  if (QA_TITLE.test(plain)) return 'qa';
  if (BREAK_TITLE.test(plain)) return 'break';
  return 'talk';
}

// ---- speakers ---------------------------------------------------------------------------

// Names and places: letters (any script), marks, and the punctuation names carry. No digits,
// no sentence punctuation, so "Watch this course on ESR Connect!" is not a speaker.
const NAME = /^\p{L}[\p{L}\p{M}.'’‘\-() ]*$/u;
const MAX_NAME_WORDS = 8;
const SPEAKER_SEPARATOR = /\s+(?:and|&)\s+/;

/**
 * "G. Paulo, Coimbra/PT and D. Akata, Ankara/TR" → two speakers. Each is `Name`,
 * `Name, City`, `Name, City/Country`, `Name, /Country` or `Name, City, Country`.
 * Returns null when the line is not shaped like that.
 */
export function parseSpeakerLine(line: string): Speaker[] | null {
  const speakers: Speaker[] = [];
  for (const segment of line.split(SPEAKER_SEPARATOR)) {
    const speaker = parseSpeaker(segment.trim());
    if (!speaker) return null;
    speakers.push(speaker);
  }
  return speakers;
}

function parseSpeaker(segment: string): Speaker | null {
  const comma = segment.indexOf(',');
  const name = (comma < 0 ? segment : segment.slice(0, comma)).trim();
  if (!isName(name)) return null;
  if (comma < 0) return { name, city: null, country: null };
  const place = segment.slice(comma + 1);
  const separator = place.includes('/') ? '/' : ',';
  const [city = '', country, ...extra] = place.split(separator).map((part) => part.trim());
  if (extra.length > 0) return null;
  if (country === undefined) return isName(city) ? { name, city, country: null } : null;
  if ((city !== '' && !isName(city)) || !isName(country)) return null;
  return { name, city: city === '' ? null : city, country };
}

function isName(text: string): boolean {
  return NAME.test(text) && text.split(' ').filter(Boolean).length <= MAX_NAME_WORDS;
}

/** For a hint only: does the line look like one or more speakers? */
function speakerShaped(line: string): boolean {
  return line.includes(',') && parseSpeakerLine(line) !== null;
}

// ---- small helpers ----------------------------------------------------------------------

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
