// The programme as JSON (`POST /api/events`, the organizer's preview): the shape, checked field
// by field. The rules across fields (times in order, windows, limits) are the server's
// checkProgramme, which the text parser's result goes through too. Messages read
// "expected …, found …"; the path ("parts[0].items[3].end") is given beside them, so that the
// text parser can map it back to a line.
import * as v from 'valibot';
import { DEFAULT_TIMEZONE } from '../limits.js';
import { AGENDA_ITEM_KINDS } from '../programme.js';
import { isLocalDate } from '../time.js';
import { strictPayload } from './fields.js';

/** A short, quoted rendering of a found value for messages. */
export function shown(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

const expected = (what: string) => (issue: v.BaseIssue<unknown>) =>
  `expected ${what}, found ${shown(issue.input)}`;

const string = () => v.string(expected('a string'));

/** An object with exactly these fields: refusing others turns a typo such as "speaker" into an error, not lost data. */
function record<const E extends v.ObjectEntries>(entries: E) {
  const keys = Object.keys(entries).join(', ');
  return strictPayload(entries, expected('an object'), () => `unexpected field; expected only ${keys}`);
}

const list = <const S extends v.GenericSchema>(item: S) => v.array(item, expected('an array'));

// Calendar-checked ISO-8601 with an explicit zone; Date.parse alone accepts 2024-02-30.
const ISO_INSTANT =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,3})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/** An instant with its zone, normalised to UTC with `Z`. */
const instant = () =>
  v.pipe(
    string(),
    v.check((text) => {
      const m = ISO_INSTANT.exec(text);
      return m !== null && isLocalDate(m[1]) && !Number.isNaN(Date.parse(text));
    }, expected('an ISO-8601 instant like "2024-02-22T11:30:00.000Z"')),
    v.transform((text) => new Date(text).toISOString()),
  );

export const SpeakerSchema = record({
  name: string(),
  /** As published, e.g. "Cambridge"; null when the line gave none. */
  city: v.nullish(string(), null),
  /** As published after the slash, e.g. "UK", "USA", "TR"; null when absent. */
  country: v.nullish(string(), null),
});

export const ProgrammeItemSchema = record({
  kind: v.picklist(AGENDA_ITEM_KINDS, expected(`one of ${AGENDA_ITEM_KINDS.join(', ')}`)),
  title: string(),
  /** ISO-8601 UTC instant with `Z`. */
  start: instant(),
  end: instant(),
  speakers: v.optional(list(SpeakerSchema), () => []),
});

export const ProgrammePartSchema = record({
  title: string(),
  /** Local calendar date in the event's zone, `YYYY-MM-DD` (checked with the other rules). */
  date: string(),
  /** The published window of the afternoon, UTC instants. */
  start: instant(),
  end: instant(),
  /** HLS (.m3u8) or embeddable player URL; null when not yet known. */
  streamUrl: v.nullish(string(), null),
  /** Lines such as "Watch this course on ESR Connect!". */
  streamNote: v.optional(string(), ''),
  about: v.optional(string(), ''),
  objectives: v.optional(list(string()), () => []),
  items: list(ProgrammeItemSchema),
});

export const ProgrammeFieldsSchema = record({
  /** URL name; derived from the title when absent. */
  slug: v.nullish(string()),
  title: string(),
  description: v.optional(string(), ''),
  /** Lines before the title (streaming and accreditation remarks). */
  notes: v.optional(string(), ''),
  /** IANA zone the published times are in, e.g. Europe/Vienna. */
  timezone: v.optional(string(), DEFAULT_TIMEZONE),
  parts: list(ProgrammePartSchema),
});
