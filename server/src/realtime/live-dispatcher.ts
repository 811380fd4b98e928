import { Injectable } from '@nestjs/common';
import type { Ack, AckCallback } from '../../../shared/realtime.js';
import { LiveRateLimits } from '../common/rate-limit/live-rate-limits.js';
import { AppConfig } from '../config/app-config.js';
import { EventDirectory } from '../modules/events/event-directory.js';
import {
  linkRequired,
  roleRequired,
  type LiveAudience,
  type LiveRoute,
  type LiveRouteTable,
} from './live-route.js';
import { clientAddress, participantOf, type LiveSocket } from './live-socket.js';
import { toAck } from './socket-ack.js';

/**
 * One packet hook per socket, one table for every event: the event name picks the route, and
 * the route's audience and rate limit are checked here for all of them before its handler runs.
 * This replaces NestJS's `@SubscribeMessage`, which builds an RxJS pipeline per handler per
 * socket (15 of them, about 70 KiB per connection; docs/performance.md).
 */
@Injectable()
export class LiveDispatcher {
  private routes = new Map<string, LiveRoute<unknown, unknown>>();

  constructor(
    private readonly limits: LiveRateLimits,
    private readonly directory: EventDirectory,
    private readonly config: AppConfig,
  ) {}

  /** Sets the table (once, at start). A Map: an event named "constructor" finds nothing. */
  serve(table: LiveRouteTable): void {
    this.routes = new Map(Object.entries(table));
  }

  /**
   * Installs the hook as the socket's last middleware, so the metrics middleware before it has
   * wrapped the acknowledgement and set the request id. The packet stops here: socket.io never
   * emits a client's event name on the socket (no listener is looked up, none is needed).
   */
  attach(socket: LiveSocket): void {
    socket.use((packet) => this.dispatch(socket, packet));
  }

  private dispatch(socket: LiveSocket, packet: unknown[]): void {
    const [event, ...args] = packet;
    const ack = typeof args.at(-1) === 'function' ? (args.pop() as AckCallback<unknown>) : null;
    const route = typeof event === 'string' ? this.routes.get(event) : undefined;
    if (!route) {
      ack?.(unknownEvent(String(event)));
      return;
    }
    // As socket.io hands arguments over: none, one payload, or several (which no event takes).
    const payload = args.length <= 1 ? args[0] : args;
    void toAck(() => this.run(socket, route, payload)).then((response) => ack?.(response));
  }

  private async run(
    socket: LiveSocket,
    route: LiveRoute<unknown, unknown>,
    payload: unknown,
  ): Promise<unknown> {
    const request = route.read(payload);
    await this.admit(socket, route.who);
    if (route.limit) {
      const participantId = socket.data.participantId;
      if (!(await route.limit.exempt?.(request, participantId))) {
        await this.limits.check(route.limit.action, {
          participantId,
          address: clientAddress(socket, this.config.trustProxy),
        });
      }
    }
    return route.handle(socket, request);
  }

  /** The audience check, from what the handshake verified (no database: a refusal costs nothing). */
  private async admit(socket: LiveSocket, who: LiveAudience): Promise<void> {
    if (who === 'anyone') return;
    if (who === 'participant') {
      participantOf(socket);
      return;
    }
    const staff = socket.data.staff;
    if (!staff) throw linkRequired();
    if (!who.includes(staff.role))
      throw roleRequired(who, (await this.directory.event(staff.eventSlug)).title);
  }
}

function unknownEvent(event: string): Ack<never> {
  return {
    ok: false,
    error: 'request/unknown_event',
    message: `"${event.slice(0, 40)}" is not an event of this server. See docs/protocol.md for the list.`,
  };
}
