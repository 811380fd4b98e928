import type { EventView, PartView } from '../../../../shared/events-api.js';
import type { BlockState } from '../../../../shared/questions.js';

/**
 * When each Q&A block takes questions: from `opensBeforeMinutes` before its part's first item
 * until the block ends (start inclusive, end exclusive), unless a moderator overrode it by hand.
 * A pure function of the programme, the overrides and an instant.
 */
export function blockStates(
  part: PartView,
  overrides: ReadonlyMap<string, 'open' | 'closed'>,
  at: Date,
  opensBeforeMinutes: number,
): BlockState[] {
  const firstStart = Math.min(...part.items.map((item) => Date.parse(item.start)));
  const opensAt = firstStart - opensBeforeMinutes * 60_000;
  return part.items
    .filter((item) => item.kind === 'qa')
    .map((block) => {
      const closesAt = Date.parse(block.end);
      const override = overrides.get(block.id) ?? null;
      const byClock = opensAt <= at.getTime() && at.getTime() < closesAt;
      return {
        blockId: block.id,
        partId: part.id,
        title: block.title,
        start: block.start,
        end: block.end,
        opensAt: new Date(opensAt).toISOString(),
        closesAt: block.end,
        open: override === null ? byClock : override === 'open',
        override,
      };
    });
}

/** Every instant at which some block of the event opens or closes by the clock. */
export function blockBoundaries(event: EventView, opensBeforeMinutes: number): number[] {
  return event.parts.flatMap((part) =>
    blockStates(part, new Map(), new Date(0), opensBeforeMinutes).flatMap((block) => [
      Date.parse(block.opensAt),
      Date.parse(block.closesAt),
    ]),
  );
}
