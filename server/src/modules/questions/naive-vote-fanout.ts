import { Injectable } from '@nestjs/common';
import { LivePublisher } from '../../realtime/live-publisher.js';
import { QuestionRepository } from './question.repository.js';
import { sendVoteCounts } from './vote-batcher.js';

/**
 * The baseline the benchmark compares against (VOTE_FANOUT=naive), never for production: every
 * vote is counted with count(*) and sent at once to every viewer of the part.
 */
@Injectable()
export class NaiveVoteFanout {
  constructor(
    private readonly questions: QuestionRepository,
    private readonly publisher: LivePublisher,
  ) {}

  touch(partId: string, questionId: string): void {
    void this.questions.countVotesSlowly(questionId).then(
      (count) => sendVoteCounts(this.publisher, partId, count ? [count] : []),
      () => undefined,
    );
  }
}
