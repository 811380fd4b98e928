import { MAX_STREAM_LAG_SECONDS } from '../../../../../shared/limits.js';
import type { BlockState } from '../../../../../shared/questions.js';

/**
 * The stream-time rule. A viewer sees the course some seconds late: a block that closed on the
 * server's clock while their stream still showed it open takes the question, each viewer by
 * their own lag, bounded, so no one viewer's claim keeps the block open for everybody. The
 * server's clock stays the authority: only a block the clock closed reopens this way, never one
 * a moderator closed by hand.
 */

/**
 * The instant the viewer was watching, when it is a live stream's: at most
 * MAX_STREAM_LAG_SECONDS behind the server's clock. A stream time ahead of the server (a
 * player's clock a little off) counts as now; one further behind (a replay) counts for nothing.
 */
export function viewerInstant(streamTime: Date | null | undefined, now: Date): Date | null {
  if (!streamTime) return null;
  const lagMs = now.getTime() - streamTime.getTime();
  if (lagMs > MAX_STREAM_LAG_SECONDS * 1000) return null;
  return lagMs < 0 ? now : streamTime;
}

/** Whether the block takes a question now from a viewer watching the instant `watching`. */
export function blockTakesQuestion(block: BlockState, watching: Date | null): boolean {
  if (block.open) return true;
  if (watching === null || block.override !== null) return false;
  const at = watching.getTime();
  return Date.parse(block.opensAt) <= at && at < Date.parse(block.closesAt);
}
