// Likely duplicates for the merge dialog: questions of the same block ranked by the similarity
// the viewer page uses for "Similar questions" (shared/similarity.ts), so a moderator is offered
// as duplicates the questions a viewer would have been offered to upvote instead.
import { prepareText, similarity, SIMILAR_THRESHOLD } from '../../../../shared/similarity.js';

export interface DuplicateCandidate {
  id: string;
  blockId: string;
  body: string;
  votes: number;
}

export interface RankedCandidate<Q extends DuplicateCandidate> {
  question: Q;
  /** 0..1, how alike the two questions are (shared/similarity.ts). */
  score: number;
  /** At or above the threshold: worth showing first as a likely duplicate. */
  likely: boolean;
}

/** From this similarity on, a question is offered as a likely duplicate. */
export const LIKELY_DUPLICATE = SIMILAR_THRESHOLD;

/**
 * The other questions of `target`'s block, most similar first; equal scores by votes, then by
 * id so the order is stable while the list updates.
 */
export function rankDuplicates<Q extends DuplicateCandidate>(
  target: DuplicateCandidate,
  candidates: Iterable<Q>,
  threshold = LIKELY_DUPLICATE,
): RankedCandidate<Q>[] {
  const prepared = prepareText(target.body);
  const ranked: RankedCandidate<Q>[] = [];
  for (const question of candidates) {
    if (question.id === target.id || question.blockId !== target.blockId) continue;
    const score = similarity(prepared, question.body);
    ranked.push({ question, score, likely: score >= threshold });
  }
  return ranked.sort(
    (a, b) =>
      b.score - a.score ||
      b.question.votes - a.question.votes ||
      (a.question.id < b.question.id ? -1 : a.question.id > b.question.id ? 1 : 0),
  );
}
