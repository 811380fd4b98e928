// `POST /api/events/:slug/grants`: an organizer asks for a moderator or speaker link.
import * as v from 'valibot';
import { GRANT_ROLES } from '../moderation.js';
import { codePointLength, containsNul } from '../text.js';
import { NUL_MESSAGE, payload } from './fields.js';
import { FIELD } from './problem.js';

export const DEFAULT_EXPIRY_HOURS = 14 * 24;
export const MAX_EXPIRY_HOURS = 365 * 24;
export const MAX_GRANT_LABEL_LENGTH = 100;
export const MAX_SPEAKER_NAME_LENGTH = 200;

// An ISO instant with an offset; seconds optional (a person types "2026-12-01T18:00Z").
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** What `expiresAt` must be; the server also checks the window against the real clock. */
export const EXPIRES_AT_RULE = `"expiresAt" must be an ISO instant with an offset, such as "2026-12-01T18:00:00Z", in the future and at most ${MAX_EXPIRY_HOURS / 24} days ahead.`;

const SPEAKER_NAME = `${FIELD} must be a speaker’s name as published, or null for the whole panel.`;
const LABEL = `${FIELD} must be text of at most ${MAX_GRANT_LABEL_LENGTH} characters.`;
const HOURS = `${FIELD} must be a number from 1 to ${MAX_EXPIRY_HOURS}.`;

export const CreateGrantRequestSchema = v.pipe(
  payload(
    {
      role: v.picklist(GRANT_ROLES, `${FIELD} must be "moderator" or "speaker".`),
      /** For a speaker link: the speaker it is for (their talks only); null: the whole panel. */
      speakerName: v.nullish(
        v.pipe(
          v.string(SPEAKER_NAME),
          v.check((name) => name.trim() !== '', SPEAKER_NAME),
          v.maxLength(MAX_SPEAKER_NAME_LENGTH, SPEAKER_NAME),
          v.check((name) => !containsNul(name), NUL_MESSAGE),
        ),
      ),
      label: v.nullish(
        v.pipe(
          v.string(LABEL),
          v.check((label) => codePointLength(label) <= MAX_GRANT_LABEL_LENGTH, LABEL),
          v.check((label) => !containsNul(label), NUL_MESSAGE),
        ),
      ),
      /** Default 14 days; at most 365. Give this or `expiresAt`, not both. */
      expiresInHours: v.optional(
        v.pipe(v.number(HOURS), v.finite(HOURS), v.minValue(1, HOURS), v.maxValue(MAX_EXPIRY_HOURS, HOURS)),
      ),
      /** An ISO instant with offset (`2026-12-01T18:00:00Z`), in the future and within 365 days. */
      expiresAt: v.optional(v.pipe(v.string(EXPIRES_AT_RULE), v.regex(INSTANT, EXPIRES_AT_RULE))),
    },
    'The body must be a JSON object such as { "role": "moderator" }.',
  ),
  v.check(
    (request) =>
      request.role === 'speaker' || request.speakerName === undefined || request.speakerName === null,
    'Only speaker links name a speaker; leave "speakerName" out for a moderator.',
  ),
  v.check(
    (request) => request.expiresAt === undefined || request.expiresInHours === undefined,
    'Give "expiresAt" or "expiresInHours", not both.',
  ),
);
/** What the organizer console sends (the server fills in the defaults). */
export type CreateGrantRequest = v.InferInput<typeof CreateGrantRequestSchema>;
