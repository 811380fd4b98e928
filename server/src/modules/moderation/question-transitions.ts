import type { ModerationRequest } from '../../../../shared/moderation.js';
import type { QuestionStatus } from '../../../../shared/questions.js';
import { canApply } from '../../../../shared/question-transitions.js';
import { DomainError } from '../../common/domain-error.js';

const DONE: Record<ModerationRequest['action'], string> = {
  approve: 'approved',
  hide: 'hidden',
  restore: 'restored',
  edit: 'edited',
  merge: 'merged',
  star: 'starred',
  queue: 'queued',
  unqueue: 'taken out of the queue',
  on_air: 'put on air',
  answered: 'marked answered',
  reply: 'answered in text',
  label: 'labelled',
};

const STATE_NAME: Record<QuestionStatus, string> = {
  pending: 'waiting for approval',
  visible: 'visible',
  queued: 'queued',
  on_air: 'on air',
  answered: 'answered',
  hidden: 'hidden',
  merged: 'merged into another question',
};

export function assertTransition(action: ModerationRequest['action'], status: QuestionStatus): void {
  if (action === 'reply' && status === 'pending') {
    throw new DomainError(
      'question/bad_transition',
      'This question is waiting for approval. Approve it (or edit it first) before answering it in text.',
    );
  }
  if (!canApply(action, status)) {
    throw new DomainError(
      'question/bad_transition',
      `This question is ${STATE_NAME[status]}, so it cannot be ${DONE[action]}. Reload the list to see its state.`,
    );
  }
}

/** Statuses in which a question holds a place in, or the head of, the speakers' queue. */
export function inQueue(status: QuestionStatus): boolean {
  return status === 'queued' || status === 'on_air';
}
