import { Injectable } from '@nestjs/common';
import type { PartView } from '../../../../shared/events-api.js';
import type { QueueState } from '../../../../shared/moderation.js';
import { PUBLIC_STATUSES } from '../../../../shared/questions.js';
import { LivePublisher } from '../../realtime/live-publisher.js';
import { rooms } from '../../realtime/rooms.js';
import { toModeratorView, toQuestionView, type QuestionRow } from './question-row.js';

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

  /** The queue to moderators and the panel, and to each named speaker their own talks' part of it. */
  queueChanged(part: PartView, queue: QueueState): void {
    this.publisher.toRoom([rooms.moderators(part.id), rooms.speakerPanel(part.id)], 'queue:changed', queue);
    for (const name of speakerNames(part)) {
      this.publisher.toRoom(
        rooms.namedSpeaker(part.id, name),
        'queue:changed',
        queueForSpeaker(part, queue, name),
      );
    }
  }
}

export function speakerNames(part: PartView): string[] {
  return [...new Set(part.items.flatMap((item) => item.speakers.map((speaker) => speaker.name)))];
}

/** The talks of the part a named speaker gives (names compared without case or outer spaces). */
export function talksOfSpeaker(part: PartView, speakerName: string): Set<string> {
  const wanted = speakerName.trim().toLowerCase();
  return new Set(
    part.items
      .filter((item) => item.speakers.some((speaker) => speaker.name.trim().toLowerCase() === wanted))
      .map((item) => item.id),
  );
}

export function queueForSpeaker(part: PartView, queue: QueueState, speakerName: string): QueueState {
  const talks = talksOfSpeaker(part, speakerName);
  const mine = (talkId: string | null) => talkId !== null && talks.has(talkId);
  return {
    ...queue,
    onAir: queue.onAir && mine(queue.onAir.talkId) ? queue.onAir : null,
    queued: queue.queued.filter((question) => mine(question.talkId)),
  };
}
