// Renders the viewer's Q&A panel on the seed course at a chosen instant, joined to part 1.
import { render, waitFor } from '@testing-library/svelte';
import { expect } from 'vitest';
import type { QuestionView } from '../../shared/questions.js';
import QaPanel from '../src/lib/components/qa/QaPanel.svelte';
import { FakeLiveSocket, ok } from './fake-socket.svelte.js';
import { KeptDrafts } from '../src/lib/state/kept-drafts.svelte.js';
import { QuestionsStore } from '../src/lib/state/questions.svelte.js';
import { agendaAt, makeSnapshot, memoryStorage } from './questions.js';

export async function renderQaPanel({
  at,
  questions = [] as QuestionView[],
  socket = new FakeLiveSocket(),
  drafts = new KeptDrafts(memoryStorage()),
}: {
  at: string;
  questions?: QuestionView[];
  socket?: FakeLiveSocket;
  drafts?: KeptDrafts;
}) {
  const agenda = await agendaAt(at);
  socket.respond('part:join', () => ok(makeSnapshot(at, { questions })));
  const store = new QuestionsStore('p1', { connection: socket, agenda, storage: memoryStorage() });
  store.start();
  const view = render(QaPanel, { store, agenda, drafts });
  await waitFor(() => expect(store.joined).toBe(true));
  return { ...view, agenda, socket, store, drafts };
}
