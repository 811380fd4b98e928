// "Similar questions" while a viewer types: up to three questions of the chosen block that ask
// much the same, so the viewer can upvote one instead of asking again. Looked up once typing
// pauses, not on every key, with the similarity the moderators' merge suggestions use.
import type { QuestionView } from '../../../../shared/questions.js';
import { mostSimilar, prepareText, type PreparedText } from '../../../../shared/similarity.js';
import type { QuestionsStore } from './questions.svelte.js';

/** Questions one can still upvote to have them asked: not held, merged or already answered. */
const WAITING: ReadonlySet<QuestionView['status']> = new Set(['visible', 'queued', 'on_air']);
export const MAX_SIMILAR = 3;
const DEFAULT_DELAY_MS = 300;
/** Prepared bodies kept between lookups; a long session's list is dropped and rebuilt past this. */
const MAX_CACHED = 2_000;

export class SimilarQuestions {
  /** The draft as it was when typing last paused. */
  query = $state('');

  /** Up to three similar questions of others, most similar first; none while the draft is empty. */
  readonly items: QuestionView[] = $derived.by(() => {
    if (this.#store.draft.body.trim() === '' || this.query.trim() === '') return [];
    const blockId = this.#store.blockId;
    const candidates = [...this.#store.questions.values()].filter(
      (q) => q.blockId === blockId && !q.mine && WAITING.has(q.status),
    );
    return mostSimilar(this.query, candidates, (q) => this.#prepared(q.body), {
      limit: MAX_SIMILAR,
    }).map(({ candidate }) => candidate);
  });

  readonly #store: QuestionsStore;
  readonly #delayMs: number;
  readonly #cache = new Map<string, PreparedText>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(store: QuestionsStore, { delayMs = DEFAULT_DELAY_MS }: { delayMs?: number } = {}) {
    this.#store = store;
    this.#delayMs = delayMs;
  }

  /** The draft changed: look again once typing pauses (at once when it was cleared). */
  typed(body: string): void {
    clearTimeout(this.#timer);
    if (body.trim() === '') {
      this.query = '';
      return;
    }
    this.#timer = setTimeout(() => (this.query = body), this.#delayMs);
  }

  destroy(): void {
    clearTimeout(this.#timer);
  }

  #prepared(body: string): PreparedText {
    let prepared = this.#cache.get(body);
    if (!prepared) {
      if (this.#cache.size >= MAX_CACHED) this.#cache.clear();
      prepared = prepareText(body);
      this.#cache.set(body, prepared);
    }
    return prepared;
  }
}
