// Every error the server can answer with, and where it comes from.
export const ERROR_CODES = {
  'auth/missing_token': 'An admin action was called without `Authorization: Bearer <ADMIN_TOKEN>`.',
  'auth/bad_token': 'The admin token does not match ADMIN_TOKEN (or the console sign-in expired).',
  'auth/participant_required': 'A socket connected without a participant token in its handshake.',
  'auth/bad_participant': 'The participant token is malformed, forged or signed with another secret.',
  'auth/bad_grant':
    'The moderator or speaker link is unknown, expired or revoked; ask the organizer for a new one.',
  'auth/role_required':
    'The action needs a moderator link (or, for speaker:*, a speaker link) for this event.',
  'auth/session_mismatch':
    'A recovered connection presented another identity than it had; connect again as a new connection.',
  'origin/not_allowed': 'A browser connected from an origin outside ALLOWED_ORIGINS.',
  'programme/invalid': 'The programme text or JSON does not parse or is inconsistent; see line.',
  'programme/too_large': 'The programme is larger than MAX_PROGRAMME_BYTES.',
  'programme/would_orphan':
    'Re-publishing would remove agenda items that questions or CME attendance credits hang on; the message names them.',
  'event/not_found': 'No event has this slug.',
  'event/slug_taken': 'Another event already uses this slug.',
  'part/not_found': 'No part has this id.',
  'part/not_joined': 'A question or vote for a part this socket has not joined.',
  'block/not_found': 'The block id is not a Q&A block of this part.',
  'block/not_open_yet': 'The block takes questions later; the message says when.',
  'block/closed': 'The block no longer takes questions; the message names the next open one.',
  'talk/not_in_block': 'The talk is not one the block covers.',
  'question/empty': 'The question is empty after trimming.',
  'question/too_long': 'The question is longer than MAX_QUESTION_LENGTH.',
  'question/name_too_long': 'The display name is longer than MAX_DISPLAY_NAME_LENGTH.',
  'question/id_conflict': 'The client id is already used by a different question.',
  'question/not_found': 'No question this participant may see has this id.',
  'question/stale': 'Someone changed the question since you loaded it; the error carries its current state.',
  'question/bad_transition': 'The action does not apply to the question in its current state.',
  'vote/own_question': 'A participant tried to upvote (or un-vote) their own question.',
  'queue/stale': 'The queue changed since you loaded it; reload it and reorder again.',
  'label/not_found': 'No label of this event has this id (it may have been deleted).',
  'label/name_taken': 'Another label of the event has this name (names are compared without case).',
  'label/too_many': 'The event has MAX_LABELS_PER_EVENT labels already.',
  'grant/not_found': 'No link with this id for this event.',
  'attendance/disabled': 'The organizer has not turned on CME attendance for this event.',
  'attendance/not_registered':
    'Attendance beats or attendee actions from a viewer not registered for credits.',
  'attendance/prompt_not_found': 'No presence prompt with this id was shown to this attendee.',
  'attendance/prompt_expired': 'The presence prompt was not confirmed in time.',
  'attendance/not_eligible':
    'No certificate yet: the evaluation, the whole course or the minimum share is missing.',
  'certificate/not_found': 'No certificate has this verification id.',
  'answers/not_published': 'The organizer has not published the answered questions of this event (yet).',
  'rate/limited': 'Too many questions, votes or attendance requests; retryAfterMs says when to try again.',
  'request/invalid': 'A query, body or payload field is missing, of the wrong type or malformed.',
  'request/unknown_event': 'A socket event name the server does not know.',
  'database/unavailable': 'The database did not answer; retry shortly.',
  'backup/embedded_only': 'A backup over HTTP is for the embedded database; back up PostgreSQL with pg_dump.',
  'retention/not_set': 'A purge was asked for but QUESTION_RETENTION_DAYS is not set.',
  internal: 'An unexpected server error; it is logged.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorBody {
  error: ErrorCode;
  message: string;
  /** For programme errors: the 1-based line the problem is on. */
  line?: number;
}
