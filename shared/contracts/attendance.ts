// CME attendance: the heartbeat on the live namespace and the HTTP bodies of registration, the
// organizer's settings and corrections. Text fields are cleaned as shared/text.ts cleans names
// and bounded in code points; evaluation answers depend on the event's questions and are read
// by the server against them (attendance-input.ts).
import * as v from 'valibot';
import { EVALUATION_QUESTION_KINDS, MISSED_PROMPT_POLICIES, ROUNDING_MODES } from '../attendance.js';
import { cleanName, codePointLength, normalizeText } from '../text.js';
import { flag, payload, uuid } from './fields.js';
import { FIELD } from './problem.js';

export const ATTENDANCE_LIMITS = {
  name: 80,
  email: 254,
  profession: 100,
  licence: 60,
  consentText: 4000,
  statement: 4000,
  questions: 20,
  questionLabel: 300,
  answerText: 4000,
  reason: 500,
} as const;

// ---- the live namespace ----------------------------------------------------------------------

const STREAM_TIME = `${FIELD} must be an ISO instant such as 2024-02-22T13:05:00.000Z, or null when unknown.`;

export const BeatRequestSchema = payload({
  /** ISO instant of the frame on screen, or null when unknown. */
  streamTime: v.nullable(
    v.pipe(
      v.string(STREAM_TIME),
      v.maxLength(40, STREAM_TIME),
      v.check((value) => !Number.isNaN(Date.parse(value)), STREAM_TIME),
    ),
  ),
  partId: uuid(),
  playing: flag(),
  visible: flag(),
});
export type BeatRequest = v.InferOutput<typeof BeatRequestSchema>;

export const PromptRequestSchema = payload({ promptId: uuid() });

// ---- text as people type it --------------------------------------------------------------------

// For text of several lines: control characters except tab, line feed and carriage return, and
// the bidi overrides; built from code points so the source holds no control characters.
const CONTROL = new RegExp(
  `[${String.fromCharCode(0)}-${String.fromCharCode(8)}${String.fromCharCode(11)}${String.fromCharCode(12)}${String.fromCharCode(14)}-${String.fromCharCode(31)}${String.fromCharCode(127)}-${String.fromCharCode(159)}\u202A-\u202E\u2066-\u2069]`,
  'g',
);

/**
 * One line (a name, an email, a reason) as shared/text.ts cleans names: NFC, no controls or bidi
 * overrides, single spaces; several lines (`multiline`) keep their line breaks.
 */
export function cleanTypedText(value: string, multiline: boolean): string {
  return multiline ? normalizeText(value.replace(CONTROL, '')) : cleanName(value);
}

/** Cleaned text of at most `max` code points; nothing, "" or what cleans to "" is null. */
export function optionalText(max: number, multiline = false) {
  return v.pipe(
    v.unknown(),
    v.check(
      (value) => value === undefined || value === null || typeof value === 'string',
      `${FIELD} must be text.`,
    ),
    v.transform((value) => (typeof value === 'string' ? cleanTypedText(value, multiline) : '')),
    v.check((text) => codePointLength(text) <= max, `${FIELD} is longer than ${max} characters.`),
    v.transform((text) => (text === '' ? null : text)),
  );
}

/** As `optionalText`, but nothing is refused: `"field" is required.` */
export function requiredText(max: number, multiline = false) {
  return v.pipe(
    optionalText(max, multiline),
    v.check((text) => text !== null, `${FIELD} is required.`),
    v.transform((text) => text as string),
  );
}

// ---- registration ----------------------------------------------------------------------------

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const RegistrationSchema = payload(
  {
    consent: v.literal(
      true,
      `${FIELD} must be true: registering for credits needs your consent to the text shown.`,
    ),
    name: requiredText(ATTENDANCE_LIMITS.name),
    email: v.pipe(
      requiredText(ATTENDANCE_LIMITS.email),
      v.regex(EMAIL, `${FIELD} must be an email address such as name@example.org.`),
      v.toLowerCase(),
    ),
    profession: v.optional(optionalText(ATTENDANCE_LIMITS.profession), null),
    licence: v.optional(optionalText(ATTENDANCE_LIMITS.licence), null),
  },
  'The body must be a JSON object with { name, email, consent: true }.',
);

