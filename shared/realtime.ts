// The socket.io contract of the live namespace `/live`, typed once for the server
// (`Server<ClientToServerEvents, ServerToClientEvents>`) and every client (`Socket<...>`).
// Human-readable reference: docs/protocol.md.
import type { BeatRequest, BeatResult } from './attendance.js';
import type { ErrorCode } from './errors.js';
import type { AgendaState } from './events-api.js';
import type {
  AuditEntryView,
  BlockOverrideRequest,
  EventSettingsRequest,
  ModerationRequest,
  ModeratorQuestionView,
  ModeratorSnapshot,
  QueueState,
  ReorderRequest,
  StaffQuestionView,
} from './moderation.js';
import type { BlockState, LabelView, QuestionView } from './questions.js';
import type { LabelsRequest } from './contracts/labels.js';
import type { AskRequest, JoinRequest, VoteRequest } from './contracts/live.js';

// Request payloads are defined by their schemas (shared/contracts/), which give the type and the check.
export type { AskRequest, JoinRequest, LabelsRequest, VoteRequest };

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

/** Sent in the handshake: `io(url + '/live', { auth: { token } })`, or `{ auth: { grant } }` for staff. */
export interface HandshakeAuth {
  /** A participant token from `POST /api/participants`. */
  token?: string;
  /** The secret of a moderator or speaker link. */
  grant?: string;
}

export interface EventSettings {
  eventSlug: string;
  preModeration: boolean;
  speakersMayAnswer: boolean;
  /** Hold questions with likely patient identifiers for review, even without pre-moderation. */
  holdPatientData: boolean;
  /** Hold questions with profanity (English, German, French, Italian, Spanish) for review. */
  holdProfanity: boolean;
}

export interface SpeakerSnapshot extends QueueState {
  eventSlug: string;
  /** The speaker the link is for (the queue holds their talks only); null for the whole panel. */
  speakerName: string | null;
  speakersMayAnswer: boolean;
  /** Titles of the part's talks by id, for showing what each question is about. */
  talks: Record<string, string>;
  /**
   * The questions answered in text (they left the queue), latest answer first; for a named
   * speaker only those about their talks. Kept live by `speaker:question`.
   */
  answeredInText: StaffQuestionView[];
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
  /** The event's labels (always the whole list), for filtering the questions by label. */
  labels: LabelView[];
}

/** `labels:changed`: an event's label list after a moderator created, renamed or deleted one. */
export interface LabelsUpdate {
  eventSlug: string;
  labels: LabelView[];
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
  /**
   * Viewers only: questions asked or changed since the last batch and public now, as read when
   * the batch is sent (`mine` and `voted` false: keep your own). Their counts are not repeated
   * in `counts`. Absent when none.
   */
  questions?: QuestionView[];
  /** Viewers only: questions that changed since the last batch and are not public now. Absent when none. */
  removed?: { id: string; version: number }[];
}

export interface ClientToServerEvents {
  'part:join': (request: JoinRequest, ack: AckCallback<PartSnapshot>) => void;
  'part:leave': (request: { partId: string }, ack: AckCallback<null>) => void;
  'question:ask': (request: AskRequest, ack: AckCallback<QuestionView>) => void;
  'question:vote': (request: VoteRequest, ack: AckCallback<VoteResult>) => void;
  'clock:sync': (request: Record<string, never>, ack: AckCallback<ClockInfo>) => void;
  /** Moderators: everything about a part, and live `mod:question` / `queue:changed` from then on. */
  'mod:join': (request: { partId: string }, ack: AckCallback<ModeratorSnapshot>) => void;
  'mod:act': (request: ModerationRequest, ack: AckCallback<ModeratorQuestionView>) => void;
  'mod:reorder': (request: ReorderRequest, ack: AckCallback<QueueState>) => void;
  'mod:settings': (request: EventSettingsRequest, ack: AckCallback<EventSettings>) => void;
  'mod:block': (request: BlockOverrideRequest, ack: AckCallback<BlockState>) => void;
  'mod:history': (request: { questionId: string }, ack: AckCallback<AuditEntryView[]>) => void;
  /** Moderators: create, rename or delete a label of the link's event; answers the list after it. */
  'mod:labels': (request: LabelsRequest, ack: AckCallback<LabelView[]>) => void;
  /** Speakers (and moderators): the on-air question and the queue, live from then on. */
  'speaker:join': (request: { partId: string }, ack: AckCallback<SpeakerSnapshot>) => void;
  /** A speaker marks the on-air question answered, when the moderators allow it. */
  'speaker:answered': (request: { questionId: string }, ack: AckCallback<QueueState>) => void;
  /** A registered attendee's heartbeat, every 30 s while the page is open (CME attendance). */
  'attendance:beat': (request: BeatRequest, ack: AckCallback<BeatResult>) => void;
  /** The attendee confirms a presence prompt a beat's acknowledgement showed. */
  'attendance:confirm': (request: { promptId: string }, ack: AckCallback<{ answered: true }>) => void;
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
  /** To moderators: a question changed in any way (new, curated, voted is in `votes:changed`). */
  'mod:question': (question: ModeratorQuestionView) => void;
  /** To moderators and speakers: the queue or the on-air question changed. */
  'queue:changed': (queue: QueueState) => void;
  /**
   * To speakers: a question that is (or was, until this change) answered in text changed. Keep it
   * in the answered-in-text list while `answeredHow` is "text", by `version`.
   */
  'speaker:question': (question: StaffQuestionView) => void;
  'settings:changed': (settings: EventSettings) => void;
  /** To viewers, moderators and speakers of every part of the event: its label list changed. */
  'labels:changed': (update: LabelsUpdate) => void;
}

/** The payload a client sends with event `E`. */
export type RequestOf<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];

/** What a successful acknowledgement of event `E` carries. */
export type AckData<E extends keyof ClientToServerEvents> =
  Parameters<ClientToServerEvents[E]>[1] extends AckCallback<infer T> ? T : never;

export const CLIENT_EVENT_NAMES: readonly (keyof ClientToServerEvents)[] = [
  'part:join',
  'part:leave',
  'question:ask',
  'question:vote',
  'clock:sync',
  'mod:join',
  'mod:act',
  'mod:reorder',
  'mod:settings',
  'mod:block',
  'mod:history',
  'mod:labels',
  'speaker:join',
  'speaker:answered',
  'attendance:beat',
  'attendance:confirm',
];
