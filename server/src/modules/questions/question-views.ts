import type { ModeratorQuestionView, StaffQuestionView } from '../../../../shared/moderation.js';
import type { QuestionView } from '../../../../shared/questions.js';
import { flagsOf } from './holds/holds.js';
import type { QuestionRow } from './question.repository.js';

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
    ...answerOf(row),
    labels: row.labels,
  };
}

/** How an answered question was answered; nothing in any other state (a re-queued one is open again). */
function answerOf(row: QuestionRow): Pick<QuestionView, 'answeredHow' | 'reply'> {
  if (row.status !== 'answered') return { answeredHow: null, reply: null };
  const answeredHow = row.answered_how ?? 'live';
  const reply =
    answeredHow === 'text' && row.reply_text !== null
      ? { text: row.reply_text, at: iso(row.reply_at)!, by: row.reply_by ?? '' }
      : null;
  return { answeredHow, reply };
}

/** What the speakers' view carries: the public view and the revision a speaker's reply sends back. */
export function toStaffView(row: QuestionRow): StaffQuestionView {
  return { ...toQuestionView(row, null), revision: row.revision };
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
