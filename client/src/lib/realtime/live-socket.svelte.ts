// The one socket of the page, to the live namespace, typed from shared/realtime.ts. A viewer's
// socket owns the participant token: read from localStorage, asked for when missing, and
// replaced when the server refuses it in the handshake. A staff page (moderator, speaker) passes
// the secret of its link instead: nothing is fetched, and a refused link is final.
import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  HandshakeAuth,
  ServerToClientEvents,
} from '../../../../shared/realtime.js';
import { LIVE_NAMESPACE } from '../../../../shared/realtime.js';
import { participantsApi, type ParticipantsApi } from '../api/participants.js';
import {
  DEFAULT_TIMEOUT_MS,
  offlineAck,
  timeoutAck,
  type ClientEvent,
  type ConnectionStatus,
  type LiveAck,
  type OwnedConnection,
  type RequestOf,
  type RequestOptions,
  type ResponseOf,
  type ServerEvent,
} from './connection.js';

export type LiveSocketIo = Socket<ServerToClientEvents, ClientToServerEvents>;

export const PARTICIPANT_KEY = 'lsc.participant';

/** Handshake refusals that a new participant token cures. */
const TOKEN_ERRORS = new Set(['auth/bad_participant', 'auth/participant_required']);
/** The handshake refusal of a link that is unknown, expired or revoked: retrying cannot help. */
export const BAD_GRANT = 'auth/bad_grant';
/** Waits before trying again after a refusal or a failed token request; the last one repeats. */
const RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

type TokenStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
type AuthCallback = (callback: (auth: HandshakeAuth) => void) => void;

export interface LiveSocketOptions {
  /**
   * The secret of a moderator or speaker link: the socket connects as staff with it, and never
   * as a participant. Without it the socket is a viewer's.
   */
  grant?: string;
  api?: ParticipantsApi;
  storage?: TokenStorage | null;
  /** Builds the socket.io socket (not yet connected); tests pass a stand-in. */
  createSocket?: (auth: AuthCallback) => LiveSocketIo;
}

function browserStorage(): TokenStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function defaultSocket(auth: AuthCallback): LiveSocketIo {
  // Same origin, path /socket.io; WebSocket only, so no sticky sessions are needed behind the
  // proxy. autoConnect off: the token may have to be fetched first.
  return io(LIVE_NAMESPACE, { auth, transports: ['websocket'], autoConnect: false });
}

/** The shape `emitWithAck` is called through: its typings cannot follow a generic event name. */
type AckEmitter = { emitWithAck(event: string, payload: unknown): Promise<unknown> };
type Listener = { on(event: string, handler: unknown): void; off(event: string, handler: unknown): void };

export class LiveSocket implements OwnedConnection {
  status = $state<ConnectionStatus>('connecting');

  readonly #api: ParticipantsApi;
  readonly #storage: TokenStorage | null;
  readonly #socket: LiveSocketIo;
  readonly #grant: string | null;
  readonly #connectHandlers = new Set<() => void>();
  #token: string | null = null;
  #retries = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #started = false;
  #destroyed = false;

  constructor(options: LiveSocketOptions = {}) {
    this.#api = options.api ?? participantsApi;
    this.#storage = options.storage === undefined ? browserStorage() : options.storage;
    this.#grant = options.grant ?? null;
    this.#token = this.#grant === null ? this.#readToken() : null;
    // The auth callback runs before every connection attempt, so a replaced token is used
    // by socket.io's own reconnections too.
    this.#socket = (options.createSocket ?? defaultSocket)((callback) =>
      callback(this.#grant !== null ? { grant: this.#grant } : this.#token ? { token: this.#token } : {}),
    );

    this.#socket.on('connect', () => {
      this.status = 'online';
      this.#retries = 0;
      for (const handler of [...this.#connectHandlers]) handler();
    });
    this.#socket.on('disconnect', (reason) => {
      this.status = 'offline';
      // socket.io reconnects by itself except when the server ended the connection.
      if (reason === 'io server disconnect') this.#retryLater();
    });
    this.#socket.on('connect_error', (error) => {
      this.status = 'offline';
      // Network trouble: socket.io's manager is already retrying (socket.active).
      if (this.#socket.active) return;
      // Refused by the server's handshake check: socket.io gives up, so we decide.
      if (this.#grant !== null && error.message === BAD_GRANT) {
        this.status = 'refused';
        return;
      }
      if (this.#grant === null && TOKEN_ERRORS.has(error.message)) this.#dropToken();
      this.#retryLater();
    });
  }

  /** Connects, fetching a participant token first if a viewer's browser has none. */
  start(): void {
    if (this.#started || this.#destroyed) return;
    this.#started = true;
    void this.#open();
  }

  destroy(): void {
    this.#destroyed = true;
    clearTimeout(this.#retryTimer);
    this.#connectHandlers.clear();
    this.#socket.disconnect();
  }

  async request<E extends ClientEvent>(
    event: E,
    payload: RequestOf<E>,
    { timeoutMs = DEFAULT_TIMEOUT_MS }: RequestOptions = {},
  ): Promise<LiveAck<ResponseOf<E>>> {
    // Not buffered while offline: socket.io would send it on reconnection, after the caller
    // has long been told it failed.
    if (!this.#socket.connected) return offlineAck();
    try {
      const emitter = this.#socket.timeout(timeoutMs) as unknown as AckEmitter;
      return (await emitter.emitWithAck(event, payload)) as LiveAck<ResponseOf<E>>;
    } catch {
      // socket.io rejects on timeout, and at once for pending requests when the connection drops.
      return this.#socket.connected ? timeoutAck() : offlineAck();
    }
  }

  on<E extends ServerEvent>(event: E, handler: ServerToClientEvents[E]): () => void {
    const socket = this.#socket as unknown as Listener;
    socket.on(event, handler);
    return () => socket.off(event, handler);
  }

  onConnect(handler: () => void): () => void {
    this.#connectHandlers.add(handler);
    return () => this.#connectHandlers.delete(handler);
  }

  async #open(): Promise<void> {
    if (this.#destroyed) return;
    if (this.#grant === null && !this.#token) {
      try {
        const grant = await this.#api.createParticipant();
        this.#saveToken(grant.token);
      } catch {
        if (this.#destroyed) return;
        this.status = 'offline';
        this.#retryLater();
        return;
      }
    }
    if (!this.#destroyed) this.#socket.connect();
  }

  #retryLater(): void {
    if (this.#destroyed) return;
    clearTimeout(this.#retryTimer);
    const delay = RETRY_DELAYS_MS[Math.min(this.#retries, RETRY_DELAYS_MS.length - 1)];
    this.#retries += 1;
    this.#retryTimer = setTimeout(() => void this.#open(), delay);
  }

  #readToken(): string | null {
    try {
      return this.#storage?.getItem(PARTICIPANT_KEY) || null;
    } catch {
      return null;
    }
  }

  #saveToken(token: string): void {
    this.#token = token;
    try {
      this.#storage?.setItem(PARTICIPANT_KEY, token);
    } catch {
      // Private mode: the token lasts for this visit.
    }
  }

  #dropToken(): void {
    this.#token = null;
    try {
      this.#storage?.removeItem(PARTICIPANT_KEY);
    } catch {
      // Nothing stored to drop.
    }
  }
}
