import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { partBatchIntervalMs } from '../../../../shared/limits.js';
import type { VotesBatch } from '../../../../shared/realtime.js';
import { ClusterLock } from '../../realtime/cluster-lock.js';
import { LivePublisher } from '../../realtime/live-publisher.js';
import { REDIS_CONNECTION } from '../../realtime/realtime.module.js';
import type { RedisConnection } from '../../realtime/redis-connection.js';
import { rooms } from '../../realtime/rooms.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { QuestionRepository, type QuestionRow } from './question.repository.js';
import { describeForLog } from '../../common/safe-error-log.js';
import {
  addTouch,
  composeBatches,
  decodeTouches,
  encodeTouch,
  type Touch,
  type Touches,
} from './part-batch.js';

/**
 * How a committed change reaches the part's viewers once moderators and the asker have theirs:
 * PartBatcher, or NaiveFanout for the benchmark's baseline.
 */
export abstract class PartFanout {
  /** A vote on the question was committed or withdrawn. */
  abstract voted(partId: string, questionId: string): void;
  /** The question was asked (`isNew`) or changed. */
  abstract questionChanged(row: QuestionRow, isNew: boolean): void;
}

/** From this many local viewers a part's batch goes out shard by shard (below: one write loop of ~20 ms or less). */
const SEND_IN_TURNS_FROM_VIEWERS = 1_000;

/** One part's changes waiting for its next batch. */
interface PartQueue {
  touches: Map<string, Touches>;
  timer: NodeJS.Timeout | null;
  flushing: Promise<void> | null;
  /** Another instance had the interval: what we added to Redis goes out with a later batch. */
  retry: boolean;
}

/**
 * Folds a part's changes into one `votes:changed` per interval (partBatchIntervalMs: longer for
 * larger rooms): questions asked or changed, removals, vote counts, each read from the database
 * when the batch is sent, so the cost of a vote or a question does not grow with the audience,
 * a viewer gets at most 2.5 pushes a second, and a later batch never carries an older state.
 * Real time (not the business clock): this paces network traffic.
 *
 * With several instances the touched ids go into one Redis set per part, and only the instance
 * that claims the interval sends the batch, to every room through the adapter: one batch per
 * part per interval for the whole cluster, not one per instance.
 */
@Injectable()
export class PartBatcher implements PartFanout, OnModuleDestroy {
  private readonly logger = new Logger('PartBatcher');
  private readonly parts = new Map<string, PartQueue>();
  private stopped = false;

  constructor(
    private readonly questions: QuestionRepository,
    private readonly publisher: LivePublisher,
    private readonly lock: ClusterLock,
    @Inject(REDIS_CONNECTION) private readonly redis: RedisConnection | null,
    private readonly metrics: MetricsService,
  ) {}

  voted(partId: string, questionId: string): void {
    this.touch(partId, questionId, 'voted');
  }

  questionChanged(row: QuestionRow, isNew: boolean): void {
    this.touch(row.part_id, row.id, isNew ? 'asked' : 'changed');
  }

  /** Sends what every part has pending now (tests; shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.parts].map(([partId, part]) => this.flushPart(partId, part)));
  }

  /** At shutdown the last batches still go out: the database and the sockets are open until later. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    for (const part of this.parts.values()) this.clearTimer(part);
    for (const part of this.parts.values()) if (part.flushing) await part.flushing;
    await this.flush();
  }

  private touch(partId: string, questionId: string, touch: Touch): void {
    let part = this.parts.get(partId);
    if (!part)
      this.parts.set(partId, (part = { touches: new Map(), timer: null, flushing: null, retry: false }));
    addTouch(part.touches, questionId, touch);
    this.arm(partId, part);
  }

  /**
   * One flush per part at a time: changes arriving meanwhile wait for the next interval, so a
   * slow database read can never let an older state overtake a newer one.
   */
  private flushPart(partId: string, part: PartQueue): Promise<void> {
    this.clearTimer(part);
    part.flushing ??= this.sendPending(partId, part).finally(() => {
      part.flushing = null;
      if (part.touches.size > 0 || part.retry) this.arm(partId, part);
      else if (!part.timer) this.parts.delete(partId);
    });
    return part.flushing;
  }

  private async sendPending(partId: string, part: PartQueue): Promise<void> {
    const touches = part.touches;
    part.touches = new Map();
    part.retry = false;
    try {
      const toSend = await this.claimBatch(partId, touches, this.intervalOf(partId));
      if (toSend === null) {
        part.retry = true;
        return;
      }
      await this.send(partId, toSend);
    } catch (error) {
      // Put them back: the next batch carries them; rows are read fresh, so nothing is lost.
      this.logger.warn(`Batch for part ${partId} failed, retrying: ${describeForLog(error)}`);
      for (const [id, touch] of touches) {
        for (const kind of ['asked', 'changed', 'voted'] as const)
          if (touch[kind]) addTouch(part.touches, id, kind);
      }
    }
  }

  private arm(partId: string, part: PartQueue): void {
    if (part.flushing || this.stopped) return;
    part.timer ??= setTimeout(() => void this.flushPart(partId, part), this.intervalOf(partId));
  }

  private clearTimer(part: PartQueue): void {
    if (part.timer) clearTimeout(part.timer);
    part.timer = null;
  }

  /** This instance's viewers of the part decide: the interval spares this instance's loop. */
  private intervalOf(partId: string): number {
    return partBatchIntervalMs(this.localViewers(partId));
  }

  private localViewers(partId: string): number {
    return this.publisher.localRooms().get(rooms.viewers(partId))?.size ?? 0;
  }

  /**
   * One send to a small audience; to a large one, shard by shard with the loop free in between
   * (measured: one send to 10,000 sockets held the loop 0.19 s). The next batch of the part
   * waits for this one (one flush per part at a time), so batches never interleave.
   */
  private async sendToViewers(partId: string, batch: VotesBatch): Promise<void> {
    if (this.localViewers(partId) < SEND_IN_TURNS_FROM_VIEWERS) {
      this.publisher.toRoom(rooms.viewers(partId), 'votes:changed', batch);
    } else {
      await this.publisher.toRoomsInTurns(rooms.viewerShards(partId), 'votes:changed', batch);
    }
  }

  /** What this instance should send now, or null when another instance has this interval. */
  private async claimBatch(
    partId: string,
    touches: Map<string, Touches>,
    intervalMs: number,
  ): Promise<Map<string, Touches> | null> {
    if (!this.redis?.isReady) return touches;
    const key = `lsc:batch:${partId}`;
    try {
      const members = [...touches].flatMap(([id, touch]) =>
        (['asked', 'changed', 'voted'] as const)
          .filter((kind) => touch[kind])
          .map((kind) => encodeTouch(kind, id)),
      );
      if (members.length) await this.redis.sAdd(key, members);
      if (!(await this.lock.claim(`batch:${partId}`, intervalMs))) return null;
      return decodeTouches(await this.redis.sPopCount(key, 100_000));
    } catch {
      return touches; // Redis went away mid-way: send our own, as a single instance would
    }
  }

  private async send(partId: string, touches: Map<string, Touches>): Promise<void> {
    if (touches.size === 0) return;
    const started = performance.now();
    const rows = await this.questions.rowsForBatch([...touches.keys()]);
    const { moderators, viewers } = composeBatches(partId, rows, touches);
    if (moderators) this.publisher.toRoom(rooms.moderators(partId), 'votes:changed', moderators);
    if (viewers) await this.sendToViewers(partId, viewers);
    this.metrics.voteBatchSent(touches.size, (performance.now() - started) / 1000);
  }
}
