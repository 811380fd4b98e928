import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { VOTE_BATCH_INTERVAL_MS } from '../../../../shared/limits.js';
import { LivePublisher } from '../../realtime/live-publisher.js';
import { rooms } from '../../realtime/rooms.js';
import { QuestionsRepository } from './questions.repository.js';

/**
 * Coalesces vote changes: at most one `votes:changed` per part every VOTE_BATCH_INTERVAL_MS,
 * holding the counts as committed when the batch is read, so the cost of a vote does not grow
 * with the audience and a later batch never carries an older count. Real time (not the
 * business clock): this paces network traffic.
 */
/** How a committed vote reaches the viewers: VoteBatcher, or NaiveVoteFanout for the benchmark. */
export abstract class VoteFanout {
  abstract touch(partId: string, questionId: string): void;
}

@Injectable()
export class VoteBatcher implements VoteFanout, OnModuleDestroy {
  private readonly logger = new Logger('VoteBatcher');
  private pending = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly questions: QuestionsRepository,
    private readonly publisher: LivePublisher,
  ) {}

  touch(partId: string, questionId: string): void {
    let ids = this.pending.get(partId);
    if (!ids) this.pending.set(partId, (ids = new Set()));
    ids.add(questionId);
    this.timer ??= setTimeout(() => void this.flush(), VOTE_BATCH_INTERVAL_MS);
  }

  async flush(): Promise<void> {
    this.timer = null;
    const batch = this.pending;
    this.pending = new Map();
    for (const [partId, ids] of batch) {
      try {
        const counts = await this.questions.voteCounts([...ids]);
        if (counts.length === 0) continue;
        this.publisher.toRoom([rooms.viewers(partId), rooms.moderators(partId)], 'votes:changed', {
          partId,
          version: Math.max(...counts.map((c) => c.version)),
          counts: counts.map(({ id, votes }) => ({ id, votes })),
        });
      } catch (error) {
        // Put them back: the next batch carries them; counts are read fresh, so nothing is lost.
        this.logger.warn(`Vote batch for part ${partId} failed, retrying: ${String(error)}`);
        for (const id of ids) this.touch(partId, id);
      }
    }
  }

  onModuleDestroy(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
