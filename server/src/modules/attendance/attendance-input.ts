import {
  DEFAULT_ATTENDANCE_RULE,
  EVALUATION_QUESTION_KINDS,
  MISSED_PROMPT_POLICIES,
  ROUNDING_MODES,
  type AttendanceRule,
  type AttendanceSettings,
  type CorrectionRequest,
  type EvaluationQuestion,
  type RegistrationRequest,
} from '../../../../shared/attendance.js';
import { cleanName, codePointLength, normalizeText } from '../../../../shared/text.js';
import { DomainError } from '../../common/domain-error.js';

/**
 * Readers for attendance requests: each returns the typed, bounded value or throws
 * `request/invalid` naming the field and what it must be. Nothing is saved before all pass.
 */
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

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const QUESTION_ID = /^[a-z0-9_-]{1,40}$/;

function invalid(message: string): DomainError {
  return new DomainError('request/invalid', message);
}

function object(body: unknown, what: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid(`The body must be a JSON object with ${what}.`);
  }
  return body as Record<string, unknown>;
}

// For text of several lines: control characters except tab, line feed and carriage return, and
// the bidi overrides; built from code points so the source holds no control characters.
const CONTROL = new RegExp(
  `[${String.fromCharCode(0)}-${String.fromCharCode(8)}${String.fromCharCode(11)}${String.fromCharCode(12)}${String.fromCharCode(14)}-${String.fromCharCode(31)}${String.fromCharCode(127)}-${String.fromCharCode(159)}\u202A-\u202E\u2066-\u2069]`,
  'g',
);

/**
 * One line (a name, an email, a reason) as shared/text.ts cleans names: NFC, no controls or bidi
 * overrides, single spaces; several lines (`multiline`) keep their line breaks. At most `max`
 * code points.
 */
export function cleanText(
  value: unknown,
  field: string,
  max: number,
  required: boolean,
  multiline = false,
): string | null {
  if (value === undefined || value === null || value === '') {
    if (required) throw invalid(`"${field}" is required.`);
    return null;
  }
  if (typeof value !== 'string') throw invalid(`"${field}" must be text.`);
  const text = multiline ? normalizeText(value.replace(CONTROL, '')) : cleanName(value);
  if (text === '') {
    if (required) throw invalid(`"${field}" is required.`);
    return null;
  }
  if (codePointLength(text) > max) throw invalid(`"${field}" is longer than ${max} characters.`);
  return text;
}

export function readRegistration(body: unknown): Required<Omit<RegistrationRequest, 'consent'>> {
  const payload = object(body, '{ name, email, consent: true }');
  if (payload.consent !== true) {
    throw invalid('"consent" must be true: registering for credits needs your consent to the text shown.');
  }
  const name = cleanText(payload.name, 'name', ATTENDANCE_LIMITS.name, true) as string;
  const email = cleanText(payload.email, 'email', ATTENDANCE_LIMITS.email, true) as string;
  if (!EMAIL.test(email)) throw invalid('"email" must be an email address such as name@example.org.');
  return {
    name,
    email: email.toLowerCase(),
    profession: cleanText(payload.profession, 'profession', ATTENDANCE_LIMITS.profession, false),
    licence: cleanText(payload.licence, 'licence', ATTENDANCE_LIMITS.licence, false),
  };
}

function numberIn(
  payload: Record<string, unknown>,
  field: string,
  min: number,
  max: number,
  fallback: number,
): number {
  const value = payload[field];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw invalid(`"rule.${field}" must be a number from ${min} to ${max}.`);
  }
  return value;
}

function booleanOr(payload: Record<string, unknown>, field: string, fallback: boolean): boolean {
  const value = payload[field];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalid(`"${field}" must be true or false.`);
  return value;
}

function oneOf<T extends string>(
  payload: Record<string, unknown>,
  field: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = payload[field];
  if (value === undefined) return fallback;
  if (!(allowed as readonly unknown[]).includes(value)) {
    throw invalid(`"rule.${field}" must be one of ${allowed.join(', ')}.`);
  }
  return value as T;
}

export function readRule(value: unknown, current: AttendanceRule = DEFAULT_ATTENDANCE_RULE): AttendanceRule {
  if (value === undefined) return current;
  const rule = object(value, 'the rule fields');
  const promptsPerHour = numberIn(rule, 'promptsPerHour', 0, 60, current.promptsPerHour);
  if (!Number.isInteger(promptsPerHour)) throw invalid('"rule.promptsPerHour" must be a whole number.');
  return {
    minShare: numberIn(rule, 'minShare', 0, 1, current.minShare),
    creditsPer30Minutes: numberIn(rule, 'creditsPer30Minutes', 0, 10, current.creditsPer30Minutes),
    rounding: oneOf(rule, 'rounding', ROUNDING_MODES, current.rounding),
    dailyCap: numberIn(rule, 'dailyCap', 0, 48, current.dailyCap),
    wholeCourseRequired: booleanOr(rule, 'wholeCourseRequired', current.wholeCourseRequired),
    evaluationRequired: booleanOr(rule, 'evaluationRequired', current.evaluationRequired),
    promptsPerHour,
    missedPrompt: oneOf(rule, 'missedPrompt', MISSED_PROMPT_POLICIES, current.missedPrompt),
    maxLagSeconds: numberIn(rule, 'maxLagSeconds', 10, 3600, current.maxLagSeconds),
  };
}

