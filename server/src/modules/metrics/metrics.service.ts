import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { ERROR_CODES } from '../../../../shared/errors.js';
import { CLIENT_EVENT_NAMES } from '../../../../shared/realtime.js';
import { DomainError } from '../../common/domain-error.js';
import { runWithRequestId } from '../../common/logging/request-context.js';
import { LivePublisher } from '../../realtime/live-publisher.js';
import { localAudienceByPart } from '../../realtime/part-audience.js';
import { REDIS_CONNECTION } from '../../realtime/realtime.module.js';
import type { RedisConnection } from '../../realtime/redis-connection.js';
import { EventDirectory } from '../events/event-directory.js';
import { processMetrics } from './process-metrics.js';

export type RefusedTransport = 'http' | 'socket' | 'handshake';

/** The live paths count by part id (a map increment); labels are resolved only when scraped. */
interface PartCounts {
  asked: number;
  votesCast: number;
  votesWithdrawn: number;
  actions: Map<string, number>;
}

interface PoolLike {
  totalCount?: number;
  idleCount?: number;
  waitingCount?: number;
}

const KNOWN_SOCKET_EVENTS = new Set<string>(CLIENT_EVENT_NAMES);

/**
 * The application's Prometheus metrics. Labels stay bounded: event slug, part position, error
 * code, socket event name, moderation action; never a participant, a question or a link.
 */
@Injectable()
export class MetricsService {
  private readonly registry = new Registry();
  private readonly parts = new Map<string, PartCounts>();
  private readonly refused: Counter<'code' | 'transport'>;
  private readonly ackSeconds: Histogram<'event'>;
  private readonly voteBatchSize: Histogram;
  private readonly voteBatchSeconds: Histogram;

