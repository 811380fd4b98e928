// The organizer console's bodies: sign-in, and `PATCH /api/events/:slug/settings` (any subset of an
// event's settings).
import * as v from 'valibot';
import { MAX_PARTS_PER_EVENT, MAX_URL_LENGTH } from '../limits.js';
import {
  MAX_ORGANIZER_TOKEN_LENGTH,
  MAX_QA_OPENS_BEFORE_MINUTES,
  MAX_STREAM_DELAY_SECONDS,
} from '../organizer.js';
import { payload, strictPayload } from './fields.js';
import { FIELD } from './problem.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function parsedUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/**
 * A stream address the event page will load: https (an HLS playlist, a YouTube or Vimeo link,
 * another player page), or http on this machine for rehearsals. Empty or null means no stream.
 */
export function streamLink() {
  const tooLong = `${FIELD} must be a link of at most ${MAX_URL_LENGTH} characters, or null.`;
  return v.nullable(
    v.pipe(
      v.string(tooLong),
      v.maxLength(MAX_URL_LENGTH, tooLong),
      v.trim(),
      v.check(
        (text) => text === '' || parsedUrl(text) !== null,
        (issue) => `${FIELD} is not a link: "${String(issue.input).slice(0, 80)}".`,
      ),
      v.check((text) => {
        const url = parsedUrl(text);
        return (
          url === null ||
          url.protocol === 'https:' ||
          (url.protocol === 'http:' && LOOPBACK.has(url.hostname))
        );
      }, `${FIELD} must start with https:// (the event page loads nothing else).`),
      v.transform((text) => parsedUrl(text)?.href ?? null),
    ),
  );
}

const wholeNumber = (max: number) => {
  const message = `${FIELD} must be a whole number from 0 to ${max}.`;
  return v.pipe(v.number(message), v.integer(message), v.minValue(0, message), v.maxValue(max, message));
};

const unknownField = () => `The settings have an unknown field ${FIELD}; leave it out.`;

const PartSettingsChangeSchema = strictPayload(
  {
    id: v.pipe(v.string(`${FIELD} must be a part's id.`), v.maxLength(64, `${FIELD} must be a part's id.`)),
    streamUrl: v.optional(streamLink()),
    streamDelaySeconds: v.optional(wholeNumber(MAX_STREAM_DELAY_SECONDS)),
  },
  `${FIELD} must be a JSON object.`,
  unknownField,
);

const PARTS = `${FIELD} must be a list of at most ${MAX_PARTS_PER_EVENT} parts.`;

export const OrganizerSettingsChangeSchema = strictPayload(
  {
    preModeration: v.optional(v.boolean(`${FIELD} must be true or false.`)),
    speakersMayAnswer: v.optional(v.boolean(`${FIELD} must be true or false.`)),
    answersPublished: v.optional(v.boolean(`${FIELD} must be true or false.`)),
    /** Hold questions with likely patient identifiers / with profanity for review (issue 13). */
    holdPatientData: v.optional(v.boolean(`${FIELD} must be true or false.`)),
    holdProfanity: v.optional(v.boolean(`${FIELD} must be true or false.`)),
    /** null: the server default applies. */
    qaOpensBeforeMinutes: v.optional(v.nullable(wholeNumber(MAX_QA_OPENS_BEFORE_MINUTES))),
    /** Parts name their id. */
    parts: v.optional(
      v.pipe(v.array(PartSettingsChangeSchema, PARTS), v.maxLength(MAX_PARTS_PER_EVENT, PARTS)),
    ),
  },
  'The settings must be a JSON object.',
  unknownField,
);
export type OrganizerSettingsChange = v.InferOutput<typeof OrganizerSettingsChangeSchema>;

const SIGN_IN = `Send { "token": "<the organizer token>" } (at most ${MAX_ORGANIZER_TOKEN_LENGTH} characters).`;

/** `POST /api/organizer/session`: the organizer token, bounded before it is compared. */
export const SignInRequestSchema = payload(
  {
    token: v.pipe(
      v.string(SIGN_IN),
      v.minLength(1, SIGN_IN),
      v.maxLength(MAX_ORGANIZER_TOKEN_LENGTH, SIGN_IN),
    ),
  },
  SIGN_IN,
);
