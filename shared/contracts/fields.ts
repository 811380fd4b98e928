// Building blocks of the payload schemas, each with the `request/invalid` message people have
// always got for it: the field, what it must be, and what came instead.
import * as v from 'valibot';
import { containsNul } from '../text.js';
import { FIELD } from './problem.js';

/** A UUID in any case (ids are stored and compared in lower case). The one definition. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

/** A short rendering of what was sent instead, never echoing a long text back. */
export function found(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return value.length > 40 ? 'a long string' : JSON.stringify(value);
  return `a ${Array.isArray(value) ? 'list' : typeof value}`;
}

/** `"field" must be <what>; got <found>.` */
export function mustBe(what: string): (issue: v.BaseIssue<unknown>) => string {
  return (issue) => `${FIELD} must be ${what}; got ${found(issue.input)}.`;
}

const UUID_TEXT = 'a UUID such as 3f1c…-…';

/** A UUID, lower-cased. */
export function uuid() {
  const message = mustBe(UUID_TEXT);
  return v.pipe(v.string(message), v.regex(UUID_PATTERN, message), v.toLowerCase());
}

/** Refused here, before any rate limit or query: PostgreSQL cannot store U+0000. */
export const NUL_MESSAGE = `${FIELD} contains a NUL character (U+0000). Remove it and send again.`;

/** Text as typed, without U+0000. Lengths are the services' rules (they count code points). */
export function text() {
  return v.pipe(
    v.string(mustBe('text')),
    v.check((value) => !containsNul(value), NUL_MESSAGE),
  );
}

export function flag() {
  return v.boolean(mustBe('true or false'));
}

/** A change counter the client holds: a whole number ≥ 0. */
export function version() {
  const message = mustBe('a whole number ≥ 0');
  return v.pipe(v.number(message), v.safeInteger(message), v.minValue(0, message));
}

// An ISO-8601 instant with its offset: 2024-02-22T12:30:05.250Z or …+01:00.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

/** An ISO instant with an offset, kept as the text sent (the server reads it with `new Date`). */
export function instant() {
  const message = mustBe('an ISO instant such as 2024-02-22T12:30:05Z');
  return v.pipe(
    v.string(message),
    v.regex(INSTANT, message),
    v.check((value) => !Number.isNaN(new Date(value).getTime()), message),
  );
}

type Message = string | ((issue: v.BaseIssue<unknown>) => string);

/** What a socket payload that is not an object gets. */
export const NOT_AN_OBJECT = 'The payload must be an object, such as { "partId": "…" }.';

/** A JSON object, not a list (valibot's object schemas take a list for an object with no fields). */
export function notAList(notAnObject: Message) {
  return v.custom<Record<string, unknown>>(
    (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
    notAnObject,
  );
}

/**
 * The fields of a payload object. A field left out is reported with that field's own message
 * ("…; got nothing."), not a generic "missing key"; fields the schema does not name are dropped.
 * For a `v.variant` option; elsewhere use `payload`, which also refuses a list.
 */
export function fieldsOf<const E extends v.ObjectEntries>(entries: E, notAnObject: Message = NOT_AN_OBJECT) {
  return v.object(entries, (issue) => missingFieldMessage(issue, entries) ?? messageOf(notAnObject, issue));
}

/** A payload object (see `fieldsOf`); anything but an object gets `notAnObject`. */
export function payload<const E extends v.ObjectEntries>(entries: E, notAnObject: Message = NOT_AN_OBJECT) {
  return v.pipe(notAList(notAnObject), fieldsOf(entries, notAnObject));
}

/** As `payload`, but a field the schema does not name is refused with `unknownField(key)`. */
export function strictPayload<const E extends v.ObjectEntries>(
  entries: E,
  notAnObject: Message,
  unknownField: (key: string) => string,
) {
  return v.pipe(
    notAList(notAnObject),
    v.strictObject(entries, (issue) => {
      if (issue.expected === 'never') return unknownField(String(issue.input).slice(0, 40));
      return missingFieldMessage(issue, entries) ?? messageOf(notAnObject, issue);
    }),
  );
}

function messageOf(message: Message, issue: v.BaseIssue<unknown>): string {
  return typeof message === 'string' ? message : message(issue);
}

/** For an object's "key missing" issue: the message the field's schema gives for nothing. */
function missingFieldMessage(issue: v.BaseIssue<unknown>, entries: v.ObjectEntries): string | null {
  const key = issue.path?.at(-1)?.key;
  if (issue.input !== undefined || typeof key !== 'string' || !Object.hasOwn(entries, key)) return null;
  const result = v.safeParse(entries[key], undefined, { abortEarly: true });
  return result.success ? null : result.issues[0].message;
}
