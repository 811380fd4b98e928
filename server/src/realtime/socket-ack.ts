import { Logger } from '@nestjs/common';
import type { Ack } from '../../../shared/realtime.js';
import { isDatabaseUnavailable } from '../common/database-errors.js';
import { DomainError } from '../common/domain-error.js';
import { describeForLog } from '../common/safe-error-log.js';
import { tracked } from './in-flight.js';

const logger = new Logger('SocketAck');

/**
 * Runs a handler and turns its outcome into the acknowledgement: the value, a DomainError's
 * code and message, or a retryable database error. Nothing thrown reaches socket.io.
 */
export function toAck<T>(work: () => Promise<T> | T): Promise<Ack<T>> {
  return tracked(() => settle(work));
}

async function settle<T>(work: () => Promise<T> | T): Promise<Ack<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    if (error instanceof DomainError) {
      return {
        ok: false,
        error: error.code,
        message: error.message,
        ...(error.details.retryAfterMs === undefined ? {} : { retryAfterMs: error.details.retryAfterMs }),
      };
    }
    if (isDatabaseUnavailable(error)) {
      return {
        ok: false,
        error: 'database/unavailable',
        message: 'The server cannot reach its database right now. Nothing was saved; try again shortly.',
        retryAfterMs: 2000,
      };
    }
    logger.error(describeForLog(error));
    return {
      ok: false,
      error: 'internal',
      message: 'Something went wrong on the server. Nothing was saved; try again.',
    };
  }
}
