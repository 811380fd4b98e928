// How alike two questions are, for the viewer's "Similar questions" while typing and for the
// moderators' merge suggestions, so both agree on what a duplicate is. Computed in place: no
// service, no model, small enough for the viewer page's script budget.
//
// A question becomes a set of content words (case, accents, punctuation and English/German stop
// words dropped, a light suffix stemmer for both languages). Two sets are compared by a
// one-to-one matching of their words, where a word matches exactly, with a small typo, or by a
// long common beginning (an inflection the stemmer missed, or a German compound), and the
// matched weight is divided like a Dice coefficient. Word order does not matter.

/** Words that say nothing about what a question is about (accents already dropped). */
const STOP_WORDS = new Set(
  // English
  (
    'a about all also am an and any anyone are as at be been being but by can could did do does ' +
    'doing for from get got had has have having he her here hi his how i if in into is it its ' +
    'just let me more most much my no not of on one or other our out please really regarding she ' +
    'should so some such than thank thanks that the their them then there these they this those ' +
    'to too us very was way we were what when where whether which while who whom why will with ' +
    'would you your ' +
    // German
    'aber alle als am an auch auf aus bei beim bin bis bitte da dass dem den der des die dies ' +
    'diese diesem diesen dieser dieses du durch ein eine einem einen einer eines er es etwa fur ' +
    'gibt hat haben hallo ich ihr ihre im in ist ja kann konnen konnte man mein meine mit muss ' +
    'mussen nach nicht noch nur ob oder sein sich sie sind so soll sollen sollte uber um und uns ' +
    'unter vom von vor war waren warum was welche welchen welcher welches wenn wer werden wie wir ' +
    'wird wo zu zum zur'
  ).split(' '),
);

/**
 * Suffixes of English and German inflection and derivation, longest first. One is removed per
 * word, and only when at least three letters remain: "doses"/"dose" -> "dos",
 * "Untersuchungen"/"untersuchen" -> "untersuch", "explained"/"explaining" -> "explain".
 */
const SUFFIXES = [
  'ungen',
  'ations',
  'ation',
  'ingen',
  'ings',
  'heit',
  'keit',
  'isch',
  'ung',
  'ing',
  'ern',
  'ies',
  'ly',
  'ed',
  'en',
  'er',
  'es',
  'em',
  'e',
  's',
];

const MIN_STEM = 3;

/** The stem of a lower-case, accent-free word. */
export function stem(word: string): string {
  if (word.length <= MIN_STEM) return word;
  for (const suffix of SUFFIXES) {
    if (!word.endsWith(suffix) || word.length - suffix.length < MIN_STEM) continue;
    // "ss" is not a plural ("stress"), nor the "s" of "diagnosis" or "status".
    if (suffix === 's' && /(?:ss|is|us)$/.test(word)) return word;
    // "scanning" -> "scann" stays: undoubling would also turn "calls" into "cal", and the typo
    // tolerance of wordMatch already pairs "scann" with "scan".
    const rest = word.slice(0, -suffix.length);
    return suffix === 'ies' ? `${rest}y` : rest;
  }
  return word;
}

/**
 * Beginnings of words that nearly every question of a medical course contains ("patients",
 * "Radiologen", "doctor", "question"): sharing one says little, so they count half.
 */
const GENERIC = /^(?:patient|radiolog|doctor|arzt|question|frage)/;
const GENERIC_WEIGHT = 0.5;

/** A content word as typed (lower case, accents dropped), its stem and how much it counts. */
export interface Word {
  readonly raw: string;
  readonly stem: string;
  readonly weight: number;
}

/** The content words of a text, in order of appearance, without repeats. */
export function contentWords(text: string): Word[] {
  const raws = text
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word));
  return [...new Set(raws)].map((raw) => ({
    raw,
    stem: stem(raw),
    weight: GENERIC.test(raw) ? GENERIC_WEIGHT : 1,
  }));
}

