import type { ModerationRequest } from '../../../../shared/moderation.js';
import type { QuestionStatus } from '../../../../shared/questions.js';
import { DomainError } from '../../common/domain-error.js';

/**
 * Which action applies in which state (DESIGN.md, question lifecycle): pending → visible →
 * queued → on_air → answered; hide (and restore) and merge from any live state.
 */
const ALLOWED_FROM: Record<ModerationRequest['action'], readonly QuestionStatus[]> = {
  approve: ['pending'],
  hide: ['pending', 'visible', 'queued', 'on_air', 'answered'],
  restore: ['hidden'],
  edit: ['pending', 'visible', 'queued', 'on_air', 'answered', 'hidden'],
  merge: ['pending', 'visible', 'queued', 'on_air', 'answered', 'hidden'],
  star: ['pending', 'visible', 'queued', 'on_air', 'answered', 'hidden'],
  queue: ['pending', 'visible', 'answered'],
  unqueue: ['queued'],
  on_air: ['pending', 'visible', 'queued', 'answered'],
  answered: ['visible', 'queued', 'on_air'],
};

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
  if (!ALLOWED_FROM[action].includes(status)) {
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
