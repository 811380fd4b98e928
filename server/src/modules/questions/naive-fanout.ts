import { Injectable } from '@nestjs/common';
import { PUBLIC_STATUSES } from '../../../../shared/questions.js';
import { LivePublisher } from '../../realtime/live-publisher.js';
import { rooms } from '../../realtime/rooms.js';
import { QuestionRepository, type QuestionRow, type VoteCount } from './question.repository.js';
import type { PartFanout } from './part-batcher.js';
import { toQuestionView } from './question-views.js';

/**
 * The baseline the benchmark compares against (VOTE_FANOUT=naive), never for production: every
 * vote is counted with count(*) and sent at once to every viewer of the part, and every question
 * change goes to them at once as its own push (`question:upserted` or `question:removed`).
 */
@Injectable()
export class NaiveFanout implements PartFanout {
  constructor(
    private readonly questions: QuestionRepository,
    private readonly publisher: LivePublisher,
  ) {}

  voted(partId: string, questionId: string): void {
    void this.questions.countVotesSlowly(questionId).then(
      (count) => sendVoteCounts(this.publisher, partId, count ? [count] : []),
      () => undefined,
    );
  }

  questionChanged(row: QuestionRow, isNew: boolean): void {
    const partId = row.part_id;
    const asker = rooms.participant(row.participant_id);
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

/** Moderators get every count; viewers only those of questions public when the counts were read. */
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
