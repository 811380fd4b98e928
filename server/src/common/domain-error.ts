import type { ErrorCode } from '../../../shared/errors.js';

/**
 * The one error type services throw. Filters turn it into an HTTP status or a socket
 * acknowledgement; `message` is written for the person who has to act on it.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { line?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
