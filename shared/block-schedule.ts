import type { EventView, PartView } from './events-api.js';
import type { BlockState } from './questions.js';

/**
 * The one block-opening rule, used by the server (block states, the agenda ticker) and by the
 * client (its estimate before the server has spoken, and the phase it shows between pushes).
 *
 * When each Q&A block takes questions: from `opensBeforeMinutes` before its part's first item
 * until the block ends (start inclusive, end exclusive), unless a moderator overrode it by hand.
 * A pure function of the programme, the overrides and an instant.
 */
export function blockStates(
  part: Pick<PartView, 'id' | 'items'>,
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

/** open: takes questions; upcoming: opens later; paused: closed by a moderator before its end. */
export type BlockPhase = 'upcoming' | 'open' | 'paused' | 'ended';

/**
 * What a block is at `now`, from its state as last described: the same rule as `blockStates`
 * (opens at `opensAt`, closes at `closesAt`, a moderator's override wins), read on the client's
 * clock between the server's pushes. Before the clock is read, the server's flag is all there is.
 */
export function blockPhase(block: BlockState, now: Date | null): BlockPhase {
  if (block.override === 'open') return 'open';
  if (now === null) return block.open ? 'open' : 'upcoming';
  const at = now.getTime();
  const closes = Date.parse(block.closesAt);
  if (block.override === 'closed') return at < closes ? 'paused' : 'ended';
  if (at < Date.parse(block.opensAt)) return 'upcoming';
  return at < closes ? 'open' : 'ended';
}
