// A stand-in for LiveSocket in component and store tests: a test scripts the acknowledgements,
// pushes server events, and drops or restores the connection.
//
//   const socket = new FakeLiveSocket();
//   socket.respond('part:join', () => ok(snapshot));
//   socket.push('question:upserted', question);
//   socket.goOffline(); socket.goOnline();   // goOnline runs the onConnect handlers
//   socket.refuse();                         // the handshake turned a staff link away
//   socket.sent('question:ask')              // the payloads requested so far
import type { ServerToClientEvents } from '../../shared/realtime.js';
import {
  ConnectionBase,
  timeoutAck,
  type ClientEvent,
  type ConnectionStatus,
  type LiveAck,
  type RequestOf,
  type ResponseOf,
  type ServerEvent,
} from '../src/lib/realtime/connection.js';

export type Responder<E extends ClientEvent> = (
  payload: RequestOf<E>,
) => LiveAck<ResponseOf<E>> | Promise<LiveAck<ResponseOf<E>>>;

type AnyResponder = (payload: unknown) => LiveAck<unknown> | Promise<LiveAck<unknown>>;
type AnyHandler = (payload: unknown) => void;

export interface SentRequest {
  event: ClientEvent;
  payload: unknown;
}

export const ok = <T>(data: T): LiveAck<T> => ({ ok: true, data });

/** Over the real ConnectionBase: offline requests and onConnect behave as the socket's do. */
export class FakeLiveSocket extends ConnectionBase {
  status = $state<ConnectionStatus>('online');
  /** Every request in the order it was made, answered or not. */
  readonly requests: SentRequest[] = [];
  started = false;
  destroyed = false;

  readonly #responders = new Map<ClientEvent, AnyResponder[]>();
  readonly #listeners = new Map<ServerEvent, Set<AnyHandler>>();

  constructor(status: ConnectionStatus = 'online') {
    super();
    this.status = status;
  }

  /**
   * Scripts the answers to `event`: each request takes the next responder, and the last one
   * keeps answering. Without any, a request times out (`client/timeout`).
   */
  respond<E extends ClientEvent>(event: E, ...responders: Responder<E>[]): this {
    this.#responders.set(event, responders as unknown as AnyResponder[]);
    return this;
  }

  /** Whether answers to `event` have been scripted. */
  scripted(event: ClientEvent): boolean {
    return this.#responders.has(event);
  }

  /** The payloads sent for `event`, in order. */
  sent<E extends ClientEvent>(event: E): RequestOf<E>[] {
    return this.requests.filter((r) => r.event === event).map((r) => r.payload as RequestOf<E>);
  }

  protected get connected(): boolean {
    return this.status === 'online';
  }

  protected async send(event: ClientEvent, payload: unknown): Promise<LiveAck<unknown>> {
    this.requests.push({ event, payload });
    const queue = this.#responders.get(event);
    const responder = queue && queue.length > 1 ? queue.shift() : queue?.[0];
    // A real acknowledgement never arrives in the same tick as the request.
    await Promise.resolve();
    if (!responder) return timeoutAck();
    return responder(payload);
  }

  on<E extends ServerEvent>(event: E, handler: ServerToClientEvents[E]): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(handler as AnyHandler);
    return () => set.delete(handler as AnyHandler);
  }

  start(): void {
    this.started = true;
  }

  destroy(): void {
    this.destroyed = true;
    this.#listeners.clear();
    this.dropConnectHandlers();
  }

  /** Delivers a server push to everyone listening. */
  push<E extends ServerEvent>(event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void {
    for (const handler of [...(this.#listeners.get(event) ?? [])]) handler(payload);
  }

  goOffline(): void {
    this.status = 'offline';
  }

  /** The server refused the link in the handshake (`auth/bad_grant`): no more connections. */
  refuse(): void {
    this.status = 'refused';
  }

  /** Restores the connection and runs the onConnect handlers, as a reconnection does. */
  goOnline(): void {
    this.status = 'online';
    this.runConnectHandlers();
  }
}
