// Likely duplicates for the merge dialog: questions of the same block ranked by how many of
// their words they share (Jaccard similarity of the sets of normalised words). Cheap, and good
// enough to put "How do I explain radiation dose?" next to "How to explain the radiation dose?".

/** Words that say nothing about what a question is about. */
const STOP_WORDS = new Set(
  (
    'a an and are as at be but by can could did do does for from had has have how i if in into ' +
    'is it its me my of on or our should so than that the their them then there these they this ' +
    'to us was we were what when where which who why will with would you your'
  ).split(' '),
);

/** The set of words of a text: lower case, accents dropped, stop words and punctuation removed. */
export function normalisedWords(text: string): Set<string> {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word))
    // A plural and its singular are the same subject: "doses" matches "dose".
    .map((word) =>
      word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word,
    );
  return new Set(words);
}

/** |A ∩ B| / |A ∪ B|, 0 when both are empty. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared += 1;
  return shared / (a.size + b.size - shared);
}

export interface DuplicateCandidate {
  id: string;
  blockId: string;
  body: string;
  votes: number;
}

export interface RankedCandidate<Q extends DuplicateCandidate> {
  question: Q;
  /** 0..1, the share of words the two questions have in common. */
  score: number;
  /** At or above the threshold: worth showing first as a likely duplicate. */
  likely: boolean;
}

/** From this share of common words on, a question is offered as a likely duplicate. */
export const LIKELY_DUPLICATE = 0.3;

/**
 * The other questions of `target`'s block, most similar first; equal scores by votes, then by
 * id so the order is stable while the list updates.
 */
export function rankDuplicates<Q extends DuplicateCandidate>(
  target: DuplicateCandidate,
  candidates: Iterable<Q>,
  threshold = LIKELY_DUPLICATE,
): RankedCandidate<Q>[] {
  const words = normalisedWords(target.body);
  const ranked: RankedCandidate<Q>[] = [];
  for (const question of candidates) {
    if (question.id === target.id || question.blockId !== target.blockId) continue;
    const score = jaccard(words, normalisedWords(question.body));
    ranked.push({ question, score, likely: score >= threshold });
  }
  return ranked.sort(
    (a, b) =>
      b.score - a.score ||
      b.question.votes - a.question.votes ||
      (a.question.id < b.question.id ? -1 : a.question.id > b.question.id ? 1 : 0),
  );
}
