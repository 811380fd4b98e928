import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { isDatabaseUnavailable } from '../../common/database-errors.js';
import { describeForLog } from '../../common/safe-error-log.js';
import { QuestionRepository } from './question.repository.js';

export interface VoteChange {
  questionId: string;
  participantId: string;
  voted: boolean;
  at: Date;
}

export interface VoteOutcome {
  /** The question's count once the vote was committed. */
  votes: number;
  /** false: the vote was already so (a retry, a second click). */
  changed: boolean;
}

interface Waiting {
  change: VoteChange;
  resolve: (outcome: VoteOutcome) => void;
  reject: (error: unknown) => void;
}

/** The most votes one statement carries: bounds its parameters and the time it holds row locks. */
export const MAX_VOTES_PER_STATEMENT = 500;

/** PostgreSQL's deadlock and serialization failures: the statement did nothing, so it can run again. */
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']);

/**
 * Group commit of votes: while one statement is in flight, the votes arriving meanwhile wait and
 * then go in the next one (QuestionRepository.setVotes), so at 3,000 votes a second the database
 * runs a few hundred statements, not 3,000, and a lone vote is not delayed at all. Each vote is
 * acknowledged after the statement holding it committed, with the count as committed.
 */
@Injectable()
export class VoteCommitter implements OnModuleDestroy {
  private readonly logger = new Logger('VoteCommitter');
  private queue: Waiting[] = [];
  private running: Promise<void> | null = null;

  constructor(private readonly questions: QuestionRepository) {}

  commit(change: VoteChange): Promise<VoteOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ change, resolve, reject });
      this.run();
    });
  }

  /** Votes still waiting are committed before the database closes. */
  async onModuleDestroy(): Promise<void> {
    while (this.running) await this.running;
  }

  private run(): void {
    this.running ??= this.commitNext().finally(() => {
      this.running = null;
      if (this.queue.length > 0) this.run();
    });
  }

  /** One statement: the oldest waiting votes, at most one per (question, participant) pair. */
  private async commitNext(): Promise<void> {
    const batch: Waiting[] = [];
    const later: Waiting[] = [];
    const pairs = new Set<string>();
    for (const waiting of this.queue) {
      const pair = `${waiting.change.questionId} ${waiting.change.participantId}`;
      if (batch.length < MAX_VOTES_PER_STATEMENT && !pairs.has(pair)) {
        pairs.add(pair);
        batch.push(waiting);
      } else {
        later.push(waiting); // a second click of the same pair keeps its order: next statement
      }
    }
    this.queue = later;
    try {
      const outcomes = await this.withRetry(batch.map((w) => w.change));
      batch.forEach((waiting, index) => waiting.resolve(outcomes[index]));
    } catch (error) {
      // No connection (a timeout waiting for one, the database away): every vote of the group
      // gets the same answer at once, and the next group tries again. Trying them one by one
      // here would only queue each for the same timeout while the votes behind them wait.
      if (batch.length === 1 || isDatabaseUnavailable(error)) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      // One bad vote (its question deleted meanwhile) must not fail the others: each alone.
      this.logger.warn(
        `A group of ${batch.length} votes failed, committing them one by one: ${describeForLog(error)}`,
      );
      await Promise.all(
        batch.map((waiting) =>
          this.withRetry([waiting.change]).then(([outcome]) => waiting.resolve(outcome), waiting.reject),
        ),
      );
    }
  }

  private async withRetry(changes: VoteChange[]): Promise<VoteOutcome[]> {
    try {
      return await this.questions.setVotes(changes);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (typeof code === 'string' && RETRYABLE_SQLSTATES.has(code)) return this.questions.setVotes(changes);
      throw error;
    }
  }
}
