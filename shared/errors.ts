// Every error the server can answer with, and where it comes from.
export const ERROR_CODES = {
  'auth/missing_token': 'An admin action was called without `Authorization: Bearer <ADMIN_TOKEN>`.',
  'auth/bad_token': 'The admin token does not match ADMIN_TOKEN.',
  'programme/invalid': 'The programme text or JSON does not parse or is inconsistent; see line.',
  'programme/too_large': 'The programme is larger than MAX_PROGRAMME_BYTES.',
  'event/not_found': 'No event has this slug.',
  'event/slug_taken': 'Another event already uses this slug.',
  'request/invalid': 'A query or body parameter is malformed.',
  'database/unavailable': 'The database did not answer; retry shortly.',
  internal: 'An unexpected server error; it is logged.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorBody {
  error: ErrorCode;
  message: string;
  /** For programme errors: the 1-based line the problem is on. */
  line?: number;
}
