// Questions as the live Q&A shows them, shared by server and clients.

export const QUESTION_STATUSES = [
  'pending',
  'visible',
  'queued',
  'on_air',
  'answered',
  'hidden',
  'merged',
] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

/** What any viewer may see of another person's question. */
export const PUBLIC_STATUSES: readonly QuestionStatus[] = ['visible', 'queued', 'on_air', 'answered'];

/** How an answered question was answered: on the stream, or in text (issue 13). */
export const ANSWERED_HOW = ['live', 'text'] as const;
export type AnsweredHow = (typeof ANSWERED_HOW)[number];

/** An answer in text, as everyone sees it under the question. */
export interface QuestionReply {
  text: string;
  /** When it was written (or last edited), ISO. */
  at: string;
  /** The label of the moderator's or speaker's link that wrote it ("Anna"). */
  by: string;
}

/** A label of the event (issue 13), as questions and the event's label list carry it. */
export interface LabelView {
  id: string;
  name: string;
}

export interface QuestionView {
  id: string;
  partId: string;
  /** The Q&A block (an agenda item of kind `qa`). */
  blockId: string;
  /** The talk asked about; null for the block in general. */
  talkId: string | null;
  body: string;
  displayName: string | null;
  status: QuestionStatus;
  votes: number;
  /** True when the receiving participant asked it (only in payloads addressed to them). */
  mine: boolean;
  /** True when the receiving participant upvoted it. */
  voted: boolean;
  createdAt: string;
  /** Position in the speakers' queue, 1-based; null when not queued. */
  queuePosition: number | null;
  /** Set when a moderator merged this duplicate into another question. */
  mergedIntoId: string | null;
  /** True when a moderator edited the text (viewers see "edited by the moderator"). */
  edited: boolean;
  /** Grows with every change to the question; a client keeps the highest it has seen. */
  version: number;
  /** Set while the question is `answered`; null in every other state. */
  answeredHow: AnsweredHow | null;
  /** The answer in text when `answeredHow` is "text"; null otherwise. */
  reply: QuestionReply | null;
  /** The moderators' labels on the question, by name (case-insensitively) then id. */
  labels: LabelView[];
}

export interface BlockState {
  blockId: string;
  partId: string;
  title: string;
  start: string;
  end: string;
  /** When submissions open and close on the clock (before any hand override). */
  opensAt: string;
  closesAt: string;
  open: boolean;
  /** Set when a moderator opened or closed the block by hand, overriding the clock. */
  override: 'open' | 'closed' | null;
}

/** One answered question on the published answers page (`GET /api/events/:slug/answers`). */
export interface PublishedAnswer {
  id: string;
  body: string;
  displayName: string | null;
  /** The talk asked about, by title; null for the block in general. */
  talkTitle: string | null;
  votes: number;
  answeredHow: AnsweredHow;
  reply: QuestionReply | null;
}

/** The answered questions of an event, per part and Q&A block, once the organizer publishes them. */
export interface PublishedAnswers {
  eventSlug: string;
  eventTitle: string;
  /** IANA zone the times are shown in (the event's). */
  timezone: string;
  parts: {
    partId: string;
    title: string;
    blocks: { blockId: string; title: string; start: string; answers: PublishedAnswer[] }[];
  }[];
}
