// Moderators, speakers and organizers: grants, moderation actions and the speakers' queue.
import type {
  BlockOverrideRequest,
  EventSettingsRequest,
  ModerationRequest,
  ReorderRequest,
} from './contracts/moderation.js';
import type { CreateGrantRequest } from './contracts/grants.js';
import type { BlockState, LabelView, QuestionView } from './questions.js';

// Request payloads are defined by their schemas (shared/contracts/), which give the type and the check.
export type {
  BlockOverrideRequest,
  CreateGrantRequest,
  EventSettingsRequest,
  ModerationRequest,
  ReorderRequest,
};

export const GRANT_ROLES = ['moderator', 'speaker'] as const;
export type GrantRole = (typeof GRANT_ROLES)[number];

/** A moderator or speaker link, as listed to the organizer (never with its secret). */
export interface GrantView {
  id: string;
  eventSlug: string;
  role: GrantRole;
  /** For a speaker link: the speaker it is for (their talks only); null: the whole panel. */
  speakerName: string | null;
  label: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

/** `POST /api/events/:slug/grants` answers with the secret, once. */
export interface GrantIssued {
  grant: GrantView;
  secret: string;
  /** Path of the page to open, with the secret in the fragment (never sent to servers in logs). */
  link: string;
}

/** Why a question was held for review although pre-moderation was off (issue 13). */
export const HOLD_FLAGS = ['patient_data', 'profanity'] as const;
export type HoldFlag = (typeof HOLD_FLAGS)[number];

/** A stretch of a question's `body` that caused a hold, in UTF-16 code units (`body.slice(start, end)`). */
export interface FlaggedSpan {
  flag: HoldFlag;
  start: number;
  end: number;
}

/** What moderators see of a question: everything. */
export interface ModeratorQuestionView extends QuestionView {
  /** The text as the asker typed it, when a moderator edited it; null otherwise. */
  originalBody: string | null;
  /** Pseudonymous: tells questions of one asker apart, names nobody. */
  participantId: string;
  starred: boolean;
  /** Grows with every moderation change; send it back with a change to detect a stale view. */
  revision: number;
  mergedIntoId: string | null;
  queuedAt: string | null;
  onAirAt: string | null;
  answeredAt: string | null;
  /**
   * Set when the question was on air as its block ended and went off air by itself; the moderator
   * then marks it answered or queues it again (any change of state clears it).
   */
  airEndedAt: string | null;
  /** Why the text was held (empty when it was not); they describe the current `body`. */
  flags: HoldFlag[];
  flaggedSpans: FlaggedSpan[];
}

export interface AuditEntryView {
  at: string;
  /** `moderator:<link id>`, `speaker:<link id>`, or `system:block_end`. */
  actor: string;
  /** The label of the link that acted ("Anna"), when a link did. */
  actorLabel: string | null;
  action: string;
  questionId: string | null;
  before: unknown;
  after: unknown;
}

export interface ModeratorSnapshot {
  partId: string;
  eventSlug: string;
  role: GrantRole;
  preModeration: boolean;
  speakersMayAnswer: boolean;
  /** Hold questions with likely patient identifiers / with profanity for review (default on). */
  holdPatientData: boolean;
  holdProfanity: boolean;
  blocks: BlockState[];
  questions: ModeratorQuestionView[];
  queue: QueueState;
  /** The event's labels, to tag questions with and to manage. */
  labels: LabelView[];
}

/**
 * A question as the speakers' view carries it (the queue, the answered-in-text list): the public
 * view and the question's revision, which a speaker allowed to answer sends back with `mod:act`
 * `reply`.
 */
export interface StaffQuestionView extends QuestionView {
  revision: number;
}

/** The speakers' queue of one part: what is on air and what comes next, in order. */
export interface QueueState {
  partId: string;
  /** Grows with every change of order or on-air question; send it back with a reorder. */
  queueVersion: number;
  onAir: StaffQuestionView | null;
  queued: StaffQuestionView[];
}

export const EXPORT_COLUMNS = [
  'block',
  'talk',
  'text',
  'original_text',
  'display_name',
  'state',
  'votes',
  'starred',
  'asked_at',
  'queued_at',
  'on_air_at',
  'answered_at',
  /** "live" or "text" for an answered question; empty otherwise. */
  'answered_how',
  'reply',
  'reply_at',
  'reply_by',
  /** The question's label names, joined with "; ". */
  'labels',
  'id',
] as const;
