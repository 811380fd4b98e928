export const MAX_PROGRAMME_BYTES = 256 * 1024;
export const MAX_PARTS_PER_EVENT = 20;
export const MAX_ITEMS_PER_PART = 100;
export const MAX_TITLE_LENGTH = 300;
export const MAX_SLUG_LENGTH = 80;
export const DEFAULT_TIMEZONE = 'Europe/Vienna';
// Programme fields beyond titles, checked by programme-validator.ts for text and JSON alike.
export const MAX_TEXT_LENGTH = 20_000;
export const MAX_OBJECTIVES_PER_PART = 50;
export const MAX_OBJECTIVE_LENGTH = 1_000;
export const MAX_SPEAKERS_PER_ITEM = 20;
export const MAX_SPEAKER_FIELD_LENGTH = 200;
export const MAX_URL_LENGTH = 2_048;

// Live Q&A
export const MAX_QUESTION_LENGTH = 500;
export const MAX_DISPLAY_NAME_LENGTH = 80;
/** An answer in text (`mod:act` `reply`), in code points after trimming. */
export const MAX_REPLY_LENGTH = 2_000;
/** socket.io's maxHttpBufferSize: no single message may be larger. */
export const MAX_SOCKET_PAYLOAD_BYTES = 64 * 1024;
/** Blocks take questions from this long before their part's first item (QA_OPENS_BEFORE_MINUTES). */
export const DEFAULT_QA_OPENS_BEFORE_MINUTES = 30;
/**
 * The most a viewer's stream may run behind the server's clock and still count as live: a
 * question sent from a stream this far behind may go to a block that just closed.
 */
export const MAX_STREAM_LAG_SECONDS = 120;
// Labels (issue 13)
/** Labels one event may have. */
export const MAX_LABELS_PER_EVENT = 30;
/** Labels one question may carry. */
export const MAX_LABELS_PER_QUESTION = 5;
/** A label's name, in code points after trimming. */
export const MAX_LABEL_NAME_LENGTH = 40;

/**
 * A part's batch (new and changed questions, removals, vote counts: `votes:changed`) goes out at
 * most once per this interval. 400 ms keeps a viewer at 2.5 pushes a second, which leaves room for
 * the acks of its own clicks under 3 deliveries a second (issue 14).
 */
export const PART_BATCH_MIN_INTERVAL_MS = 400;
/** The interval for the largest audiences: every batch is one write per socket. */
export const PART_BATCH_MAX_INTERVAL_MS = 1_000;
/**
 * Viewers per millisecond of interval beyond the minimum: up to 10,000 viewers 400 ms, 20,000 →
 * 800 ms, 25,000 → 1 s. Measured on 2 cores at 10,000 viewers (docs/performance.md): with the
 * batch sent shard by shard, 400 ms cost the server 46 % of a core and gave a vote-to-screen p99
 * of 868 ms, against 1,550 ms at the 1 s this rule gave before.
 */
const VIEWERS_PER_INTERVAL_MS = 25;

/**
 * How long a part's batch waits for more changes, given the viewers it goes to: the longer the
 * room, the fewer sends per second the server makes (each is one write per socket). The ceiling
 * server of the benchmark follows the same rule.
 */
export function partBatchIntervalMs(viewers: number): number {
  const stretched = Math.round(viewers / VIEWERS_PER_INTERVAL_MS);
  return Math.min(PART_BATCH_MAX_INTERVAL_MS, Math.max(PART_BATCH_MIN_INTERVAL_MS, stretched));
}