// ---- the organizer's settings ----------------------------------------------------------------

const numberFrom = (min: number, max: number) => {
  const message = `${FIELD} must be a number from ${min} to ${max}.`;
  return v.pipe(v.number(message), v.minValue(min, message), v.maxValue(max, message));
};
const choice = <const T extends readonly string[]>(allowed: T) =>
  v.optional(v.picklist(allowed, `${FIELD} must be one of ${allowed.join(', ')}.`));
const yesNo = () => v.optional(v.boolean(`${FIELD} must be true or false.`));

/** A partial rule: what is left out keeps its current value. */
export const RuleChangeSchema = payload(
  {
    promptsPerHour: v.optional(v.pipe(numberFrom(0, 60), v.integer(`${FIELD} must be a whole number.`))),
    minShare: v.optional(numberFrom(0, 1)),
    creditsPer30Minutes: v.optional(numberFrom(0, 10)),
    rounding: choice(ROUNDING_MODES),
    dailyCap: v.optional(numberFrom(0, 48)),
    wholeCourseRequired: yesNo(),
    evaluationRequired: yesNo(),
    missedPrompt: choice(MISSED_PROMPT_POLICIES),
    maxLagSeconds: v.optional(numberFrom(10, 3600)),
  },
  'The body must be a JSON object with the rule fields.',
);

const QUESTION_ID = /^[a-z0-9_-]{1,40}$/;

const EvaluationQuestionSchema = payload(
  {
    id: v.pipe(
      v.string(`${FIELD} must be a unique short id (a-z, 0-9, _ or -).`),
      v.regex(QUESTION_ID, `${FIELD} must be a unique short id (a-z, 0-9, _ or -).`),
    ),
    kind: v.picklist(
      EVALUATION_QUESTION_KINDS,
      `${FIELD} must be one of ${EVALUATION_QUESTION_KINDS.join(', ')}.`,
    ),
    label: requiredText(ATTENDANCE_LIMITS.questionLabel),
    required: v.optional(v.boolean(`${FIELD} must be true or false.`), false),
  },
  `Each evaluation question must be a JSON object with id, kind, label, required.`,
);

const EVALUATION_LIST = `${FIELD} must be a list of at most ${ATTENDANCE_LIMITS.questions} questions.`;

export const EvaluationSchema = v.pipe(
  v.array(EvaluationQuestionSchema, EVALUATION_LIST),
  v.maxLength(ATTENDANCE_LIMITS.questions, EVALUATION_LIST),
  v.checkItems(
    (question, index, list) => list.findIndex((other) => other.id === question.id) === index,
    (issue) =>
      `${FIELD} has the id of an earlier question ("${(issue.input as { id: string }).id}"); each question needs its own id.`,
  ),
);

/** A partial update of the settings, merged over the current ones by the server. */
export const AttendanceSettingsChangeSchema = payload(
  {
    enabled: yesNo(),
    consentText: v.optional(requiredText(ATTENDANCE_LIMITS.consentText, true)),
    accreditationStatement: v.optional(optionalText(ATTENDANCE_LIMITS.statement, true)),
    rule: v.optional(RuleChangeSchema),
    evaluation: v.optional(EvaluationSchema),
  },
  'The body must be a JSON object with the settings to change.',
);

// ---- corrections -----------------------------------------------------------------------------

const SECONDS = `${FIELD} must be a whole number of seconds to add or take away, at most 86400 either way.`;

export const CorrectionRequestSchema = payload(
  {
    attendeeId: uuid(),
    itemId: uuid(),
    /** Seconds to add (or, negative, to take away) from what the beats credited. */
    seconds: v.pipe(
      v.number(SECONDS),
      v.integer(SECONDS),
      v.check((seconds) => seconds !== 0 && Math.abs(seconds) <= 86_400, SECONDS),
    ),
    reason: requiredText(ATTENDANCE_LIMITS.reason),
  },
  'The body must be a JSON object with { attendeeId, itemId, seconds, reason }.',
);
export type CorrectionRequest = v.InferOutput<typeof CorrectionRequestSchema>;
