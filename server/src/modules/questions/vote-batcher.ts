import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { VOTE_BATCH_INTERVAL_MS } from '../../../../shared/limits.js';
import { ClusterLock } from '../../realtime/cluster-lock.js';
import { LivePublisher } from '../../realtime/live-publisher.js';
import { REDIS_CONNECTION } from '../../realtime/realtime.module.js';
import type { RedisConnection } from '../../realtime/redis-connection.js';
import { rooms } from '../../realtime/rooms.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { QuestionRepository, type VoteCount } from './question.repository.js';
import { describeForLog } from '../../common/safe-error-log.js';

/** How a committed vote reaches the viewers: VoteBatcher, or NaiveVoteFanout for the benchmark. */
export abstract class VoteFanout {
  abstract touch(partId: string, questionId: string): void;
}

/**
 * Coalesces vote changes: at most one `votes:changed` per part every VOTE_BATCH_INTERVAL_MS,
 * holding the counts as committed when the batch is read, so the cost of a vote does not grow
 * with the audience and a later batch never carries an older count. Real time (not the
 * business clock): this paces network traffic.
 *
 * With several instances the changed ids go into one Redis set per part, and only the instance
 * that claims the current interval sends the batch, to every room through the adapter: one batch
 * per part per interval for the whole cluster, not one per instance.
 */
@Injectable()
export class VoteBatcher implements VoteFanout, OnModuleDestroy {
  private readonly logger = new Logger('VoteBatcher');
  private pending = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly questions: QuestionRepository,
    private readonly publisher: LivePublisher,
    private readonly lock: ClusterLock,
    @Inject(REDIS_CONNECTION) private readonly redis: RedisConnection | null,
    private readonly metrics: MetricsService,
  ) {}

  touch(partId: string, questionId: string): void {
    this.schedule(partId).add(questionId);
  }

  /**
   * Sends what is pending. One flush at a time: votes arriving meanwhile wait for the next
   * interval, so a slow database read can never let an older count overtake a newer one.
   */
  flush(): Promise<void> {
    this.clearTimer();
    this.flushing ??= this.sendPending().finally(() => {
      this.flushing = null;
      if (this.pending.size && !this.stopped) this.arm();
    });
    return this.flushing;
  }

  /** At shutdown the last batch still goes out: the database and the sockets are open until later. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    await this.flushing;
    if (this.pending.size) await this.sendPending();
  }

  private async sendPending(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    for (const [partId, ids] of batch) {
      try {
        const toSend = await this.claimBatch(partId, ids);
        if (toSend === null) {
          this.schedule(partId); // another instance has this interval: try the next one
          continue;
        }
        await this.send(partId, toSend);
      } catch (error) {
        // Put them back: the next batch carries them; counts are read fresh, so nothing is lost.
        this.logger.warn(`Vote batch for part ${partId} failed, retrying: ${describeForLog(error)}`);
        for (const id of ids) this.touch(partId, id);
      }
    }
  }

  private schedule(partId: string): Set<string> {
    let ids = this.pending.get(partId);
    if (!ids) this.pending.set(partId, (ids = new Set()));
    if (!this.flushing && !this.stopped) this.arm();
    return ids;
  }

  private arm(): void {
    this.timer ??= setTimeout(() => void this.flush(), VOTE_BATCH_INTERVAL_MS);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The ids this instance should send now, or null when another instance sends this interval. */
  private async claimBatch(partId: string, ids: Set<string>): Promise<string[] | null> {
    if (!this.redis?.isReady) return [...ids];
    const key = `lsc:votes:${partId}`;
    try {
      if (ids.size) await this.redis.sAdd(key, [...ids]);
      const interval = Math.floor(Date.now() / VOTE_BATCH_INTERVAL_MS);
      if (!(await this.lock.claim(`votes:${partId}:${interval}`, VOTE_BATCH_INTERVAL_MS * 4))) return null;
      return await this.redis.sPopCount(key, 100_000);
    } catch {
      return [...ids]; // Redis went away mid-way: send our own, as a single instance would
    }
  }

  private async send(partId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const started = performance.now();
    const counts = await this.questions.voteCounts(ids);
    sendVoteCounts(this.publisher, partId, counts);
    if (counts.length > 0) this.metrics.voteBatchSent(counts.length, (performance.now() - started) / 1000);
  }
}

/**
 * Moderators get every count; viewers only those of questions public when the counts were read,
 * so a question hidden a moment after a vote does not reappear in viewers' batches as a count.
 */
export function sendVoteCounts(publisher: LivePublisher, partId: string, counts: VoteCount[]): void {
  if (counts.length === 0) return;
  const batch = (of: VoteCount[]) => ({
    partId,
    version: Math.max(...of.map((c) => c.version)),
    counts: of.map(({ id, votes }) => ({ id, votes })),
  });
  publisher.toRoom(rooms.moderators(partId), 'votes:changed', batch(counts));
  const visible = counts.filter((c) => c.isPublic);
  if (visible.length > 0) publisher.toRoom(rooms.viewers(partId), 'votes:changed', batch(visible));
}
