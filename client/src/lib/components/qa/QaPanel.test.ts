import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { QuestionView } from '../../../../../shared/questions.js';
import type { AskRequest, VoteResult } from '../../../../../shared/realtime.js';
import type { LiveAck } from '../../realtime/connection.js';
import { FakeLiveSocket, ok } from '../../../../test-support/fake-socket.svelte.js';
import { QuestionsStore } from '../../state/questions.svelte.js';
import {
  agendaAt,
  makeQuestion,
  makeSnapshot,
  memoryStorage,
  UUID,
} from '../../../../test-support/questions.js';
import { cet } from '../../../../test-support/seed-event.js';
import QaPanel from './QaPanel.svelte';

const AT = cet('2024-02-22', '13:20'); // "Breaking bad news" is on; both Q&A blocks take questions

const stores: QuestionsStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.destroy();
});

async function renderPanel({
  at = AT,
  questions = [] as QuestionView[],
  socket = new FakeLiveSocket(),
  storage = memoryStorage(),
} = {}) {
  const agenda = await agendaAt(at);
  socket.respond('part:join', () => ok(makeSnapshot(at, { questions })));
  const store = new QuestionsStore('p1', { connection: socket, agenda, storage });
  stores.push(store);
  store.start();
  const view = render(QaPanel, { store, agenda });
  if (socket.status === 'online') await waitFor(() => expect(store.joined).toBe(true));
  return { ...view, agenda, socket, store, storage };
}

const list = (): HTMLElement => screen.getByRole('list', { name: 'Questions asked' });
const bodies = (): string[] =>
  within(list())
    .getAllByRole('listitem')
    .map((li) => li.querySelector('.body')?.textContent ?? '');
const itemOf = (body: string): HTMLElement => screen.getByText(body).closest('article')!;
const upvoteOf = (body: string): HTMLElement => within(itemOf(body)).getByRole('button', { name: 'Upvote' });
const votesOf = (body: string): string => {
  const id = upvoteOf(body).getAttribute('aria-describedby')!;
  return document.getElementById(id)!.textContent;
};
const liveRegion = (container: HTMLElement): HTMLElement => container.querySelector('[aria-live="polite"]')!;
const deferred = <T>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
};

