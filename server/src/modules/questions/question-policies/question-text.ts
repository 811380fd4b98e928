import { MAX_DISPLAY_NAME_LENGTH, MAX_QUESTION_LENGTH } from '../../../../../shared/limits.js';
import { cleanName, codePointLength, normalizeText } from '../../../../../shared/text.js';
import { DomainError } from '../../../common/domain-error.js';

/**
 * A question's text and name as stored, or the error saying what to fix. Normalised once: what
 * is stored is also what a retry is compared with, so a retry of the same text (a lone
 * surrogate, a decomposed accent) is never mistaken for another question.
 */
export function questionText(
  rawBody: string,
  rawName: string | null,
): { body: string; displayName: string | null } {
  const body = normalizeText(rawBody);
  const displayName = rawName === null ? null : cleanName(rawName) || null;
  if (body.length === 0) throw new DomainError('question/empty', 'Type a question before sending.');
  const length = codePointLength(body);
  if (length > MAX_QUESTION_LENGTH) {
    throw new DomainError(
      'question/too_long',
      `Questions are limited to ${MAX_QUESTION_LENGTH} characters; this one has ${length}. Shorten it and send again.`,
    );
  }
  if (displayName && codePointLength(displayName) > MAX_DISPLAY_NAME_LENGTH) {
    throw new DomainError(
      'question/name_too_long',
      `Names are limited to ${MAX_DISPLAY_NAME_LENGTH} characters.`,
    );
  }
  return { body, displayName };
}