/** Optimal string alignment distance (a swap of neighbours costs one), or max + 1 once over `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, before[j - 2] + 1);
      }
      current.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

/** A typo-level or inflection-level match counts a little less than the same word. */
const FUZZY_WEIGHT = 0.85;
const PREFIX_WEIGHT = 0.75;

/**
 * How well two words stand for the same word: 1, a fuzzy weight, or 0. A word also matches the
 * other's stem as typed, since the stemmer serves two languages and sometimes cuts too much:
 * "screen" -> "scre", but "screening" -> "screen".
 */
export function wordMatch(a: Word, b: Word): number {
  if (a.stem === b.stem || a.raw === b.stem || a.stem === b.raw) return 1;
  return Math.max(fuzzyMatch(a.stem, b.stem), fuzzyMatch(a.raw, b.raw));
}

function fuzzyMatch(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  const shorter = Math.min(a.length, b.length);
  // One slip in a word of five letters or more, two from nine ("radiaton", "raditaion").
  const allowed = longer >= 9 ? 2 : longer >= 5 ? 1 : 0;
  if (allowed > 0 && shorter >= 4 && editDistance(a, b, allowed) <= allowed) return FUZZY_WEIGHT;
  // A long common beginning: "explan(ation)" and "explain", "strahl(ung)" and "strahlendosis".
  let common = 0;
  while (common < shorter && a[common] === b[common]) common++;
  if (common >= 5 && common >= 0.75 * shorter) return PREFIX_WEIGHT;
  return 0;
}

/** A text made ready for many comparisons (tokenising is most of the cost). */
export interface PreparedText {
  readonly words: readonly Word[];
}

export function prepareText(text: string): PreparedText {
  return { words: contentWords(text) };
}

/**
 * 0..1: how much two questions are about the same thing, symmetric. Each word is matched to at
 * most one word of the other text (best matches first), and the matched weight is set against
 * the number of words of both, so a short question inside a long one still scores well but a
 * shared word or two among many does not.
 */
export function similarity(a: PreparedText | string, b: PreparedText | string): number {
  const left = typeof a === 'string' ? contentWords(a) : a.words;
  const right = typeof b === 'string' ? contentWords(b) : b.words;
  if (left.length === 0 || right.length === 0) return 0;
  const pairs: { i: number; j: number; weight: number }[] = [];
  for (let i = 0; i < left.length; i++) {
    for (let j = 0; j < right.length; j++) {
      const match = wordMatch(left[i], right[j]);
      if (match > 0) pairs.push({ i, j, weight: (match * (left[i].weight + right[j].weight)) / 2 });
    }
  }
  pairs.sort((x, y) => y.weight - x.weight);
  const usedLeft = new Set<number>();
  const usedRight = new Set<number>();
  let matched = 0;
  for (const { i, j, weight } of pairs) {
    if (usedLeft.has(i) || usedRight.has(j)) continue;
    usedLeft.add(i);
    usedRight.add(j);
    matched += weight;
  }
  const total = (words: readonly Word[]): number => words.reduce((sum, w) => sum + w.weight, 0);
  return (2 * matched) / (total(left) + total(right));
}

/**
 * From this score on, two questions are offered as similar: to the viewer typing one, and to the
 * moderator merging one. Tuned on the labelled pairs of shared/similarity.spec.ts.
 */
export const SIMILAR_THRESHOLD = 0.6;

/**
 * The candidates most similar to `text`, at or above `threshold`, best first (equal scores keep
 * the candidates' order), at most `limit`.
 */
export function mostSimilar<T>(
  text: string,
  candidates: Iterable<T>,
  bodyOf: (candidate: T) => PreparedText | string,
  { limit = Infinity, threshold = SIMILAR_THRESHOLD }: { limit?: number; threshold?: number } = {},
): { candidate: T; score: number }[] {
  const target = prepareText(text);
  const found: { candidate: T; score: number }[] = [];
  if (target.words.length === 0) return found;
  for (const candidate of candidates) {
    const score = similarity(target, bodyOf(candidate));
    if (score >= threshold) found.push({ candidate, score });
  }
  return found.sort((x, y) => y.score - x.score).slice(0, limit);
}
