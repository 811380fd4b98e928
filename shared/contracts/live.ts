// Viewers' requests on the live namespace (`part:*`, `question:*`): the schema of each payload,
// which is both the type the client sends and the check the server runs.
import * as v from 'valibot';
import { flag, instant, payload, text, uuid, version } from './fields.js';

/** `part:leave`, and any request naming only a part. */
export const PartRequestSchema = payload({ partId: uuid() });
export type PartRequest = v.InferOutput<typeof PartRequestSchema>;

export const JoinRequestSchema = payload({
  partId: uuid(),
  /** The highest `version` this client holds, to receive only what changed since. */
  since: v.nullish(version()),
});
export type JoinRequest = v.InferOutput<typeof JoinRequestSchema>;

export const AskRequestSchema = payload({
  /** Chosen by the client (a UUID v4): sending the same id again never makes a second question. */
  id: uuid(),
  blockId: uuid(),
  /** A talk the block covers; omitted: the talk on now if the block covers it; null: the block in general. */
  talkId: v.nullish(uuid()),
  body: text(),
  displayName: v.nullish(text()),
  /**
   * The viewer's stream time as they asked (ISO instant of the frame on screen); omitted or
   * null when unknown. A block that closed on the server's clock still takes the question
   * when the block was open at this instant and it is at most MAX_STREAM_LAG_SECONDS behind.
   */
  streamTime: v.nullish(instant()),
});
export type AskRequest = v.InferOutput<typeof AskRequestSchema>;

export const VoteRequestSchema = payload({
  questionId: uuid(),
  /** true: upvote; false: take the upvote back. Idempotent either way. */
  voted: flag(),
});
export type VoteRequest = v.InferOutput<typeof VoteRequestSchema>;

/** `mod:history`, `speaker:answered`: a request naming one question. */
export const QuestionRequestSchema = payload({ questionId: uuid() });
export type QuestionRequest = v.InferOutput<typeof QuestionRequestSchema>;
