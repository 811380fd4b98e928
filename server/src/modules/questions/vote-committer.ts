import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { isDatabaseUnavailable } from '../../common/database-errors.js';
import { describeForLog } from '../../common/safe-error-log.js';
import { POSTGRES_POOL_SIZE } from '../../database/data-source.js';
import { QuestionRepository, type VoteCast, type VoteCastOutcome } from './question.repository.js';

interface Waiting {
  vote: VoteCast;
  resolve: (outcome: VoteCastOutcome) => void;
  reject: (error: unknown) => void;
}

/** The most votes one statement carries: bounds its parameters and the time it holds row locks. */
export const MAX_VOTES_PER_STATEMENT = 500;

/** PostgreSQL's deadlock and serialization failures: the statement did nothing, so it can run again. */
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']);

/**
 * Group commit of votes. Each engine runs a few statements at once (`sessions`): the embedded
 * database one, PostgreSQL most of its pool. A vote that finds a session free goes alone, in the
 * one-vote statement; votes that arrive while every session is busy wait and then go together
 * in one multi-row statement (QuestionRepository.castVotes). So a lone vote is never delayed,
 * and under a burst the database runs a statement per group, not per vote: on the embedded
 * database a group of 20 costs about as much as 3 single votes. Each vote is acknowledged after
 * the statement holding it committed, with the count as committed.
 *
 * Why the embedded engine needed this only once it ran in a worker thread: before, PGlite
 * answered synchronously on the server's thread, so no second vote could arrive while a
 * statement ran and no group ever formed (measured: one group statement per vote).
 */
@Injectable()
export class VoteCommitter implements OnModuleDestroy {
  private readonly logger = new Logger('VoteCommitter');
  private readonly sessions: number;
  private queue: Waiting[] = [];
  private readonly running = new Set<Promise<void>>();
  /** The (question, participant) pairs of the statements in flight. */
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly questions: QuestionRepository,
    config: AppConfig,
  ) {
    // Two PostgreSQL connections stay free for everything else (joins, moderation, batches).
    this.sessions = config.databaseUrl ? POSTGRES_POOL_SIZE - 2 : 1;
  }

  commit(vote: VoteCast): Promise<VoteCastOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ vote, resolve, reject });
      this.run();
    });
  }

  /** Votes still waiting are committed before the database closes. */
  async onModuleDestroy(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }

  private run(): void {
    while (this.running.size < this.sessions) {
      const group = this.takeGroup();
      if (group.length === 0) return;
      const statement = this.commitGroup(group).finally(() => {
        for (const waiting of group) this.inFlight.delete(pairOf(waiting.vote));
        this.running.delete(statement);
        this.run();
      });
      this.running.add(statement);
    }
  }

  /**
   * The next statement's votes: the oldest waiting, at most one per (question, participant) pair,
   * and none of a pair that a statement in flight holds. A later click of a pair stays queued
   * behind the earlier one, so a pair's votes commit in the order they came.
   */
  private takeGroup(): Waiting[] {
    const group: Waiting[] = [];
    const later: Waiting[] = [];
    const taken = new Set(this.inFlight);
    for (const waiting of this.queue) {
      const pair = pairOf(waiting.vote);
      if (group.length < MAX_VOTES_PER_STATEMENT && !taken.has(pair)) group.push(waiting);
      else later.push(waiting);
      taken.add(pair);
    }
    this.queue = later;
    for (const waiting of group) this.inFlight.add(pairOf(waiting.vote));
    return group;
  }

  private async commitGroup(group: Waiting[]): Promise<void> {
    try {
      const outcomes = await this.withRetry(group.map((waiting) => waiting.vote));
      group.forEach((waiting, index) => waiting.resolve(outcomes[index]));
    } catch (error) {
      // No connection (a timeout waiting for one, the database away): every vote of the group
      // gets the same answer at once, and the next group tries again. Trying them one by one
      // here would only queue each for the same timeout while the votes behind them wait.
      if (group.length === 1 || isDatabaseUnavailable(error)) {
        for (const waiting of group) waiting.reject(error);
        return;
      }
      // One bad vote (its voter deleted meanwhile: the foreign key) must not fail the others: each alone.
      this.logger.warn(
        `A group of ${group.length} votes failed, committing them one by one: ${describeForLog(error)}`,
      );
      for (const waiting of group) {
        await this.withRetry([waiting.vote]).then(([outcome]) => waiting.resolve(outcome), waiting.reject);
      }
    }
  }

  private async withRetry(votes: VoteCast[]): Promise<VoteCastOutcome[]> {
    const cast = () =>
      votes.length === 1
        ? this.questions.castVote(votes[0]).then((one) => [one])
        : this.questions.castVotes(votes);
    try {
      return await cast();
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (typeof code === 'string' && RETRYABLE_SQLSTATES.has(code)) return cast();
      throw error;
    }
  }
}

function pairOf(vote: VoteCast): string {
  return `${vote.questionId} ${vote.participantId}`;
}
