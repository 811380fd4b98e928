// What the stores need from the live connection, implemented by LiveSocket (socket.io) and by
// FakeLiveSocket (component tests). Nothing here loads socket.io-client.
import { t } from '../i18n/index.js';
import type {
  Ack,
  AckData,
  ClientToServerEvents,
  RequestOf,
  ServerToClientEvents,
} from '../../../../shared/realtime.js';

/**
 * connecting: before the first connection; offline: it was lost or refused, and is retried;
 * refused: the server turned a moderator or speaker link away for good (unknown, expired or
 * revoked), so nothing is retried until the page gets another link.
 */
export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'refused';

export type ClientEvent = keyof ClientToServerEvents;
export type ServerEvent = keyof ServerToClientEvents;
// The payload a request sends, and the `data` of its successful acknowledgement.
export type { RequestOf, AckData as ResponseOf };

/**
 * Failures that never reach the server: no connection when the request was made (or it was lost
 * before the answer), or no answer in time. A request that timed out may still have been
 * carried out, so only idempotent requests (all of ours are) may simply be sent again.
 */
export type ClientErrorCode = 'client/offline' | 'client/timeout';

/** The server's acknowledgement, or a failure of the connection in its shape. */
export type LiveAck<T> =
  Ack<T> | { ok: false; error: ClientErrorCode; message: string; retryAfterMs?: undefined };

export interface RequestOptions {
  /** How long to wait for the acknowledgement; 10 s by default. */
  timeoutMs?: number;
}

export interface LiveConnection {
  readonly status: ConnectionStatus;
  /** Sends a request and resolves with its acknowledgement; never rejects. */
  request<E extends ClientEvent>(
    event: E,
    payload: RequestOf<E>,
    options?: RequestOptions,
  ): Promise<LiveAck<AckData<E>>>;
  /** Listens to a server push; returns the function that stops listening. */
  on<E extends ServerEvent>(event: E, handler: ServerToClientEvents[E]): () => void;
  /** Runs after every connection, the first and each reconnection; returns the stop function. */
  onConnect(handler: () => void): () => void;
}

/** A connection as its owner (the page) holds it: started once, destroyed when the page goes. */
export interface OwnedConnection extends LiveConnection {
  start(): void;
  destroy(): void;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

export function offlineAck(): { ok: false; error: 'client/offline'; message: string } {
  return { ok: false, error: 'client/offline', message: t('live.offline') };
}

export function timeoutAck(): { ok: false; error: 'client/timeout'; message: string } {
  return { ok: false, error: 'client/timeout', message: t('live.timeout') };
}
