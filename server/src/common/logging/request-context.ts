import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/**
 * The id of the HTTP request or socket event being handled, so every log line it causes can be
 * found together. Kept in async context rather than passed around: loggers are created per
 * class and know nothing of the request.
 */
const context = new AsyncLocalStorage<string>();

export function currentRequestId(): string | undefined {
  return context.getStore();
}

export function runWithRequestId<T>(id: string, work: () => T): T {
  return context.run(id, work);
}

/** A proxy's id (Caddy, nginx) is kept when it looks like one; anything else gets a fresh id. */
const FORWARDED_ID = /^[\w.:-]{1,64}$/;

/** Express middleware: takes or makes `X-Request-Id`, echoes it, and runs the request under it. */
export function requestIdMiddleware(request: Request, response: Response, next: NextFunction): void {
  const incoming = request.headers['x-request-id'];
  const id = typeof incoming === 'string' && FORWARDED_ID.test(incoming) ? incoming : randomUUID();
  response.setHeader('X-Request-Id', id);
  runWithRequestId(id, next);
}
