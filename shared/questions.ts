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
