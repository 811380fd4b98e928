import {
  AskRequestSchema,
  JoinRequestSchema,
  PartRequestSchema,
  QuestionRequestSchema,
  VoteRequestSchema,
  type VoteRequest,
} from '../../../shared/contracts/live.js';
import { readPayload } from '../common/read-payload.js';

/**
 * The viewers' socket payloads, read through their schemas in shared/contracts/live.ts: each
 * returns the checked request or throws `request/invalid` naming the field and what it must be.
 */

/** `part:leave` and `mod:join`, `speaker:join`: the part named. */
export function readPartRequest(body: unknown): { partId: string } {
  return readPayload(PartRequestSchema, body);
}

/** `mod:history`, `speaker:answered`: the question named. */
export function readQuestionRequest(body: unknown): { questionId: string } {
  return readPayload(QuestionRequestSchema, body);
}

export function readJoinRequest(body: unknown): { partId: string; since: number | null } {
  const { partId, since } = readPayload(JoinRequestSchema, body);
  return { partId, since: since ?? null };
}

export interface AskFields {
  id: string;
  blockId: string;
  /** Omitted (undefined): the talk on now; null: the block in general. */
  talkId: string | null | undefined;
  body: string;
  displayName: string | null;
  streamTime: Date | null;
}

export function readAskRequest(body: unknown): AskFields {
  const ask = readPayload(AskRequestSchema, body);
  return {
    id: ask.id,
    blockId: ask.blockId,
    talkId: ask.talkId,
    body: ask.body,
    displayName: ask.displayName ?? null,
    streamTime: ask.streamTime ? new Date(ask.streamTime) : null,
  };
}

export function readVoteRequest(body: unknown): VoteRequest {
  return readPayload(VoteRequestSchema, body);
}
