// The one place the client talks HTTP. Every failure becomes an ApiError whose `message` is
// fit to show: the server's own `message` when it sent one (shared/errors.ts), else ours.
import type { ErrorBody, ErrorCode } from '../../../../shared/errors.js';
import { t } from '../i18n/index.js';

/** Server codes, plus the two failures that never reach the server's error filter. */
export type ApiErrorCode = ErrorCode | 'client/network' | 'client/bad_response';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: ApiErrorCode;
  readonly status: number;

  constructor(code: ApiErrorCode, status: number, message: string) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export type Fetch = typeof fetch;

function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorBody).error === 'string' &&
    typeof (value as ErrorBody).message === 'string'
  );
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

export function getJson<T>(path: string, options: RequestOptions = {}, fetchImpl: Fetch = fetch): Promise<T> {
  return requestJson<T>(path, { headers: { Accept: 'application/json' } }, options, fetchImpl);
}

/** POSTs `body` as JSON and returns the JSON answer. */
export function postJson<T>(
  path: string,
  body: unknown,
  options: RequestOptions = {},
  fetchImpl: Fetch = fetch,
): Promise<T> {
  return requestJson<T>(
    path,
    {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    },
    options,
    fetchImpl,
  );
}

/** Any method; `body` is sent as JSON unless `contentType` says otherwise (then it must be a string). */
export function sendJson<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body: unknown,
  options: RequestOptions & { contentType?: string } = {},
  fetchImpl: Fetch = fetch,
): Promise<T> {
  const contentType = options.contentType ?? 'application/json';
  return requestJson<T>(
    path,
    {
      method,
      headers: { Accept: 'application/json', 'Content-Type': contentType },
      body:
        body === undefined
          ? undefined
          : typeof body === 'string' && contentType !== 'application/json'
            ? body
            : JSON.stringify(body),
    },
    options,
    fetchImpl,
  );
}

/**
 * Fetches `path` and answers the response when it is OK. A network failure becomes
 * `client/network`, an error answer the server's own ApiError (or `client/bad_response`).
 * An abort is rethrown as is: it is the caller's decision, not a failure to report.
 */
export async function fetchOrThrow(
  fetchImpl: Fetch,
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  let response: Response;
  try {
    response = await fetchImpl(path, init);
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError('client/network', 0, t('error.network'));
  }
  if (response.ok) return response;
  const body = await readJson(response);
  if (isErrorBody(body)) throw new ApiError(body.error, response.status, body.message);
  throw badResponse(response.status);
}

function badResponse(status: number): ApiError {
  return new ApiError('client/bad_response', status, t('error.badResponse', { status }));
}

async function requestJson<T>(
  path: string,
  init: RequestInit,
  options: RequestOptions,
  fetchImpl: Fetch,
): Promise<T> {
  return jsonOf<T>(await fetchOrThrow(fetchImpl, path, { ...init, signal: options.signal }));
}

/** The JSON body of an OK response; a body that is not JSON is `client/bad_response`. */
export async function jsonOf<T>(response: Response): Promise<T> {
  const body = await readJson(response);
  if (body === undefined) throw badResponse(response.status);
  return body as T;
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** What to tell the person when `error` stopped something. */
export function errorMessage(error: unknown): string {
  return error instanceof ApiError ? error.message : t('error.unexpected');
}
