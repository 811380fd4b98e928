// Which moderation action applies to a question in which state (DESIGN.md, question lifecycle):
// pending → visible → queued → on_air → answered; hide (and restore) and merge from any live state.
// The server enforces it; the moderator console uses it to offer only what would be accepted.
import type { ModerationRequest } from './moderation.js';
import type { QuestionStatus } from './questions.js';

export type ModerationAction = ModerationRequest['action'];

export const ALLOWED_FROM: Record<ModerationAction, readonly QuestionStatus[]> = {
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
  // Not 'pending': a held question is approved (or edited) first, so no answer goes out under a
  // text that may identify a patient. 'answered': the reply is written or edited afterwards.
  reply: ['visible', 'queued', 'on_air', 'answered'],
  label: ['pending', 'visible', 'queued', 'on_air', 'answered', 'hidden'],
};

export function canApply(action: ModerationAction, status: QuestionStatus): boolean {
  return ALLOWED_FROM[action].includes(status);
}
