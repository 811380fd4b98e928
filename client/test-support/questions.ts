// Builders for Q&A tests on the seed course, and an agenda store standing at a chosen instant.
import type { PartView } from '../../shared/events-api.js';
import type { BlockState, QuestionView } from '../../shared/questions.js';
import type { PartSnapshot } from '../../shared/realtime.js';
import { blockStates } from '../../shared/block-schedule.js';
import { AgendaStore } from '../src/lib/state/agenda.svelte.js';
import { assertDistinctIds, contentId } from './content-id.js';
import { cet, nowAt, seedEvent } from './seed-event.js';

export const part1: PartView = seedEvent.parts[0];

/**
 * A visible question in the first Q&A block of part 1, asked by someone else. Its id (and its
 * body, unless given) follow from the overrides, never from the questions built before it.
 */
export function makeQuestion(overrides: Partial<QuestionView> = {}): QuestionView {
  const id = contentId('q', overrides);
  return {
    id,
    partId: 'p1',
    blockId: 'p1-i4',
    talkId: null,
    body: `Question ${id}`,
    displayName: null,
    status: 'visible',
    votes: 0,
    mine: false,
    voted: false,
    createdAt: cet('2024-02-22', '13:00'),
    queuePosition: null,
    mergedIntoId: null,
    edited: false,
    version: 1,
    answeredHow: overrides.status === 'answered' ? 'live' : null,
    reply: null,
    labels: [],
    ...overrides,
  };
}

/** The blocks of a part as the server describes them by default: open from 30 minutes before it. */
export function blocksOf(part: PartView, at: string): BlockState[] {
  return blockStates(part, new Map(), new Date(at), 30);
}

export function makeSnapshot(at: string, overrides: Partial<PartSnapshot> = {}): PartSnapshot {
  assertDistinctIds(overrides.questions ?? []);
  return {
    eventSlug: seedEvent.slug,
    serverTime: at,
    clockRate: 1,
    agenda: { at, current: null, next: null, nextQa: null, secondsToNextQa: null },
    blocks: blocksOf(part1, at),
    partId: 'p1',
    participant: { id: 'participant-1' },
    full: true,
    questions: [],
    removedIds: [],
    version: 10,
    labels: [],
    ...overrides,
  };
}

/** An agenda store loaded at `serverTime`, with the device clock standing still. */
export async function agendaAt(serverTime: string): Promise<AgendaStore> {
  const store = new AgendaStore(seedEvent.slug, {
    api: { getEvent: () => Promise.resolve(seedEvent), getNow: () => Promise.resolve(nowAt(serverTime)) },
    clock: () => 0,
    storage: null,
    localZone: 'UTC',
  });
  await store.load();
  return store;
}

export function memoryStorage(
  initial: Record<string, string> = {},
): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
