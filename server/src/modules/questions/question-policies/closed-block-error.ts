import type { EventView } from '../../../../../shared/events-api.js';
import type { BlockState } from '../../../../../shared/questions.js';
import { formatInZone, zoneAbbreviation } from '../../../../../shared/time.js';
import { DomainError } from '../../../common/domain-error.js';

/**
 * What a viewer is told when the block does not take their question: when it opens, or which
 * block takes questions instead, in the event's time zone.
 */
export function closedBlockError(
  event: EventView,
  block: BlockState,
  blocks: BlockState[],
  now: Date,
): DomainError {
  const time = (iso: string) =>
    `${formatInZone(iso, event.timezone, { hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'short' })} ${zoneAbbreviation(iso, event.timezone)}`;
  if (!block.override && now < new Date(block.opensAt)) {
    return new DomainError(
      'block/not_open_yet',
      `Questions for “${block.title}” (${time(block.start)}) open at ${time(block.opensAt)}.`,
    );
  }
  const next =
    blocks.find((b) => b.open) ?? blocks.find((b) => new Date(b.opensAt) > now || new Date(b.closesAt) > now);
  const hint = next
    ? next.open
      ? ` Questions are open for “${next.title}” (${time(next.start)}).`
      : ` The next block, “${next.title}” (${time(next.start)}), opens at ${time(next.opensAt)}.`
    : ' No later Q&A block is planned for this event.';
  return new DomainError(
    'block/closed',
    `“${block.title}” (${time(block.start)}) no longer takes questions.${hint}`,
  );
}