  constructor(
    private readonly directory: EventDirectory,
    private readonly publisher: LivePublisher,
    private readonly dataSource: DataSource,
    @Inject(REDIS_CONNECTION) redis: RedisConnection | null,
  ) {
    const registers = [this.registry];
    const resolveParts = () => this.resolvedParts();
    const resolveSocketCounts = () => this.socketCountsByPart();
    const sockets = () => this.publisher.localSocketRoles();
    new Gauge({
      name: 'lsc_connected_sockets',
      help: 'Sockets on this instance that joined a part, by event, part position and role (viewer or staff).',
      labelNames: ['event', 'part', 'role'],
      registers,
      async collect() {
        this.reset();
        for (const { labels, viewers, staff } of await resolveSocketCounts()) {
          this.set({ ...labels, role: 'viewer' }, viewers);
          this.set({ ...labels, role: 'staff' }, staff);
        }
      },
    });
    new Gauge({
      name: 'lsc_sockets',
      help: 'Sockets connected to this instance, joined to a part or not, by role.',
      labelNames: ['role'],
      registers,
      collect() {
        const { viewers, staff } = sockets();
        this.set({ role: 'viewer' }, viewers);
        this.set({ role: 'staff' }, staff);
      },
    });
    new Counter({
      name: 'lsc_questions_asked_total',
      help: 'Questions stored (retries of a stored question not counted).',
      labelNames: ['event', 'part'],
      registers,
      async collect() {
        this.reset();
        for (const { labels, counts } of await resolveParts())
          if (counts.asked) this.inc(labels, counts.asked);
      },
    });
    new Counter({
      name: 'lsc_votes_total',
      help: 'Votes that changed a count: cast or withdrawn.',
      labelNames: ['event', 'part', 'change'],
      registers,
      async collect() {
        this.reset();
        for (const { labels, counts } of await resolveParts()) {
          if (counts.votesCast) this.inc({ ...labels, change: 'cast' }, counts.votesCast);
          if (counts.votesWithdrawn) this.inc({ ...labels, change: 'withdrawn' }, counts.votesWithdrawn);
        }
      },
    });
    new Counter({
      name: 'lsc_moderation_actions_total',
      help: 'Moderation actions committed, by action.',
      labelNames: ['event', 'part', 'action'],
      registers,
      async collect() {
        this.reset();
        for (const { labels, counts } of await resolveParts()) {
          for (const [action, count] of counts.actions) this.inc({ ...labels, action }, count);
        }
      },
    });
    this.refused = new Counter({
      name: 'lsc_refused_requests_total',
      help: 'Requests answered with an error, by error code and transport (http, socket, handshake).',
      labelNames: ['code', 'transport'],
      registers,
    });
    this.ackSeconds = new Histogram({
      name: 'lsc_socket_ack_seconds',
      help: 'Time from a socket request arriving to its acknowledgement, by event name.',
      labelNames: ['event'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.voteBatchSize = new Histogram({
      name: 'lsc_vote_batch_size',
      help: 'Questions one part batch (votes:changed) carries: asked, changed or voted on.',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
      registers,
    });
    this.voteBatchSeconds = new Histogram({
      name: 'lsc_vote_batch_send_seconds',
      help: 'Time to read the counts of a vote batch and hand it to socket.io.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    const pool = () => (this.dataSource.driver as unknown as { master?: PoolLike }).master ?? {};
    new Gauge({
      name: 'lsc_database_pool_connections',
      help: 'Database connections: in use, idle, and requests waiting for one (embedded: its one session).',
      labelNames: ['state'],
      registers,
      collect() {
        const { totalCount = 0, idleCount = 0, waitingCount = 0 } = pool();
        this.set({ state: 'in_use' }, totalCount - idleCount);
        this.set({ state: 'idle' }, idleCount);
        this.set({ state: 'waiting' }, waitingCount);
      },
    });
    if (redis) {
      new Gauge({
        name: 'lsc_redis_adapter_up',
        help: '1 while the Redis connection of the socket.io adapter is ready, 0 while it is away.',
        registers,
        collect() {
          this.set(redis.isReady ? 1 : 0);
        },
      });
    }
  }

  /** The Prometheus text: this app's metrics, then the process's. */
  async render(): Promise<string> {
    const [app, process] = await Promise.all([this.registry.metrics(), processMetrics().metrics()]);
    return `${app}\n${process}`;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  questionAsked(partId: string): void {
    this.countsOf(partId).asked += 1;
  }

  voteChanged(partId: string, voted: boolean): void {
    const counts = this.countsOf(partId);
    if (voted) counts.votesCast += 1;
    else counts.votesWithdrawn += 1;
  }

  moderationAction(partId: string, action: string): void {
    const { actions } = this.countsOf(partId);
    actions.set(action, (actions.get(action) ?? 0) + 1);
  }

  refusedRequest(code: string, transport: RefusedTransport): void {
    this.refused.inc({ code: code in ERROR_CODES ? code : 'internal', transport });
  }

  voteBatchSent(size: number, seconds: number): void {
    this.voteBatchSize.observe(size);
    this.voteBatchSeconds.observe(seconds);
  }

  /**
   * socket.io packet middleware (one function shared by every socket): times each request to
   * its acknowledgement, counts refusals by code, and gives the handling a request id for logs.
   */
  readonly observeSocketRequest = (packet: unknown[], next: (error?: Error) => void): void => {
    const ack = packet.at(-1);
    if (typeof ack === 'function') {
      const name =
        typeof packet[0] === 'string' && KNOWN_SOCKET_EVENTS.has(packet[0]) ? packet[0] : 'unknown';
      const started = performance.now();
      packet[packet.length - 1] = (response: unknown, ...rest: unknown[]) => {
        this.ackSeconds.observe({ event: name }, (performance.now() - started) / 1000);
        const refusal = response as { ok?: unknown; error?: unknown } | null;
        if (refusal?.ok === false && typeof refusal.error === 'string')
          this.refusedRequest(refusal.error, 'socket');
        (ack as (...args: unknown[]) => void)(response, ...rest);
      };
    }
    runWithRequestId(crypto.randomUUID(), next);
  };

  private countsOf(partId: string): PartCounts {
    let counts = this.parts.get(partId);
    if (!counts) {
      counts = { asked: 0, votesCast: 0, votesWithdrawn: 0, actions: new Map() };
      this.parts.set(partId, counts);
    }
    return counts;
  }

  /** Part ids to `{ event, part }` labels; a part that no longer exists (deleted event) is dropped. */
  private async labelsOf(partIds: Iterable<string>): Promise<Map<string, { event: string; part: string }>> {
    const labels = new Map<string, { event: string; part: string }>();
    for (const partId of partIds) {
      try {
        const { event, part } = await this.directory.part(partId);
        labels.set(partId, { event: event.slug, part: String(part.position + 1) });
      } catch (error) {
        if (error instanceof DomainError && error.code === 'part/not_found') this.parts.delete(partId);
      }
    }
    return labels;
  }

  private async resolvedParts(): Promise<{ labels: { event: string; part: string }; counts: PartCounts }[]> {
    const labels = await this.labelsOf([...this.parts.keys()]);
    return [...labels].map(([partId, label]) => ({ labels: label, counts: this.parts.get(partId)! }));
  }

  private async socketCountsByPart(): Promise<
    { labels: { event: string; part: string }; viewers: number; staff: number }[]
  > {
    const byPart = localAudienceByPart(this.publisher.localRooms());
    const labels = await this.labelsOf(byPart.keys());
    return [...labels].map(([partId, label]) => {
      const { viewers, staff } = byPart.get(partId)!;
      return { labels: label, viewers, staff };
    });
  }
}
