import type { FlaggedSpan, ModeratorQuestionView } from '../../../../shared/moderation.js';
import type { QuestionStatus, QuestionView } from '../../../../shared/questions.js';
import { flagsOf } from './holds/holds.js';

/** A question row as SQL returns it (see COLUMNS), plus the reader's relation to it. */
export interface QuestionRow {
  id: string;
  part_id: string;
  block_id: string;
  talk_id: string | null;
  participant_id: string;
  body: string;
  original_body: string | null;
  display_name: string | null;
  status: QuestionStatus;
  vote_count: number;
  queue_position: number | null;
  change_seq: string | number;
  revision: number;
  starred: boolean;
  merged_into_id: string | null;
  created_at: Date;
  queued_at: Date | null;
  on_air_at: Date | null;
  answered_at: Date | null;
  air_ended_at: Date | null;
  /** Why the question was held for review (issue 13); null when it was not. */
  flagged_spans: FlaggedSpan[] | null;
  voted?: boolean;
}

/** Every column a view needs, for `SELECT ${QUESTION_COLUMNS} FROM question q`. */
export const QUESTION_COLUMNS = `q.id, q.part_id, q.block_id, q.talk_id, q.participant_id, q.body, q.original_body,
  q.display_name, q.status, q.vote_count, q.queue_position, q.change_seq, q.revision, q.starred, q.merged_into_id,
  q.created_at, q.queued_at, q.on_air_at, q.answered_at, q.air_ended_at, q.flagged_spans`;

export const PUBLIC_STATUSES_SQL = `('visible', 'queued', 'on_air', 'answered')`;

/** What a participant sees; `viewerId` null for a room broadcast (nobody's own). */
export function toQuestionView(row: QuestionRow, viewerId: string | null): QuestionView {
  return {
    id: row.id,
    partId: row.part_id,
    blockId: row.block_id,
    talkId: row.talk_id,
    body: row.body,
    displayName: row.display_name,
    status: row.status,
    votes: row.vote_count,
    mine: viewerId !== null && row.participant_id === viewerId,
    voted: row.voted ?? false,
    createdAt: iso(row.created_at)!,
    queuePosition: row.queue_position,
    mergedIntoId: row.merged_into_id,
    edited: row.original_body !== null,
    version: Number(row.change_seq),
  };
}

export function toModeratorView(row: QuestionRow): ModeratorQuestionView {
  return {
    ...toQuestionView(row, null),
    originalBody: row.original_body,
    participantId: row.participant_id,
    starred: row.starred,
    revision: row.revision,
    queuedAt: iso(row.queued_at),
    onAirAt: iso(row.on_air_at),
    answeredAt: iso(row.answered_at),
    airEndedAt: iso(row.air_ended_at),
    flags: flagsOf(row.flagged_spans ?? []),
    flaggedSpans: row.flagged_spans ?? [],
  };
}

function iso(value: Date | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}
