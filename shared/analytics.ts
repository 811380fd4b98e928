// The organizer's analytics of an event (GET /api/events/:slug/analytics), shared by server and
// client. Viewer figures are aggregates the server samples each minute; no viewer is tracked.

/** The Q&A figures of one Q&A block or one talk (questions asked about it). */
export interface QaFigures {
  title: string;
  /** Every question asked, whatever became of it (hidden and merged ones included). */
  questions: number;
  /** Distinct people who asked. */
  askers: number;
  votes: number;
  /** Distinct people who voted. */
  voters: number;
  answered: number;
  answeredLive: number;
  answeredInText: number;
  /** From asking to answered, the median over answered questions; null when none was answered. */
  medianSecondsToAnswer: number | null;
  /** The most viewers watching the part at once during the item's time; null before any sample. */
  peakViewers: number | null;
}

export interface BlockFigures extends QaFigures {
  blockId: string;
  partId: string;
  /** The most upvoted questions of the block that viewers could see, most votes first (at most 3). */
  topQuestions: { id: string; text: string; votes: number; status: string }[];
}

export interface TalkFigures extends QaFigures {
  talkId: string;
  partId: string;
}

/** One bucket of a part's timeline: questions asked in it, the most viewers seen in it. */
export interface TimelinePoint {
  /** The bucket's start, ISO-8601 UTC. */
  at: string;
  questions: number;
  viewers: number | null;
}

export interface EventAnalytics {
  generatedAt: string;
  /** The width of a timeline bucket, in minutes. */
  bucketMinutes: number;
  blocks: BlockFigures[];
  talks: TalkFigures[];
  parts: { partId: string; title: string; timeline: TimelinePoint[] }[];
}
