// What the moderator's screen shows, as opposed to what the part holds: how incoming questions
// are sorted and filtered, which question is being edited, which one the merge dialog is for.
// The console makes one and hands it to the cards below it by context; the store knows nothing
// of it, so two consoles on one store could each show their own.
import { getContext, setContext } from 'svelte';
import type { IncomingSort, ModerationStore, TalkFilter } from '../../state/moderation.svelte.js';

const KEY = Symbol('moderation-view');

/** What an in-place form edits: the question's text, or the answer in text under it. */
export type EditedField = 'body' | 'reply';

export class ModerationView {
  sort = $state<IncomingSort>('votes');
  talkFilter = $state<TalkFilter>('all');
  search = $state('');
  /** The question whose text (or answer in text) is being edited in place. */
  editingId = $state<string | null>(null);
  /** What of it: its text, or the answer in text written under it. */
  editingField = $state<EditedField>('body');
  /** The question the merge dialog is open for. */
  mergingId = $state<string | null>(null);
  /** The question whose labels are being chosen in place. */
  labellingId = $state<string | null>(null);

  readonly #store: ModerationStore;

  constructor(store: ModerationStore) {
    this.#store = store;
  }

  startEdit(id: string, field: EditedField = 'body'): void {
    if (!this.#store.questions.has(id)) return;
    this.editingId = id;
    this.editingField = field;
  }

  stopEdit(): void {
    this.editingId = null;
  }

  startMerge(id: string): void {
    if (this.#store.questions.has(id)) this.mergingId = id;
  }

  stopMerge(): void {
    this.mergingId = null;
  }

  startLabels(id: string): void {
    if (this.#store.questions.has(id)) this.labellingId = id;
  }

  stopLabels(): void {
    this.labellingId = null;
  }
}

/** Makes the console's view and shares it with the components below. */
export function provideModerationView(store: ModerationStore): ModerationView {
  return setContext(KEY, new ModerationView(store));
}

/** The view of the console this component is in. */
export function moderationView(): ModerationView {
  const view = getContext<ModerationView | undefined>(KEY);
  if (!view) throw new Error('A moderation card is shown outside a ModerationConsole.');
  return view;
}
