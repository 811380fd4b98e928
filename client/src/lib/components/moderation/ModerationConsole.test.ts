import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ModeratorQuestionView } from '../../../../../shared/moderation.js';
import { FakeLiveSocket, ok } from '../../../../test-support/fake-socket.svelte.js';
import { ModerationStore } from '../../state/moderation.svelte.js';
import {
  makeModQuestion,
  makeModSnapshot,
  publicView,
  queueOf,
} from '../../../../test-support/moderation.js';
import { agendaAt } from '../../../../test-support/questions.js';
import { cet } from '../../../../test-support/seed-event.js';
import ModerationConsole from './ModerationConsole.svelte';

const AT = cet('2024-02-22', '13:20');
const stores: ModerationStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.destroy();
});

async function setup(questions: ModeratorQuestionView[], socket = new FakeLiveSocket(), queueVersion = 1) {
  const agenda = await agendaAt(AT);
  if (!socket.scripted('mod:join')) {
    socket.respond('mod:join', () =>
      ok(makeModSnapshot(questions, { queue: queueOf(questions, queueVersion) })),
    );
  }
  const store = new ModerationStore('p1', { connection: socket, agenda });
  stores.push(store);
  store.start();
  await vi.waitFor(() => expect(store.joined).toBe(true));
  render(ModerationConsole, { store });
  return { store, socket };
}

const card = (body: string): HTMLElement => screen.getByRole('article', { name: `Question: ${body}` });

function reorderEcho(all: ModeratorQuestionView[], socket: FakeLiveSocket, start: number) {
  let version = start;
  const byId = new Map(all.map((q) => [q.id, q]));
  socket.respond('mod:reorder', (request) => {
    version += 1;
    return ok({ ...queueOf([], version), queued: request.order.map((id) => publicView(byId.get(id)!)) });
  });
}

