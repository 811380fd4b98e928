import { Injectable } from '@nestjs/common';
import type { PartView } from '../../../../shared/events-api.js';
import type { QueueState } from '../../../../shared/moderation.js';
import { QuestionBroadcaster } from '../questions/question-broadcaster.js';
import type { QuestionRow } from '../questions/question.repository.js';
import { SpeakerQueueService } from './speaker-queue.service.js';

/**
 * What every curation sends once it has committed, in one place: moderation actions, the queue's
 * order, a question leaving the air with its block, and label changes all publish through here.
 */
@Injectable()
export class ChangePublisher {
  constructor(
    private readonly broadcaster: QuestionBroadcaster,
    private readonly speakerQueue: SpeakerQueueService,
  ) {}

  /**
   * Each changed question once, in its latest state, to those entitled to see it; then the
   * speakers' queue of each of `queueParts` as it is now, read after the questions were sent.
   * Answers those queues, in the order of `queueParts`.
   */
  async publish(rows: readonly QuestionRow[], queueParts: readonly PartView[] = []): Promise<QueueState[]> {
    for (const row of latestStates(rows)) this.broadcaster.questionChanged(row);
    const queues: QueueState[] = [];
    for (const part of queueParts) queues.push(await this.speakerQueue.publish(part));
    return queues;
  }
}

/** Each question once, in the last state `rows` hold of it (an action may change one twice). */
export function latestStates(rows: readonly QuestionRow[]): QuestionRow[] {
  return [...new Map(rows.map((row) => [row.id, row])).values()];
}
