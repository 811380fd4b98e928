import {
  DEFAULT_ATTENDANCE_RULE,
  type AttendanceRule,
  type AttendanceSettings,
  type EvaluationQuestion,
  type RegistrationRequest,
} from '../../../../shared/attendance.js';
import {
  ATTENDANCE_LIMITS,
  AttendanceSettingsChangeSchema,
  BeatRequestSchema,
  cleanTypedText,
  CorrectionRequestSchema,
  PromptRequestSchema,
  RegistrationSchema,
  RuleChangeSchema,
  type BeatRequest,
  type CorrectionRequest,
} from '../../../../shared/contracts/attendance.js';
import { codePointLength } from '../../../../shared/text.js';
import { DomainError } from '../../common/domain-error.js';
import { readPayload } from '../../common/read-payload.js';

/**
 * Readers for attendance requests: each returns the typed, bounded value or throws
 * `request/invalid` naming the field and what it must be. Nothing is saved before all pass. The
 * shapes and bounds are the schemas in shared/contracts/attendance.ts; evaluation answers are read
 * here, against the event's own questions.
 */
export { ATTENDANCE_LIMITS };

function invalid(message: string): DomainError {
  return new DomainError('request/invalid', message);
}

function object(body: unknown, what: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid(`The body must be a JSON object with ${what}.`);
  }
  return body as Record<string, unknown>;
}

/** `attendance:beat` on the live namespace. */
export function readBeatRequest(body: unknown): BeatRequest {
  return readPayload(BeatRequestSchema, body);
}

/** `attendance:confirm` on the live namespace. */
export function readPromptRequest(body: unknown): { promptId: string } {
  return readPayload(PromptRequestSchema, body);
}

/** A free-text answer: cleaned, at most `max` code points; null when nothing is left. */
function cleanAnswer(value: unknown, question: EvaluationQuestion): string | null {
  if (typeof value !== 'string') throw invalid(`"${question.id}" must be text.`);
  const text = cleanTypedText(value, true);
  if (text === '') {
    if (question.required) throw invalid(`"${question.id}" is required.`);
    return null;
  }
  if (codePointLength(text) > ATTENDANCE_LIMITS.answerText) {
    throw invalid(`"${question.id}" is longer than ${ATTENDANCE_LIMITS.answerText} characters.`);
  }
  return text;
}

export function readRegistration(body: unknown): Required<Omit<RegistrationRequest, 'consent'>> {
  const { name, email, profession, licence } = readPayload(RegistrationSchema, body);
  return { name, email, profession, licence };
}

export function readRule(value: unknown, current: AttendanceRule = DEFAULT_ATTENDANCE_RULE): AttendanceRule {
  if (value === undefined) return current;
  return { ...current, ...readPayload(RuleChangeSchema, value) };
}

/** A partial update of the settings, merged over the current ones. */
export function readSettings(body: unknown, current: AttendanceSettings): AttendanceSettings {
  const change = readPayload(AttendanceSettingsChangeSchema, body);
  return {
    enabled: change.enabled ?? current.enabled,
    consentText: change.consentText ?? current.consentText,
    accreditationStatement:
      change.accreditationStatement === undefined
        ? current.accreditationStatement
        : (change.accreditationStatement ?? ''),
    rule: { ...current.rule, ...change.rule },
    evaluation: change.evaluation ?? current.evaluation,
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
      const text = cleanAnswer(value, question);
      if (text !== null) answers[question.id] = text;
    }
  }
  const unknown = Object.keys(payload).find((key) => !questions.some((q) => q.id === key));
  if (unknown !== undefined) throw invalid(`The evaluation has no question "${unknown.slice(0, 40)}".`);
  return answers;
}

export function readCorrection(body: unknown): CorrectionRequest {
  return readPayload(CorrectionRequestSchema, body);
}
