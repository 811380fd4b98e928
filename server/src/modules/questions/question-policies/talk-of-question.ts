import { agendaStateAt } from '../../../../../shared/agenda-state.js';
import type { PartView } from '../../../../../shared/events-api.js';
import { DomainError } from '../../../common/domain-error.js';

/**
 * The talk a question is about: the one chosen (it must be one the block covers), else the talk
 * on at `watching` when the block covers it, else none (`requested` null: the block in general).
 */
export function talkOfQuestion(
  part: PartView,
  blockId: string,
  requested: string | null | undefined,
  watching: Date,
): string | null {
  const covered = part.items.find((item) => item.id === blockId)!.covers.map((talk) => talk.id);
  if (requested === null) return null;
  if (requested !== undefined) {
    if (!covered.includes(requested)) {
      throw new DomainError(
        'talk/not_in_block',
        'That talk is not discussed in this Q&A block. Pick one of the talks it covers, or none.',
      );
    }
    return requested;
  }
  const current = agendaStateAt(part.items, watching).current;
  return current && covered.includes(current.id) ? current.id : null;
}
