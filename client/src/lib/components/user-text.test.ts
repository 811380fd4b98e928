// User-written text in every view: counted in code points as the server counts (an emoji is one
// character), and isolated for bidi, so a name like "Anna \u202Erotaredom" cannot reorder what
// surrounds it on screen.
import { render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_DISPLAY_NAME_LENGTH, MAX_QUESTION_LENGTH } from '../../../../shared/limits.js';
import { FakeLiveSocket, ok } from '../../../test-support/fake-socket.svelte.js';
import { QuestionsStore } from '../state/questions.svelte.js';
import { json, stubFetch } from '../../../test-support/fake-fetch.js';
import { agendaAt, makeQuestion, makeSnapshot, memoryStorage } from '../../../test-support/questions.js';
import { cet, nowAt, seedEvent } from '../../../test-support/seed-event.js';
import OverlayPage from '../../pages/OverlayPage.svelte';
import QaPanel from './qa/QaPanel.svelte';

const AT = cet('2024-02-22', '13:20');
const SPOOFED = 'Anna \u202Erotaredom';
const stores: QuestionsStore[] = [];

afterEach(() => {
  for (const store of stores.splice(0)) store.destroy();
  vi.unstubAllGlobals();
});

async function joined(questions = [makeQuestion()]) {
  const agenda = await agendaAt(AT);
  const socket = new FakeLiveSocket();
  socket.respond('part:join', () => ok(makeSnapshot(AT, { questions })));
  const store = new QuestionsStore('p1', { connection: socket, agenda, storage: memoryStorage() });
  stores.push(store);
  store.start();
  await vi.waitFor(() => expect(store.joined).toBe(true));
  return { store, agenda, socket };
}

describe('lengths in code points', () => {
  it('takes a question of 500 emoji, which is 1000 UTF-16 units, and refuses 501', async () => {
    const { store, socket } = await joined();
    socket.respond('question:ask', (request) => ok(makeQuestion({ id: request.id, body: request.body })));
    store.setBody('🩻'.repeat(MAX_QUESTION_LENGTH));
    expect(store.charactersLeft).toBe(0);
    store.setBody('🩻'.repeat(MAX_QUESTION_LENGTH + 1));
    expect(store.charactersLeft).toBe(-1);
    await store.submit();
    expect(store.askError).not.toBeNull();
    store.setBody('🩻'.repeat(MAX_QUESTION_LENGTH));
    await store.submit();
    expect(store.askError).toBeNull();
    expect(socket.sent('question:ask')).toHaveLength(1);
  });

  it('cuts a long name between characters, never inside an emoji', async () => {
    const { store } = await joined();
    store.setDisplayName('🩺'.repeat(MAX_DISPLAY_NAME_LENGTH + 5));
    expect([...store.draft.displayName]).toHaveLength(MAX_DISPLAY_NAME_LENGTH);
    expect(store.draft.displayName).toBe('🩺'.repeat(MAX_DISPLAY_NAME_LENGTH));
  });
});

describe('bidi isolation of user-written text', () => {
  it('isolates names and question texts in the viewers’ list', async () => {
    const { store, agenda } = await joined([makeQuestion({ body: 'Why ‮this?', displayName: SPOOFED })]);
    render(QaPanel, { store, agenda });
    const name = await screen.findByText(SPOOFED);
    expect(name.tagName).toBe('BDI');
    expect(screen.getByText('Why ‮this?').getAttribute('dir')).toBe('auto');
  });

  it('isolates the question and the name on the overlay', async () => {
    const at = cet('2024-02-22', '14:40');
    const eventPath = `/api/events/${seedEvent.slug}`;
    stubFetch({ [eventPath]: () => json(seedEvent), [`${eventPath}/now`]: () => json(nowAt(at)) });
    const socket = new FakeLiveSocket();
    socket
      .respond('part:join', () => ok(makeSnapshot(at, { questions: [] })))
      .respond('clock:sync', () => ok({ serverTime: at, clockRate: 1 }));
    render(OverlayPage, { params: { slug: seedEvent.slug }, connection: socket, fadeMs: 0 });
    await waitFor(() => expect(socket.sent('part:join')).toHaveLength(1));
    socket.push(
      'question:upserted',
      makeQuestion({ body: 'On air ‮now', displayName: SPOOFED, status: 'on_air' }),
    );
    expect((await screen.findByText('On air ‮now')).getAttribute('dir')).toBe('auto');
    expect(screen.getByText(SPOOFED).getAttribute('dir')).toBe('auto');
  });
});
