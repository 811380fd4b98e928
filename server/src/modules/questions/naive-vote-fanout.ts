import { Injectable } from '@nestjs/common';
import { LivePublisher } from '../../realtime/live-publisher.js';
import { rooms } from '../../realtime/rooms.js';
import { QuestionsRepository } from './questions.repository.js';

/**
 * The baseline the benchmark compares against (VOTE_FANOUT=naive), never for production: every
 * vote is counted with count(*) and sent at once to every viewer of the part.
 */
@Injectable()
export class NaiveVoteFanout {
  constructor(
    private readonly questions: QuestionsRepository,
    private readonly publisher: LivePublisher,
  ) {}

  touch(partId: string, questionId: string): void {
    void this.questions.countVotesSlowly(questionId).then(
      ({ votes, version }) =>
        this.publisher.toRoom([rooms.viewers(partId), rooms.moderators(partId)], 'votes:changed', {
          partId,
          version,
          counts: [{ id: questionId, votes }],
        }),
      () => undefined,
    );
  }
}
