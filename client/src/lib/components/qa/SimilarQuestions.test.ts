import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { QuestionView } from '../../../../../shared/questions.js';
import { FakeLiveSocket, ok } from '../../../../test-support/fake-socket.svelte.js';
import { QuestionsStore } from '../../state/questions.svelte.js';
import { agendaAt, makeQuestion, makeSnapshot, memoryStorage } from '../../../../test-support/questions.js';
import { cet } from '../../../../test-support/seed-event.js';
import QaPanel from './QaPanel.svelte';

const AT = cet('2024-02-22', '13:20'); // both Q&A blocks take questions; p1-i4 is the default

const stores: QuestionsStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.destroy();
});

async function renderPanel(questions: QuestionView[], socket = new FakeLiveSocket()) {
  const agenda = await agendaAt(AT);
  socket.respond('part:join', () => ok(makeSnapshot(AT, { questions })));
  const store = new QuestionsStore('p1', { connection: socket, agenda, storage: memoryStorage() });
  stores.push(store);
  store.start();
  render(QaPanel, { store, agenda });
  await waitFor(() => expect(store.joined).toBe(true));
  return { socket, store };
}

const box = (): HTMLElement => screen.getByRole('textbox', { name: 'Your question' });
const region = (): HTMLElement | null => screen.queryByRole('region', { name: 'Similar questions' });
const type = (text: string) => fireEvent.input(box(), { target: { value: text } });
const shown = (): string[] =>
  within(region()!)
    .getAllByRole('listitem')
    .map((li) => li.querySelector('.body')?.textContent ?? '');

describe('Similar questions', () => {
  it('appear once typing pauses: at most three, of the same block, not the viewer’s own', async () => {
    await renderPanel([
      makeQuestion({ body: 'How do I explain radiation dose to patients?', votes: 4 }),
      makeQuestion({ body: 'Explaining radiaton doses', votes: 1 }),
      makeQuestion({ body: 'radiation dose explained for anxious patients', votes: 0 }),
      makeQuestion({ body: 'How to explain the radiation dose?', votes: 2 }),
      makeQuestion({ body: 'Explain radiation dose', blockId: 'p1-i9' }),
      makeQuestion({ body: 'Explain radiation dose, please', mine: true }),
      makeQuestion({ body: 'Explain the radiation dose (held)', status: 'pending' }),
      makeQuestion({ body: 'Explain radiation dose again', status: 'answered' }),
      makeQuestion({ body: 'Is the gel warmed before the scan?', votes: 9 }),
    ]);
    expect(region()).toBeNull();

    await type('explain the radiation dose');
    // Debounced: nothing on the keystroke itself.
    expect(region()).toBeNull();
    await waitFor(() => expect(region()).not.toBeNull());

    expect(shown()).toHaveLength(3);
    expect(shown()).toEqual([
      'How to explain the radiation dose?',
      'Explaining radiaton doses',
      'How do I explain radiation dose to patients?',
    ]);
    expect(within(region()!).getByText('Already asked? Upvote instead of asking again.')).toBeTruthy();
    expect(within(region()!).getAllByRole('button', { name: 'Upvote' })).toHaveLength(3);
  });

  it('shows nothing for a draft unlike any question', async () => {
    await renderPanel([makeQuestion({ body: 'How do I explain radiation dose to patients?' })]);
    await type('Is the gel warmed before the scan?');
    // Give the debounce time to pass, then check it still shows nothing.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(region()).toBeNull();
  });

  it('upvotes through the live connection', async () => {
    const q = makeQuestion({ body: 'Is contrast medium safe during pregnancy?', votes: 2 });
    const socket = new FakeLiveSocket();
    socket.respond('question:vote', () => ok({ questionId: q.id, voted: true, votes: 3 }));
    await renderPanel([q], socket);

    await type('contrast safe in pregnant women?');
    const button = await waitFor(() => within(region()!).getByRole('button', { name: 'Upvote' }));
    expect(button.getAttribute('aria-pressed')).toBe('false');
    const description = button
      .getAttribute('aria-describedby')!
      .split(' ')
      .map((id) => document.getElementById(id)!.textContent.trim());
    expect(description).toEqual([q.body, '2 votes']);

    await fireEvent.click(button);
    expect(socket.sent('question:vote')).toEqual([{ questionId: q.id, voted: true }]);
    await waitFor(() => expect(button.getAttribute('aria-pressed')).toBe('true'));
    expect(button.textContent).toContain('3');
  });

  it('hides as soon as the draft is emptied', async () => {
    await renderPanel([makeQuestion({ body: 'How do I explain radiation dose to patients?' })]);
    await type('explain radiation dose');
    await waitFor(() => expect(region()).not.toBeNull());

    await type('   ');
    expect(region()).toBeNull();
  });
});
