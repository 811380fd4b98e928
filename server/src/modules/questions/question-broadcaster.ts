import { Injectable } from '@nestjs/common';
import { PUBLIC_STATUSES } from '../../../../shared/questions.js';
import { LivePublisher } from '../../realtime/live-publisher.js';
import { rooms } from '../../realtime/rooms.js';
import type { QuestionRow } from './question.repository.js';
import { toModeratorView, toQuestionView } from './question-views.js';

/**
 * Sends a committed question change to everyone entitled to see it, and nothing to anyone else:
 * moderators get everything; viewers get public questions, and a `question:removed` when one
 * leaves public view; the asker always gets their own question, marked `mine`.
 */
@Injectable()
export class QuestionBroadcaster {
  constructor(private readonly publisher: LivePublisher) {}

  /** `isNew`: just asked, so viewers never saw it and need no removal if it is not public. */
  questionChanged(row: QuestionRow, { isNew = false }: { isNew?: boolean } = {}): void {
    const partId = row.part_id;
    const asker = rooms.participant(row.participant_id);
    this.publisher.toRoom(rooms.moderators(partId), 'mod:question', toModeratorView(row));
    this.publisher.toRoom(asker, 'question:upserted', toQuestionView(row, row.participant_id));
    if (PUBLIC_STATUSES.includes(row.status)) {
      this.publisher.toRoomExcept(
        rooms.viewers(partId),
        asker,
        'question:upserted',
        toQuestionView(row, null),
      );
    } else if (!isNew) {
      this.publisher.toRoomExcept(rooms.viewers(partId), asker, 'question:removed', {
        id: row.id,
        partId,
        version: Number(row.change_seq),
      });
    }
  }
}