describe('QaPanel', () => {
  it('renders the joined part’s questions, by Top and by Recent', async () => {
    await renderPanel({
      questions: [
        makeQuestion({ body: 'Newest, 2 votes', votes: 2, createdAt: cet('2024-02-22', '13:10') }),
        makeQuestion({ body: 'Most votes', votes: 5, createdAt: cet('2024-02-22', '13:05') }),
        makeQuestion({ body: 'Oldest, 2 votes', votes: 2, createdAt: cet('2024-02-22', '12:50') }),
        makeQuestion({ body: 'Other block', blockId: 'p1-i9', votes: 9 }),
      ],
    });

    const top = screen.getByRole('button', { name: 'Top' });
    const recent = screen.getByRole('button', { name: 'Recent' });
    expect(top.getAttribute('aria-pressed')).toBe('true');
    expect(bodies()).toEqual(['Most votes', 'Oldest, 2 votes', 'Newest, 2 votes']);

    await fireEvent.click(recent);
    expect(recent.getAttribute('aria-pressed')).toBe('true');
    expect(top.getAttribute('aria-pressed')).toBe('false');
    expect(bodies()).toEqual(['Newest, 2 votes', 'Most votes', 'Oldest, 2 votes']);
  });

  it('offers the open blocks and the talks of the chosen one, defaulting to the talk on now', async () => {
    await renderPanel();

    const block = screen.getByRole('combobox', { name: 'Q&A block' });
    expect(
      within(block)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['14:30–15:00 Q&A Session (taking questions)', '17:30–18:00 Q&A Session (taking questions)']);
    expect((block as HTMLSelectElement).value).toBe('p1-i4');

    const talk = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Talk' });
    expect(
      within(talk)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([
      'Interacting with patients during ultrasound',
      'Breaking bad news',
      'Radiation Risk Discussion',
      'General question',
    ]);
    expect(talk.selectedOptions[0]?.textContent).toBe('Breaking bad news');

    await fireEvent.change(block, { target: { value: 'p1-i9' } });
    expect(talk.selectedOptions[0]?.textContent).toBe('General question');
  });

  it('shows a pushed question and announces it in the polite live region', async () => {
    const { container, socket } = await renderPanel({ questions: [makeQuestion({ body: 'First' })] });
    expect(liveRegion(container).textContent).toBe('');

    socket.push('question:upserted', makeQuestion({ body: 'Is ultrasound safe in pregnancy?', votes: 0 }));

    await waitFor(() => expect(bodies()).toContain('Is ultrasound safe in pregnancy?'));
    expect(liveRegion(container).textContent).toBe('New question: Is ultrasound safe in pregnancy?');
  });

  it('applies a batch of vote counts', async () => {
    const a = makeQuestion({ body: 'A', votes: 1 });
    const b = makeQuestion({ body: 'B', votes: 4 });
    const { socket } = await renderPanel({ questions: [a, b] });
    expect(votesOf('A')).toBe('1 vote');

    socket.push('votes:changed', {
      partId: 'p1',
      version: 12,
      counts: [
        { id: a.id, votes: 7 },
        { id: b.id, votes: 3 },
      ],
    });

    await waitFor(() => expect(votesOf('A')).toBe('7 votes'));
    expect(votesOf('B')).toBe('3 votes');
    expect(within(upvoteOf('A')).getByText('7')).toBeTruthy();
    expect(bodies()).toEqual(['A', 'B']);
  });

  it('upvotes at once, and reverts when the server refuses', async () => {
    const q = makeQuestion({ body: 'Vote on me', votes: 2 });
    const socket = new FakeLiveSocket();
    const first = deferred<LiveAck<VoteResult>>();
    socket.respond(
      'question:vote',
      () => first.promise,
      () => ({
        ok: false,
        error: 'rate/limited',
        message: 'You are voting very fast. Try again in 5 seconds.',
        retryAfterMs: 5000,
      }),
    );
    await renderPanel({ questions: [q], socket });

    const button = upvoteOf('Vote on me');
    expect(button.getAttribute('aria-pressed')).toBe('false');
    await fireEvent.click(button);
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(votesOf('Vote on me')).toBe('3 votes');
    expect(socket.sent('question:vote')).toEqual([{ questionId: q.id, voted: true }]);
    first.resolve(ok({ questionId: q.id, voted: true, votes: 3 }));

    await fireEvent.click(button);
    expect(socket.sent('question:vote').at(-1)).toEqual({ questionId: q.id, voted: false });
    const alert = await within(itemOf('Vote on me')).findByRole('alert');
    expect(alert.textContent).toBe('You are voting very fast. Try again in 5 seconds.');
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(votesOf('Vote on me')).toBe('3 votes');
  });

  it('sends the question with a UUID, the block and the talk, and clears the form', async () => {
    const socket = new FakeLiveSocket();
    socket.respond('question:ask', (ask: AskRequest) =>
      ok(
        makeQuestion({
          ...ask,
          talkId: ask.talkId ?? null,
          displayName: ask.displayName ?? null,
          mine: true,
        }),
      ),
    );
    await renderPanel({ socket });

    const body = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Your question' });
    await fireEvent.input(body, { target: { value: '  How do you say it to children?  ' } });
    await fireEvent.input(screen.getByRole('textbox', { name: 'Your name (optional)' }), {
      target: { value: 'Ana' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Send' }));

    const [sent] = socket.sent('question:ask');
    expect(sent).toMatchObject({
      blockId: 'p1-i4',
      talkId: 'p1-i2',
      body: 'How do you say it to children?',
      displayName: 'Ana',
    });
    expect(sent?.id).toMatch(UUID);
    await waitFor(() => expect(body.value).toBe(''));
    expect(screen.getByText('Thank you! Your question was sent.')).toBeTruthy();
    const mine = itemOf('How do you say it to children?');
    expect(within(mine).getByText('Your question')).toBeTruthy();
    expect(within(mine).getByText('About: Breaking bad news')).toBeTruthy();
    expect(within(mine).getByText('Ana')).toBeTruthy();
  });

  it('sends with Ctrl+Enter, and keeps the text with the server’s message when the block has closed', async () => {
    const socket = new FakeLiveSocket();
    const message = 'The Q&A Session of 14:30 no longer takes questions. The next one opens at 17:30.';
    socket.respond('question:ask', () => ({ ok: false, error: 'block/closed', message }));
    await renderPanel({ socket });

    const body = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Your question' });
    await fireEvent.input(body, { target: { value: 'Too late?' } });
    await fireEvent.keyDown(body, { key: 'Enter', ctrlKey: true });

    expect(socket.sent('question:ask')).toHaveLength(1);
    const alert = await screen.findByText(message);
    expect(alert.closest('[role="alert"]')).toBeTruthy();
    expect(body.value).toBe('Too late?');
    expect(body.getAttribute('aria-describedby')).toContain(alert.id);
  });

  it('offline: keeps the question, says so, and sends it once with the same id on reconnection', async () => {
    const socket = new FakeLiveSocket();
    socket.respond('question:ask', (ask: AskRequest) =>
      ok(makeQuestion({ id: ask.id, body: ask.body, mine: true })),
    );
    const storage = memoryStorage();
    const { store } = await renderPanel({ socket, storage });

    socket.goOffline();
    const banner = await screen.findByText('Connection lost. Your questions will be sent when it returns.');
    expect(banner.closest('[role="status"]')).toBeTruthy();

    const body = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Your question' });
    await fireEvent.input(body, { target: { value: 'Asked in a tunnel' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Send' }));

    expect(body.value).toBe('');
    expect(
      screen.getByText(
        'You are offline. Your question is saved and will be sent when the connection returns.',
      ),
    ).toBeTruthy();
    expect(
      within(itemOf('Asked in a tunnel')).getByText('Not sent yet: waiting for the connection'),
    ).toBeTruthy();
    expect(socket.sent('question:ask')).toEqual([]);
    const queuedId = store.outbox[0]?.id;
    expect(queuedId).toMatch(UUID);
    expect(storage.data.get('lsc.outbox')).toContain(queuedId);

    socket.goOnline();

    await waitFor(() => expect(store.outbox).toEqual([]));
    expect(socket.sent('question:ask')).toEqual([
      expect.objectContaining({ id: queuedId, body: 'Asked in a tunnel' }),
    ]);
    expect(socket.sent('part:join').at(-1)).toEqual({ partId: 'p1', since: 10 });
    expect(screen.queryByText(/Connection lost/)).toBeNull();
    expect(within(itemOf('Asked in a tunnel')).queryByText(/Not sent yet/)).toBeNull();
    expect(JSON.parse(storage.data.get('lsc.outbox')!)).toEqual([]);
  });

  it('shows a question’s text as typed, never as markup', async () => {
    const { container } = await renderPanel({
      questions: [makeQuestion({ body: '<img src=x onerror=alert(1)>', displayName: '<b>Eve</b>' })],
    });

    expect(screen.getByText('<img src=x onerror=alert(1)>')).toBeTruthy();
    expect(screen.getByText('<b>Eve</b>')).toBeTruthy();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
  });

  it('counts the characters left, and the counter describes the field', async () => {
    await renderPanel();
    const body = screen.getByRole('textbox', { name: 'Your question' });
    const counter = screen.getByText('500 characters left');
    expect(body.getAttribute('aria-describedby')?.split(' ')).toContain(counter.id);

    await fireEvent.input(body, { target: { value: 'Why?' } });
    expect(counter.textContent).toBe('496 characters left');

    await fireEvent.input(body, { target: { value: 'x'.repeat(503) } });
    expect(counter.textContent).toBe('3 characters too many');
    expect(body.getAttribute('aria-invalid')).toBe('true');
  });

  it('pins the question on air, and marks the viewer’s own private questions', async () => {
    await renderPanel({
      questions: [
        makeQuestion({ body: 'On stage', status: 'on_air', votes: 1 }),
        makeQuestion({ body: 'Mine, waiting', status: 'pending', mine: true }),
        makeQuestion({ body: 'Mine, hidden', status: 'hidden', mine: true }),
        makeQuestion({ body: 'Public', votes: 3 }),
      ],
    });

    const pinned = screen.getByText('On air now').parentElement!;
    expect(within(pinned).getByText('On stage')).toBeTruthy();
    expect(bodies()).not.toContain('On stage');
    expect(
      within(itemOf('Mine, waiting')).getByText('Only you can see this: waiting for review'),
    ).toBeTruthy();
    expect(
      within(itemOf('Mine, hidden')).getByText('Only you can see this: hidden by a moderator'),
    ).toBeTruthy();
    expect(within(itemOf('Mine, hidden')).getByText('Your question')).toBeTruthy();
    expect(within(itemOf('Mine, hidden')).queryByRole('button', { name: 'Upvote' })).toBeNull();
    expect(within(itemOf('Public')).getByText('Anonymous')).toBeTruthy();
  });

  it('offers no upvote on one’s own question, and says how old each question is and when a moderator edited it', async () => {
    await renderPanel({
      questions: [
        makeQuestion({ body: 'Mine, public', votes: 4, mine: true, createdAt: cet('2024-02-22', '13:18') }),
        makeQuestion({ body: 'Theirs, edited', edited: true, createdAt: cet('2024-02-22', '12:10') }),
      ],
    });
    const mine = itemOf('Mine, public');
    expect(within(mine).queryByRole('button')).toBeNull();
    expect(within(mine).getByText('4 votes')).toBeTruthy();
    expect(within(mine).getByText('2 min ago')).toBeTruthy();
    const theirs = itemOf('Theirs, edited');
    expect(within(theirs).getByRole('button', { name: 'Upvote' })).toBeTruthy();
    expect(within(theirs).getByText('edited by the moderator')).toBeTruthy();
    expect(within(theirs).getByText('1 h ago')).toBeTruthy();
  });

  it('counts the name’s characters up to 80', async () => {
    await renderPanel();
    const name = screen.getByLabelText('Your name (optional)');
    await fireEvent.input(name, { target: { value: 'Anna' } });
    const counter = screen.getByText('4/80');
    expect(name.getAttribute('aria-describedby')?.split(' ')).toContain(counter.id);
  });

  it('without an open block: the form is disabled and says when questions open', async () => {
    const socket = new FakeLiveSocket('offline');
    await renderPanel({ at: cet('2024-02-22', '11:00'), socket });

    expect(screen.getByText('This Q&A block takes questions from 12:00 CET.')).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Send' }).disabled).toBe(true);
    expect(screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Your question' }).disabled).toBe(true);
  });
});
