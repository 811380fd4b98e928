import { Injectable } from '@nestjs/common';
import { LivePublisher } from '../../realtime/live-publisher.js';
import { rooms } from '../../realtime/rooms.js';
import { PartFanout } from './part-batcher.js';
import type { QuestionRow } from './question.repository.js';
import { toModeratorView, toQuestionView } from './question-views.js';

/**
 * Sends a committed question change to everyone entitled to see it, and nothing to anyone else:
 * moderators get everything at once (`mod:question`), and so does the asker (their own question,
 * marked `mine`, whatever its status); the part's viewers get it with the part's next batch
 * (PartFanout): the question when it is public, its removal when it left public view.
 */
@Injectable()
export class QuestionBroadcaster {
  constructor(
    private readonly publisher: LivePublisher,
    private readonly fanout: PartFanout,
  ) {}

  /** `isNew`: just asked, so viewers never saw it and need no removal if it is not public. */
  questionChanged(row: QuestionRow, { isNew = false }: { isNew?: boolean } = {}): void {
    this.publisher.toRoom(rooms.moderators(row.part_id), 'mod:question', toModeratorView(row));
    this.publisher.toRoom(
      rooms.participant(row.participant_id),
      'question:upserted',
      toQuestionView(row, row.participant_id),
    );
    this.fanout.questionChanged(row, isNew);
  }
}
