// Questions typed but not yet acknowledged, kept in localStorage so that a lost connection, a
// reload or a closed tab loses nothing. Each entry keeps the id it was first sent with: sending
// it again can never make a second question. Storage is read afresh on every change, so two tabs
// of the same course add to the list instead of overwriting each other's entries.
import type { AskRequest } from '../../../../shared/realtime.js';

export const OUTBOX_KEY = 'lsc.outbox';
/** Older entries are dropped: their Q&A block is long over. */
const MAX_AGE_MS = 24 * 3600 * 1000;

export interface OutboxEntry extends AskRequest {
  partId: string;
  /** Device-clock ms when it was typed; orders the entries and ages them out. */
  queuedAt: number;
}

type OutboxStorage = Pick<Storage, 'getItem' | 'setItem'>;

function isEntry(value: unknown): value is OutboxEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return (
    typeof e.id === 'string' &&
    typeof e.partId === 'string' &&
    typeof e.blockId === 'string' &&
    typeof e.body === 'string' &&
    typeof e.queuedAt === 'number' &&
    (e.talkId === undefined || e.talkId === null || typeof e.talkId === 'string') &&
    (e.displayName === undefined || e.displayName === null || typeof e.displayName === 'string') &&
    (e.streamTime === undefined || e.streamTime === null || typeof e.streamTime === 'string')
  );
}

export class Outbox {
  readonly #storage: OutboxStorage | null;
  readonly #clock: () => number;
  /** Used when storage is unavailable (privacy mode) or full: the entries last for the visit. */
  #memory: OutboxEntry[] = [];

  constructor(storage: OutboxStorage | null, clock: () => number = () => Date.now()) {
    this.#storage = storage;
    this.#clock = clock;
  }

  /** The entries of one part, oldest first. */
  list(partId: string): OutboxEntry[] {
    return this.#read()
      .filter((e) => e.partId === partId)
      .sort((a, b) => a.queuedAt - b.queuedAt);
  }

  add(entry: OutboxEntry): void {
    this.#write([...this.#read().filter((e) => e.id !== entry.id), entry]);
  }

  remove(id: string): void {
    this.#write(this.#read().filter((e) => e.id !== id));
  }

  #read(): OutboxEntry[] {
    let stored: unknown;
    try {
      const text = this.#storage?.getItem(OUTBOX_KEY);
      stored = text ? JSON.parse(text) : null;
    } catch {
      stored = null; // unreadable storage or a damaged entry: start afresh
    }
    const entries = Array.isArray(stored) ? stored.filter(isEntry) : this.#memory;
    const oldest = this.#clock() - MAX_AGE_MS;
    return entries.filter((e) => e.queuedAt >= oldest);
  }

  #write(entries: OutboxEntry[]): void {
    this.#memory = entries;
    try {
      this.#storage?.setItem(OUTBOX_KEY, JSON.stringify(entries));
    } catch {
      // Full or disabled: #memory keeps them for this visit.
    }
  }
}