describe('ModerationConsole', () => {
  it('shows each state in its column', async () => {
    await setup([
      makeModQuestion({ status: 'pending', body: 'Waiting for approval' }),
      makeModQuestion({ status: 'queued', queuePosition: 1, body: 'Queued one' }),
      makeModQuestion({ status: 'on_air', body: 'Live one' }),
      makeModQuestion({ status: 'answered', body: 'Done one' }),
      makeModQuestion({ status: 'hidden', body: 'Hidden one', originalBody: 'Hidden 1' }),
    ]);
    const column = (name: string) => screen.getByRole('region', { name: new RegExp(`^${name}`) });
    expect(within(column('Incoming')).getByText('Waiting for approval')).toBeTruthy();
    expect(within(column('Incoming')).getByText('Pending')).toBeTruthy();
    expect(within(column('Queue')).getByText('Queued one')).toBeTruthy();
    expect(within(column('On air')).getByText('Live one')).toBeTruthy();
    expect(within(column('Answered')).getByText('Done one')).toBeTruthy();
    // The original text is isolated for bidi (FSI … PDI around it).
    expect(within(column('Hidden')).getByText('Originally: \u2068Hidden 1\u2069')).toBeTruthy();
    expect(within(card('Hidden one')).getByRole('button', { name: 'Restore' })).toBeTruthy();
  });

  it('says when a question left the air with its block, and offers answered or back to the queue', async () => {
    const ended = makeModQuestion({
      status: 'visible',
      body: 'Still talking at three',
      airEndedAt: cet('2024-02-22', '15:00'),
    });
    const { socket } = await setup([ended]);
    socket.respond('mod:act', (request) =>
      ok({ ...ended, status: 'queued', airEndedAt: null, revision: request.revision + 1 }),
    );
    const incoming = within(card('Still talking at three'));
    expect(
      incoming.getByText(
        'This question was on air when its block ended at 15:00, so it left the screen. Was it answered, or should it go back to the queue?',
      ),
    ).toBeTruthy();
    const buttons = incoming.getAllByRole('button').map((b) => b.textContent?.trim());
    expect(buttons.slice(0, 2)).toEqual(['Mark answered', 'Back to the queue']);
    expect(buttons.filter((b) => b === 'Queue')).toEqual([]);
    // The history names the link's label and the block's end, not ids.
    socket.respond('mod:history', () =>
      ok([
        {
          at: AT,
          actor: 'moderator:0b7c9d1e-0000-4000-8000-000000000001',
          actorLabel: 'Anna',
          action: 'on_air',
          questionId: ended.id,
          before: { status: 'visible' },
          after: { status: 'on_air' },
        },
        {
          at: AT,
          actor: 'system:block_end',
          actorLabel: null,
          action: 'air_ended',
          questionId: ended.id,
          before: { status: 'on_air' },
          after: { status: 'visible' },
        },
      ]),
    );
    const history = card('Still talking at three').querySelector('details.history')!;
    history.setAttribute('open', '');
    await fireEvent(history, new Event('toggle'));
    expect(await within(card('Still talking at three')).findByText(/Anna \(moderator\)/)).toBeTruthy();
    expect(within(card('Still talking at three')).getByText(/The end of its block/)).toBeTruthy();
    expect(within(card('Still talking at three')).queryByText(/0b7c9d1e/)).toBeNull();
    await fireEvent.click(incoming.getByRole('button', { name: 'Back to the queue' }));
    await waitFor(() =>
      expect(socket.sent('mod:act')).toEqual([
        { action: 'queue', questionId: ended.id, revision: ended.revision },
      ]),
    );
  });

  it('acts on the focused question with shortcuts, but not while typing', async () => {
    const first = makeModQuestion({ status: 'pending', body: 'First', revision: 2 });
    // Asked a minute after the first, so it stands below it whatever the ids.
    const second = makeModQuestion({
      status: 'pending',
      body: 'Second',
      createdAt: cet('2024-02-22', '13:01'),
    });
    const socket = new FakeLiveSocket();
    socket.respond('mod:act', (request) =>
      ok({ ...first, status: 'visible', revision: request.revision + 1 }),
    );
    await setup([first, second], socket);

    await fireEvent.keyDown(screen.getByRole('searchbox', { name: 'Search the text' }), { key: 'a' });
    expect(socket.sent('mod:act')).toEqual([]);

    card('First').focus();
    await fireEvent.keyDown(card('First'), { key: 'j' });
    expect(document.activeElement).toBe(card('Second'));
    await fireEvent.keyDown(card('Second'), { key: 'k' });
    expect(document.activeElement).toBe(card('First'));

    await fireEvent.keyDown(card('First'), { key: 'a' });
    await waitFor(() =>
      expect(socket.sent('mod:act')).toEqual([{ action: 'approve', questionId: first.id, revision: 2 }]),
    );

    await fireEvent.keyDown(card('First'), { key: 'e' });
    const field = await screen.findByRole('textbox', { name: 'Text of the question' });
    await waitFor(() => expect(document.activeElement).toBe(field));
    await fireEvent.keyDown(field, { key: 's' });
    expect(socket.sent('mod:act')).toHaveLength(1);
  });

  it('answers in text from "More", shows the answer on the card, and edits it', async () => {
    const open = makeModQuestion({ body: 'Handout?', revision: 3 });
    const socket = new FakeLiveSocket();
    socket.respond('mod:act', (request) =>
      ok({
        ...open,
        status: 'answered',
        answeredHow: 'text',
        reply: { text: request.action === 'reply' ? request.text.trim() : '', at: AT, by: 'Anna' },
        revision: request.revision + 1,
      }),
    );
    await setup([open], socket);

    await fireEvent.click(within(card('Handout?')).getByRole('button', { name: 'More' }));
    await fireEvent.click(screen.getByRole('menuitem', { name: 'Answer in text' }));
    const field = await screen.findByRole('textbox', { name: /Answer in text/ });
    await waitFor(() => expect(document.activeElement).toBe(field));
    // Empty: refused in the page, nothing sent.
    await fireEvent.click(screen.getByRole('button', { name: 'Send answer' }));
    expect(socket.sent('mod:act')).toEqual([]);
    await fireEvent.input(field, { target: { value: ' On the course page. ' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Send answer' }));
    await waitFor(() =>
      expect(socket.sent('mod:act')).toEqual([
        { action: 'reply', text: ' On the course page. ', questionId: open.id, revision: 3 },
      ]),
    );
    const answered = card('Handout?');
    await waitFor(() => expect(within(answered).getByText('Answered in text by Anna')).toBeTruthy());
    expect(within(answered).getByText('On the course page.')).toBeTruthy();
    expect(within(answered).queryByRole('textbox')).toBeNull();

    // Editing starts from the answer as it stands.
    await fireEvent.click(within(answered).getByRole('button', { name: 'More' }));
    await fireEvent.click(screen.getByRole('menuitem', { name: 'Edit the answer' }));
    const again = await screen.findByRole<HTMLTextAreaElement>('textbox', { name: /Answer in text/ });
    expect(again.value).toBe('On the course page.');
    await fireEvent.input(again, { target: { value: 'On the course page, under Materials.' } });
    await fireEvent.keyDown(again, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(socket.sent('mod:act')).toHaveLength(2));
    expect(socket.sent('mod:act')[1]).toMatchObject({ action: 'reply', revision: 4 });
  });

  it('marks answered with d and opens the merge with m', async () => {
    const live = makeModQuestion({ status: 'on_air', body: 'Live now', revision: 4 });
    const waiting = makeModQuestion({ status: 'visible', body: 'Twin' });
    const queued = makeModQuestion({ status: 'queued', queuePosition: 1, body: 'Up next' });
    const socket = new FakeLiveSocket();
    socket.respond('mod:act', (request) =>
      ok({ ...live, status: 'answered', revision: request.revision + 1 }),
    );
    await setup([live, waiting, queued], socket);

    card('Live now').focus();
    await fireEvent.keyDown(card('Live now'), { key: 'd' });
    await waitFor(() =>
      expect(socket.sent('mod:act')).toEqual([{ action: 'answered', questionId: live.id, revision: 4 }]),
    );
    card('Twin').focus();
    await fireEvent.keyDown(card('Twin'), { key: 'm' });
    expect(await screen.findByRole('dialog')).toBeTruthy();
  });

  it('reorders the queue with the move buttons and the arrow keys, keeping the focus', async () => {
    const a = makeModQuestion({ status: 'queued', queuePosition: 1, body: 'A' });
    const b = makeModQuestion({ status: 'queued', queuePosition: 2, body: 'B' });
    const c = makeModQuestion({ status: 'queued', queuePosition: 3, body: 'C' });
    const socket = new FakeLiveSocket();
    reorderEcho([a, b, c], socket, 7);
    await setup([a, b, c], socket, 7);

    const down = within(card('A')).getByRole('button', { name: 'Move down' });
    down.focus();
    await fireEvent.click(down);
    await waitFor(() => expect(socket.sent('mod:reorder')).toHaveLength(1));
    expect(socket.sent('mod:reorder')[0]).toEqual({
      partId: 'p1',
      queueVersion: 7,
      order: [b.id, a.id, c.id],
    });
    expect(document.activeElement).toBe(down);
    expect(screen.getByText('Moved to position 2 of 3.')).toBeTruthy();

    const handle = within(card('C')).getByRole('button', { name: /^Reorder “C”/ });
    await fireEvent.keyDown(handle, { key: 'ArrowUp' });
    await waitFor(() => expect(socket.sent('mod:reorder')).toHaveLength(2));
    expect(socket.sent('mod:reorder')[1]).toEqual({
      partId: 'p1',
      queueVersion: 8,
      order: [b.id, c.id, a.id],
    });

    await fireEvent.keyDown(card('B'), { key: 'ArrowDown', altKey: true });
    await waitFor(() => expect(socket.sent('mod:reorder')).toHaveLength(3));
    expect(socket.sent('mod:reorder')[2]).toEqual({
      partId: 'p1',
      queueVersion: 9,
      order: [c.id, b.id, a.id],
    });
    const items = within(screen.getByRole('list', { name: /^Queue/ })).getAllByRole('article');
    expect(items.map((item) => item.dataset.questionId)).toEqual([c.id, b.id, a.id]);
  });

  it('offers likely duplicates first when merging', async () => {
    const target = makeModQuestion({ body: 'How do I explain radiation dose?' });
    const unrelated = makeModQuestion({ body: 'Is the gel warmed?', votes: 5 });
    const duplicate = makeModQuestion({ body: 'How to explain the radiation dose to patients?' });
    const socket = new FakeLiveSocket();
    socket.respond('mod:act', () =>
      ok({ ...target, status: 'merged', mergedIntoId: duplicate.id, revision: 1, version: 2 }),
    );
    await setup([target, unrelated, duplicate], socket);

    // Merging is one of the rarer actions, behind the card's "More" menu.
    await fireEvent.click(within(card(target.body)).getByRole('button', { name: 'More' }));
    await fireEvent.click(within(card(target.body)).getByRole('menuitem', { name: 'Merge into…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Merge into another question' });
    const options = within(dialog).getAllByRole('listitem');
    expect(options[0].textContent).toContain('Likely duplicate: 92% similar');
    expect(options[0].textContent).toContain(duplicate.body);
    expect(options[1].textContent).toContain(unrelated.body);

    await fireEvent.click(within(options[0]).getByRole('button', { name: 'Merge into this' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(socket.sent('mod:act')).toEqual([
      { action: 'merge', questionId: target.id, revision: 0, intoId: duplicate.id },
    ]);
  });
});
