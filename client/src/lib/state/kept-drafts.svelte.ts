// Drafts a viewer chose to keep when the Q&A block they were written for ended before they were
// sent. Kept in this browser (like the outbox), so neither the block's end nor a reload loses
// them; the viewer puts one back in the form or deletes it.
import { MAX_QUESTION_LENGTH } from '../../../../shared/limits.js';
import { truncateCodePoints } from '../../../../shared/text.js';
import { newQuestionId } from './questions.svelte.js';

export interface KeptDraft {
  id: string;
  partId: string;
  /** How the block was named when the draft was kept ("14:30–15:00 Q&A Session"). */
  blockName: string;
  body: string;
  keptAt: string;
}

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

export const KEPT_DRAFTS_KEY = 'lsc.keptDrafts';
/** A browser keeps this many at most; the oldest go first. */
export const MAX_KEPT_DRAFTS = 20;
/** A draft may run over the question limit while typed; kept with room to shorten it. */
const MAX_KEPT_LENGTH = MAX_QUESTION_LENGTH * 4;

function browserStorage(): KeyValueStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function isKeptDraft(value: unknown): value is KeptDraft {
  if (typeof value !== 'object' || value === null) return false;
  const d = value as Record<string, unknown>;
  return ['id', 'partId', 'blockName', 'body', 'keptAt'].every((key) => typeof d[key] === 'string');
}

export class KeptDrafts {
  list = $state.raw<KeptDraft[]>([]);

  readonly #storage: KeyValueStorage | null;

  constructor(storage: KeyValueStorage | null | undefined = undefined) {
    this.#storage = storage === undefined ? browserStorage() : storage;
    try {
      const saved: unknown = JSON.parse(this.#storage?.getItem(KEPT_DRAFTS_KEY) ?? '[]');
      this.list = Array.isArray(saved) ? saved.filter(isKeptDraft) : [];
    } catch {
      this.list = [];
    }
  }

  keep(draft: { partId: string; blockName: string; body: string }, at: Date = new Date()): void {
    const kept: KeptDraft = {
      id: newQuestionId(),
      partId: draft.partId,
      blockName: draft.blockName,
      body: truncateCodePoints(draft.body, MAX_KEPT_LENGTH),
      keptAt: at.toISOString(),
    };
    this.#save([kept, ...this.list].slice(0, MAX_KEPT_DRAFTS));
  }

  remove(id: string): void {
    this.#save(this.list.filter((d) => d.id !== id));
  }

  #save(list: KeptDraft[]): void {
    this.list = list;
    try {
      this.#storage?.setItem(KEPT_DRAFTS_KEY, JSON.stringify(list));
    } catch {
      // Kept for this page only; nothing else depends on it.
    }
  }
}
