import type { FlaggedSpan } from '../../../../../shared/moderation.js';
import { flaggedSpans, type HoldSwitches } from '../holds/holds.js';

/** The event's settings that decide whether a new question waits for a moderator. */
export interface AskPolicy {
  preModeration: boolean;
  holds: HoldSwitches;
}

/**
 * The hold rule: a new question is public at once, unless the event pre-moderates everything
 * or its text has likely patient identifiers or profanity (held whatever pre-moderation says).
 * The spans say what it is held for, for the moderators to see marked.
 */
export function initialStatus(
  body: string,
  policy: AskPolicy,
): { status: 'pending' | 'visible'; flaggedSpans: FlaggedSpan[] } {
  const spans = flaggedSpans(body, policy.holds);
  return { status: policy.preModeration || spans.length > 0 ? 'pending' : 'visible', flaggedSpans: spans };
}
