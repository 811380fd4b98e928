// Moderators' and speakers' requests on the live namespace (`mod:*`).
import * as v from 'valibot';
import { MAX_REPLY_LENGTH } from '../limits.js';
import { codePointLength, normalizeText } from '../text.js';
import { fieldsOf, flag, NOT_AN_OBJECT, notAList, payload, text, uuid } from './fields.js';
import { labelIds } from './labels.js';
import { FIELD } from './problem.js';

/** The longest queue a reorder may send. */
export const MAX_QUEUE = 500;

const revision = () => {
  const message = `${FIELD} must be the question’s revision as you last saw it (a whole number).`;
  return v.pipe(v.number(message), v.safeInteger(message), v.minValue(0, message));
};

const REPLY_LENGTH = `${FIELD} must be the answer in text, 1 to ${MAX_REPLY_LENGTH.toLocaleString('en-GB')} characters; shorten it or write something.`;

/** An answer in text: counted in code points after trimming, as it will be stored. */
const replyText = () =>
  v.pipe(
    text(),
    v.check((value) => {
      const length = codePointLength(normalizeText(value));
      return length >= 1 && length <= MAX_REPLY_LENGTH;
    }, REPLY_LENGTH),
  );

/** Every action names the question and the revision the moderator saw, then its own fields. */
const action = <const A extends string, const E extends v.ObjectEntries>(name: A, entries: E) =>
  fieldsOf({ action: v.literal(name), questionId: uuid(), revision: revision(), ...entries });

const MODERATION_ACTIONS = [
  action('approve', {}),
  action('hide', {}),
  action('restore', {}),
  action('edit', { body: text() }),
  action('merge', { intoId: uuid() }),
  action('star', { starred: flag() }),
  action('queue', {}),
  action('unqueue', {}),
  action('on_air', {
    /** What becomes of the question on air now; "answered" when left out. */
    previous: v.nullish(
      v.picklist(
        ['answered', 'queued'],
        `${FIELD} must be "answered" or "queued": what becomes of the question on air now.`,
      ),
      'answered',
    ),
  }),
  action('answered', {}),
  /** Answers in text (issue 13); sent again, it replaces the text (the history keeps both). */
  action('reply', { text: replyText() }),
  /** The question's labels from now on (replacing the ones it had); [] takes them all off. */
  action('label', { labelIds: labelIds() }),
] as const;

export const ModerationRequestSchema = v.pipe(
  notAList(NOT_AN_OBJECT),
  v.variant('action', MODERATION_ACTIONS, (issue) =>
    issue.path
      ? `${FIELD} must be one of ${MODERATION_ACTIONS.map((option) => option.entries.action.literal).join(', ')}.`
      : NOT_AN_OBJECT,
  ),
);
export type ModerationRequest = v.InferOutput<typeof ModerationRequestSchema>;

export const ReorderRequestSchema = payload({
  /** Every queued question id of the part, in the new order. */
  order: v.pipe(
    v.array(uuid(), `${FIELD} must be the list of queued question ids (at most ${MAX_QUEUE}).`),
    v.maxLength(MAX_QUEUE, `${FIELD} must be the list of queued question ids (at most ${MAX_QUEUE}).`),
  ),
  queueVersion: v.pipe(
    v.number(`${FIELD} must be the queue version you last saw.`),
    v.safeInteger(`${FIELD} must be the queue version you last saw.`),
  ),
  partId: uuid(),
});
export type ReorderRequest = v.InferOutput<typeof ReorderRequestSchema>;

export const EventSettingsRequestSchema = payload({
  partId: uuid(),
  preModeration: v.optional(flag()),
  speakersMayAnswer: v.optional(flag()),
  /** Hold questions with likely patient identifiers / with profanity for review. */
  holdPatientData: v.optional(flag()),
  holdProfanity: v.optional(flag()),
});
export type EventSettingsRequest = v.InferOutput<typeof EventSettingsRequestSchema>;

export const BlockOverrideRequestSchema = payload({
  /** 'open' or 'closed' overrides the clock; null returns the block to the clock. */
  state: v.nullable(
    v.picklist(['open', 'closed'], `${FIELD} must be "open", "closed", or null to follow the clock again.`),
  ),
  blockId: uuid(),
});
export type BlockOverrideRequest = v.InferOutput<typeof BlockOverrideRequestSchema>;
