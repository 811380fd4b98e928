import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { PurgeResult } from '../../../../shared/operations-api.js';
import { DomainError } from '../../common/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { Clock } from '../clock/clock.js';
import { QuestionRepository } from '../questions/question.repository.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Real time between automatic purges: retention counts in days, so a few runs a day suffice. */
export const PURGE_EVERY_MS = 6 * 60 * 60 * 1000;
/** The first automatic purge waits a minute, so a start (and a rolling restart) is not slowed. */
export const FIRST_PURGE_AFTER_MS = 60 * 1000;

/**
 * QUESTION_RETENTION_DAYS: the questions (and their votes and audit) of events that ended that
 * many days ago are deleted a minute after start, every few hours, and on `npm run admin -- purge`.
 * Several instances may purge at once; a delete that finds nothing left does nothing.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private timer: NodeJS.Timeout | null = null;
  private first: NodeJS.Timeout | null = null;

  constructor(
    private readonly questions: QuestionRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.questionRetentionDays === null) return;
    const run = () =>
      void this.purge().catch((error: unknown) => this.logger.warn(`Purge failed: ${String(error)}`));
    this.first = setTimeout(run, FIRST_PURGE_AFTER_MS);
    this.timer = setInterval(run, PURGE_EVERY_MS);
    this.first.unref();
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.first) clearTimeout(this.first);
    if (this.timer) clearInterval(this.timer);
  }

  async purge(): Promise<PurgeResult> {
    const days = this.config.questionRetentionDays;
    if (days === null) {
      throw new DomainError(
        'retention/not_set',
        'Questions are kept for good on this server: set QUESTION_RETENTION_DAYS (and restart) to purge them.',
      );
    }
    const endedBefore = new Date(this.clock.now().getTime() - days * DAY_MS);
    const events = await this.questions.purgeOfEventsEndedBefore(endedBefore);
    const questions = events.reduce((sum, event) => sum + event.questions, 0);
    if (questions > 0) {
      this.logger.log(
        `Purged ${questions} questions of ${events.length} events that ended before ${endedBefore.toISOString()}`,
      );
    }
    return { retentionDays: days, endedBefore: endedBefore.toISOString(), questions, events };
  }
}
