// The live connection of component and store tests: the real LiveSocket (requests, listeners,
// reconnection handlers, what a refused link does) over a stand-in socket.io socket, with the
// test in the server's seat: it scripts the acknowledgements, pushes server events, and drops or
// restores the connection.
//
//   const socket = new FakeLiveSocket();
//   socket.respond('part:join', () => ok(snapshot));
//   socket.push('question:upserted', question);
//   socket.goOffline(); socket.goOnline();   // goOnline runs the onConnect handlers
//   socket.refuse();                         // the handshake turned a staff link away
//   socket.sent('question:ask')              // the payloads requested so far
import type { ServerToClientEvents } from '../../shared/realtime.js';
import type {
  ClientEvent,
  ConnectionStatus,
  LiveAck,
  RequestOf,
  ResponseOf,
  ServerEvent,
} from '../src/lib/realtime/connection.js';
import { BAD_GRANT, LiveSocket, type LiveSocketIo } from '../src/lib/realtime/live-socket.svelte.js';
import { StandInSocket } from './stand-in-socket.js';

export type Responder<E extends ClientEvent> = (
  payload: RequestOf<E>,
) => LiveAck<ResponseOf<E>> | Promise<LiveAck<ResponseOf<E>>>;

type AnyResponder = (payload: unknown) => LiveAck<unknown> | Promise<LiveAck<unknown>>;

export interface SentRequest {
  event: ClientEvent;
  payload: unknown;
}

export const ok = <T>(data: T): LiveAck<T> => ({ ok: true, data });

/** What the stand-in answers a request nobody scripted: LiveSocket reports it as timed out. */
class NoAnswer extends Error {}

export class FakeLiveSocket extends LiveSocket {
  /** Every request that went out (while online), in order, answered or not. */
  readonly requests: SentRequest[] = [];
  started = false;
  destroyed = false;

  readonly #server: StandInSocket;
  readonly #responders = new Map<ClientEvent, AnyResponder[]>();

  /** `status`: where the connection starts; the socket connects as a staff link would. */
  constructor(status: ConnectionStatus = 'online') {
    let server!: StandInSocket;
    super({
      grant: 'fake-grant',
      storage: null,
      createSocket: (auth) => {
        server = new StandInSocket(auth);
        return server as unknown as LiveSocketIo;
      },
    });
    this.#server = server;
    server.answer = (event, payload) => this.#answer(event as ClientEvent, payload);
    if (status === 'online') server.accept();
    else if (status === 'offline') server.fire('disconnect', 'transport close');
    else if (status === 'refused') this.refuse();
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

  override start(): void {
    this.started = true;
    super.start();
  }

  override destroy(): void {
    this.destroyed = true;
    super.destroy();
  }

  /** Delivers a server push to everyone listening (nothing arrives once destroyed). */
  push<E extends ServerEvent>(event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void {
    if (!this.destroyed) this.#server.fire(event, payload);
  }

  /** The connection is lost; socket.io would reconnect by itself. */
  goOffline(): void {
    this.#server.connected = false;
    this.#server.fire('disconnect', 'transport close');
  }

  /** The server refused the link in the handshake (`auth/bad_grant`): no more connections. */
  refuse(): void {
    this.#server.refuse(BAD_GRANT);
  }

  /** Restores the connection and runs the onConnect handlers, as a reconnection does. */
  goOnline(): void {
    this.#server.accept();
  }

  async #answer(event: ClientEvent, payload: unknown): Promise<LiveAck<unknown>> {
    this.requests.push({ event, payload });
    const queue = this.#responders.get(event);
    const responder = queue && queue.length > 1 ? queue.shift() : queue?.[0];
    // A real acknowledgement never arrives in the same tick as the request.
    await Promise.resolve();
    // socket.io rejects when no acknowledgement comes in time.
    if (!responder) throw new NoAnswer(`No answer scripted for ${event}`);
    return responder(payload);
  }
}
