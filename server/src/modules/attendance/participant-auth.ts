import { DomainError } from '../../common/domain-error.js';
import type { ParticipantsService } from '../participants/participants.service.js';

/**
 * The participant behind `Authorization: Bearer <participant token>` on the attendee's own
 * endpoints; 401 without one or with a forged one.
 */
export function participantFromHeader(participants: ParticipantsService, header: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) {
    throw new DomainError(
      'auth/participant_required',
      'Send your participant token: "Authorization: Bearer <token>" (from POST /api/participants).',
    );
  }
  const participantId = participants.verify(match[1]);
  if (!participantId) {
    throw new DomainError(
      'auth/bad_participant',
      'This participant token is not valid here. Get a new one from POST /api/participants.',
    );
  }
  return participantId;
}
