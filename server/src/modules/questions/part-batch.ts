import { PUBLIC_STATUSES } from '../../../../shared/questions.js';
import type { VotesBatch } from '../../../../shared/realtime.js';
import type { QuestionRow } from './question.repository.js';
import { toQuestionView } from './question-views.js';

/**
 * What happened to a question since the part's last batch. `asked`: created, so viewers never
 * saw it (no removal when it is not public); `changed`: moderated or edited after that (a
 * removal when it is not public now); `voted`: a vote was committed or withdrawn.
 */
export interface Touches {
  asked: boolean;
  changed: boolean;
  voted: boolean;
}

export type Touch = keyof Touches;

/** One letter per touch: the members of a part's Redis set are `<letter>:<question id>`. */
const LETTERS: Record<Touch, string> = { asked: 'a', changed: 'c', voted: 'v' };
const TOUCH_OF_LETTER = new Map(Object.entries(LETTERS).map(([touch, letter]) => [letter, touch as Touch]));

export function encodeTouch(touch: Touch, questionId: string): string {
  return `${LETTERS[touch]}:${questionId}`;
}

/** Folds set members back into touches per question; members of another shape are skipped. */
export function decodeTouches(
  members: Iterable<string>,
  into = new Map<string, Touches>(),
): Map<string, Touches> {
  for (const member of members) {
    const touch = TOUCH_OF_LETTER.get(member.slice(0, 1));
    if (!touch || member[1] !== ':') continue;
    addTouch(into, member.slice(2), touch);
  }
  return into;
}

export function addTouch(touches: Map<string, Touches>, questionId: string, touch: Touch): void {
  let entry = touches.get(questionId);
  if (!entry) touches.set(questionId, (entry = { asked: false, changed: false, voted: false }));
  entry[touch] = true;
}

export interface PartBatches {
  /** Counts of every question with a vote, public or not (they get `mod:question` for the rest). */
  moderators: VotesBatch | null;
  /** Public questions asked or changed, counts of the other public ones voted on, and removals. */
  viewers: VotesBatch | null;
}

/**
 * The part's batches from the questions as read when the batch is sent: whatever happened in
 * the interval, each question appears once, in its state now. A question hidden a moment after
 * a vote therefore never reaches viewers, not even as a count, and one asked while held for
 * moderation is not announced to them at all (not even its id).
 */
export function composeBatches(
  partId: string,
  rows: readonly QuestionRow[],
  touches: ReadonlyMap<string, Touches>,
): PartBatches {
  const modCounts: VotesBatch['counts'] = [];
  let modVersion = 0;
  const counts: VotesBatch['counts'] = [];
  const questions: NonNullable<VotesBatch['questions']> = [];
  const removed: NonNullable<VotesBatch['removed']> = [];
  let version = 0;
  for (const row of rows) {
    const touch = touches.get(row.id);
    if (!touch || row.part_id !== partId) continue;
    const rowVersion = Number(row.change_seq);
    if (touch.voted) {
      modCounts.push({ id: row.id, votes: row.vote_count });
      modVersion = Math.max(modVersion, rowVersion);
    }
    const isPublic = PUBLIC_STATUSES.includes(row.status);
    if (isPublic && (touch.asked || touch.changed)) questions.push(toQuestionView(row, null));
    else if (isPublic && touch.voted) counts.push({ id: row.id, votes: row.vote_count });
    else if (!isPublic && touch.changed) removed.push({ id: row.id, version: rowVersion });
    else continue;
    version = Math.max(version, rowVersion);
  }
  const viewers: VotesBatch | null =
    counts.length + questions.length + removed.length === 0
      ? null
      : {
          partId,
          version,
          counts,
          ...(questions.length ? { questions } : {}),
          ...(removed.length ? { removed } : {}),
        };
  return {
    moderators: modCounts.length ? { partId, version: modVersion, counts: modCounts } : null,
    viewers,
  };
}
