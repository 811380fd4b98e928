// The socket.io contract of the live namespace `/live`, typed once for the server
// (`Server<ClientToServerEvents, ServerToClientEvents>`) and every client (`Socket<...>`).
// Human-readable reference: docs/protocol.md.
import type { ErrorCode } from './errors.js';
import type { AgendaState } from './events-api.js';
import type { BlockState, QuestionView } from './questions.js';

export const LIVE_NAMESPACE = '/live';

/** Every request is acknowledged with exactly one of these. */
export type Ack<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      error: ErrorCode;
      /** Written for the person: what went wrong and what to do. */
      message: string;
      /** For `rate/limited` and `database/unavailable`: when trying again makes sense. */
      retryAfterMs?: number;
    };

export type AckCallback<T> = (response: Ack<T>) => void;

/** Sent in the handshake: `io(url + '/live', { auth: { token } })`. */
export interface HandshakeAuth {
  /** A participant token from `POST /api/participants`. */
  token?: string;
}

export interface JoinRequest {
  partId: string;
  /** The highest `version` this client holds, to receive only what changed since. */
  since?: number;
}

export interface ClockInfo {
  serverTime: string;
  /** How fast the server's clock runs (1 unless a rehearsal clock is sped up). */
  clockRate: number;
}

export interface AgendaUpdate extends ClockInfo {
  eventSlug: string;
  agenda: AgendaState;
  blocks: BlockState[];
}

export interface PartSnapshot extends AgendaUpdate {
  partId: string;
  participant: { id: string };
  /** true: `questions` is everything this participant may see; false: only what changed since `since`. */
  full: boolean;
  questions: QuestionView[];
  /** With `full: false`: questions to drop (hidden, merged, or no longer visible to this participant). */
  removedIds: string[];
  /** The part's change counter at the time of the snapshot; send it back as `since` when rejoining. */
  version: number;
}

export interface AskRequest {
  /** Chosen by the client (a UUID v4): sending the same id again never makes a second question. */
  id: string;
  blockId: string;
  /** A talk the block covers; omitted: the talk on now if the block covers it, else the block in general. */
  talkId?: string | null;
  body: string;
  displayName?: string | null;
}

export interface VoteRequest {
  questionId: string;
  /** true: upvote; false: take the upvote back. Idempotent either way. */
  voted: boolean;
}

export interface VoteResult {
  questionId: string;
  voted: boolean;
  votes: number;
}

export interface VotesBatch {
  partId: string;
  version: number;
  /** Exact counts as committed, for the questions whose count changed since the last batch. */
  counts: { id: string; votes: number }[];
}

export interface ClientToServerEvents {
  'part:join': (request: JoinRequest, ack: AckCallback<PartSnapshot>) => void;
  'part:leave': (request: { partId: string }, ack: AckCallback<null>) => void;
  'question:ask': (request: AskRequest, ack: AckCallback<QuestionView>) => void;
  'question:vote': (request: VoteRequest, ack: AckCallback<VoteResult>) => void;
  'clock:sync': (request: Record<string, never>, ack: AckCallback<ClockInfo>) => void;
}

export interface ServerToClientEvents {
  /** An item started or ended, or a block opened or closed. Sent at that instant on the server's clock. */
  'agenda:changed': (update: AgendaUpdate) => void;
  /**
   * A question this room may see was created or changed. In room broadcasts `mine` and `voted`
   * are false: a client keeps its own values for questions it asked or voted for.
   */
  'question:upserted': (question: QuestionView) => void;
  /** A question left what this room may see (hidden, merged). */
  'question:removed': (removal: { id: string; partId: string; version: number }) => void;
  /** Coalesced vote counts, a few times a second at most per part. */
  'votes:changed': (batch: VotesBatch) => void;
}

export const CLIENT_EVENT_NAMES: readonly (keyof ClientToServerEvents)[] = [
  'part:join',
  'part:leave',
  'question:ask',
  'question:vote',
  'clock:sync',
];
