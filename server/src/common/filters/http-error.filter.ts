import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Response } from 'express';
import type { ErrorBody, ErrorCode } from '../../../../shared/errors.js';
import { DomainError } from '../domain-error.js';
import { isDatabaseUnavailable } from '../database-errors.js';
import { describeForLog } from '../safe-error-log.js';

const STATUS: Record<ErrorCode, number> = {
  'auth/missing_token': HttpStatus.UNAUTHORIZED,
  'auth/bad_token': HttpStatus.UNAUTHORIZED,
  'auth/participant_required': HttpStatus.UNAUTHORIZED,
  'auth/bad_participant': HttpStatus.UNAUTHORIZED,
  'auth/bad_grant': HttpStatus.UNAUTHORIZED,
  'auth/role_required': HttpStatus.FORBIDDEN,
  'auth/session_mismatch': HttpStatus.UNAUTHORIZED,
  'origin/not_allowed': HttpStatus.FORBIDDEN,
  'programme/invalid': HttpStatus.BAD_REQUEST,
  'programme/too_large': HttpStatus.PAYLOAD_TOO_LARGE,
  'programme/would_orphan': HttpStatus.CONFLICT,
  'event/not_found': HttpStatus.NOT_FOUND,
  'event/slug_taken': HttpStatus.CONFLICT,
  'part/not_found': HttpStatus.NOT_FOUND,
  'part/not_joined': HttpStatus.CONFLICT,
  'block/not_found': HttpStatus.NOT_FOUND,
  'block/not_open_yet': HttpStatus.CONFLICT,
  'block/closed': HttpStatus.CONFLICT,
  'talk/not_in_block': HttpStatus.BAD_REQUEST,
  'question/empty': HttpStatus.BAD_REQUEST,
  'question/too_long': HttpStatus.BAD_REQUEST,
  'question/name_too_long': HttpStatus.BAD_REQUEST,
  'question/id_conflict': HttpStatus.CONFLICT,
  'question/not_found': HttpStatus.NOT_FOUND,
  'question/stale': HttpStatus.CONFLICT,
  'question/bad_transition': HttpStatus.CONFLICT,
  'vote/own_question': HttpStatus.FORBIDDEN,
  'queue/stale': HttpStatus.CONFLICT,
  'label/not_found': HttpStatus.NOT_FOUND,
  'label/name_taken': HttpStatus.CONFLICT,
  'label/too_many': HttpStatus.UNPROCESSABLE_ENTITY,
  'grant/not_found': HttpStatus.NOT_FOUND,
  'attendance/disabled': HttpStatus.CONFLICT,
  'attendance/not_registered': HttpStatus.NOT_FOUND,
  'attendance/prompt_not_found': HttpStatus.NOT_FOUND,
  'attendance/prompt_expired': HttpStatus.CONFLICT,
  'attendance/not_eligible': HttpStatus.CONFLICT,
  'certificate/not_found': HttpStatus.NOT_FOUND,
  'answers/not_published': HttpStatus.NOT_FOUND,
  'rate/limited': HttpStatus.TOO_MANY_REQUESTS,
  'request/invalid': HttpStatus.BAD_REQUEST,
  'request/unknown_event': HttpStatus.BAD_REQUEST,
  'database/unavailable': HttpStatus.SERVICE_UNAVAILABLE,
  'backup/embedded_only': HttpStatus.CONFLICT,
  'retention/not_set': HttpStatus.CONFLICT,
  internal: HttpStatus.INTERNAL_SERVER_ERROR,
};

/** Every HTTP error leaves as `{ error, message }` (shared/errors.ts), whatever threw it. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  /** `onRefused` hears every error code answered (the metrics count them). */
  constructor(private readonly onRefused: (code: ErrorCode) => void = () => undefined) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const [status, body] = this.describe(exception);
    this.onRefused(body.error);
    if (status >= 500 && body.error === 'internal') this.logger.error(describeForLog(exception));
    response.status(status).json(body);
  }

  private describe(exception: unknown): [number, ErrorBody] {
    if (exception instanceof DomainError) {
      return [
        STATUS[exception.code],
        { error: exception.code, message: exception.message, ...exception.details },
      ];
    }
    if (isBodyTooLarge(exception) || (exception instanceof HttpException && exception.getStatus() === 413)) {
      return [
        413,
        {
          error: 'programme/too_large',
          message: 'The request body is too large. Programmes are limited to 256 KB.',
        },
      ];
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code: ErrorCode =
        status === 404 ? 'event/not_found' : status < 500 ? 'request/invalid' : 'internal';
      const message =
        status === 404 ? 'There is nothing at this address. See GET /api/events.' : exception.message;
      return [status, { error: code, message }];
    }
    if (isDatabaseUnavailable(exception)) {
      return [
        503,
        {
          error: 'database/unavailable',
          message: 'The database is not answering. Try again in a few seconds.',
        },
      ];
    }
    return [
      500,
      {
        error: 'internal',
        message: 'Something went wrong on the server. It has been logged; please try again.',
      },
    ];
  }
}

function isBodyTooLarge(exception: unknown): boolean {
  return (exception as { type?: string }).type === 'entity.too.large';
}
