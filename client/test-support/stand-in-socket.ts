// Just enough of a socket.io client socket for LiveSocket to run on in tests: the test plays the
// server (accepts or refuses the handshake, answers requests, pushes events).
import type { HandshakeAuth } from '../../shared/realtime.js';

type Handler = (...args: unknown[]) => void;

export class StandInSocket {
  connected = false;
  active = false;
  /** The token of each connection attempt, read through the auth callback as socket.io does. */
  attempts: (string | undefined)[] = [];
  /** The whole handshake auth of each attempt. */
  auths: HandshakeAuth[] = [];
  answer: (event: string, payload: unknown) => Promise<unknown> = () => new Promise(() => undefined);
  readonly #handlers = new Map<string, Set<Handler>>();

  constructor(readonly auth: (cb: (auth: HandshakeAuth) => void) => void) {}

  on(event: string, handler: Handler): this {
    let set = this.#handlers.get(event);
    if (!set) this.#handlers.set(event, (set = new Set()));
    set.add(handler);
    return this;
  }

  off(event: string, handler: Handler): this {
    this.#handlers.get(event)?.delete(handler);
    return this;
  }

  connect(): this {
    this.active = true;
    this.auth((auth) => {
      this.attempts.push(auth.token);
      this.auths.push(auth);
    });
    return this;
  }

  disconnect(): this {
    this.connected = false;
    this.active = false;
    return this;
  }

  timeout(): { emitWithAck: (event: string, payload: unknown) => Promise<unknown> } {
    return { emitWithAck: (event, payload) => this.answer(event, payload) };
  }

  /** The server accepts the handshake. */
  accept(): void {
    this.connected = true;
    this.fire('connect');
  }

  /** The server's middleware refuses the handshake: socket.io does not retry by itself. */
  refuse(message: string): void {
    this.connected = false;
    this.active = false;
    this.fire('connect_error', new Error(message));
  }

  fire(event: string, ...args: unknown[]): void {
    for (const handler of [...(this.#handlers.get(event) ?? [])]) handler(...args);
  }
}