function readEvaluation(value: unknown): EvaluationQuestion[] {
  if (!Array.isArray(value) || value.length > ATTENDANCE_LIMITS.questions) {
    throw invalid(`"evaluation" must be a list of at most ${ATTENDANCE_LIMITS.questions} questions.`);
  }
  const ids = new Set<string>();
  return value.map((entry, index) => {
    const q = object(entry, 'id, kind, label, required');
    if (typeof q.id !== 'string' || !QUESTION_ID.test(q.id) || ids.has(q.id)) {
      throw invalid(`"evaluation[${index}].id" must be a unique short id (a-z, 0-9, _ or -).`);
    }
    ids.add(q.id);
    if (!(EVALUATION_QUESTION_KINDS as readonly unknown[]).includes(q.kind)) {
      throw invalid(`"evaluation[${index}].kind" must be one of ${EVALUATION_QUESTION_KINDS.join(', ')}.`);
    }
    return {
      id: q.id,
      kind: q.kind as EvaluationQuestion['kind'],
      label: cleanText(
        q.label,
        `evaluation[${index}].label`,
        ATTENDANCE_LIMITS.questionLabel,
        true,
      ) as string,
      required: booleanOr(q, 'required', false),
    };
  });
}

/** A partial update of the settings, merged over the current ones. */
export function readSettings(body: unknown, current: AttendanceSettings): AttendanceSettings {
  const payload = object(body, 'the settings to change');
  return {
    enabled: booleanOr(payload, 'enabled', current.enabled),
    consentText:
      payload.consentText === undefined
        ? current.consentText
        : (cleanText(
            payload.consentText,
            'consentText',
            ATTENDANCE_LIMITS.consentText,
            true,
            true,
          ) as string),
    accreditationStatement:
      payload.accreditationStatement === undefined
        ? current.accreditationStatement
        : (cleanText(
            payload.accreditationStatement,
            'accreditationStatement',
            ATTENDANCE_LIMITS.statement,
            false,
            true,
          ) ?? ''),
    rule: readRule(payload.rule, current.rule),
    evaluation: payload.evaluation === undefined ? current.evaluation : readEvaluation(payload.evaluation),
  };
}

export function readAnswers(
  body: unknown,
  questions: EvaluationQuestion[],
): Record<string, string | number | boolean> {
  const payload = object(object(body, '{ answers: { … } }').answers, 'one answer per question id');
  const answers: Record<string, string | number | boolean> = {};
  for (const question of questions) {
    const value = payload[question.id];
    if (value === undefined || value === null || value === '') {
      if (question.required) throw invalid(`Please answer "${question.label}".`);
      continue;
    }
    if (question.kind === 'rating') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 5) {
        throw invalid(`"${question.label}" takes a rating from 1 to 5.`);
      }
      answers[question.id] = value;
    } else if (question.kind === 'yesno') {
      if (typeof value !== 'boolean') throw invalid(`"${question.label}" takes yes or no.`);
      answers[question.id] = value;
    } else {
      const text = cleanText(value, question.id, ATTENDANCE_LIMITS.answerText, question.required, true);
      if (text !== null) answers[question.id] = text;
    }
  }
  const unknown = Object.keys(payload).find((key) => !questions.some((q) => q.id === key));
  if (unknown !== undefined) throw invalid(`The evaluation has no question "${unknown.slice(0, 40)}".`);
  return answers;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readCorrection(body: unknown): CorrectionRequest {
  const payload = object(body, '{ attendeeId, itemId, seconds, reason }');
  for (const field of ['attendeeId', 'itemId'] as const) {
    if (typeof payload[field] !== 'string' || !UUID.test(payload[field])) {
      throw invalid(`"${field}" must be a UUID.`);
    }
  }
  const seconds = payload.seconds;
  if (
    typeof seconds !== 'number' ||
    !Number.isInteger(seconds) ||
    Math.abs(seconds) > 86_400 ||
    seconds === 0
  ) {
    throw invalid(
      '"seconds" must be a whole number of seconds to add or take away, at most 86400 either way.',
    );
  }
  return {
    attendeeId: (payload.attendeeId as string).toLowerCase(),
    itemId: (payload.itemId as string).toLowerCase(),
    seconds,
    reason: cleanText(payload.reason, 'reason', ATTENDANCE_LIMITS.reason, true) as string,
  };
}
