// The console's course-day additions: the block filter, compact cards with a "More" menu, and
// the optional sound for questions waiting for review.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ModeratorQuestionView } from '../../../../../shared/moderation.js';
import { FakeLiveSocket, ok } from '../../../../test-support/fake-socket.svelte.js';
import { ModerationStore } from '../../state/moderation.svelte.js';
import { makeModQuestion, makeModSnapshot, queueOf } from '../../../../test-support/moderation.js';
import { agendaAt, memoryStorage } from '../../../../test-support/questions.js';
import { cet } from '../../../../test-support/seed-event.js';
import ModerationConsole from './ModerationConsole.svelte';
import PendingSound, { SOUND_PREFERENCE_KEY } from './PendingSound.svelte';

const AT = cet('2024-02-22', '13:20');
const stores: ModerationStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.destroy();
});

async function joinedStore(questions: ModeratorQuestionView[], socket = new FakeLiveSocket()) {
  const agenda = await agendaAt(AT);
  socket.respond('mod:join', () => ok(makeModSnapshot(questions, { queue: queueOf(questions, 1) })));
  const store = new ModerationStore('p1', { connection: socket, agenda });
  stores.push(store);
  store.start();
  await vi.waitFor(() => expect(store.joined).toBe(true));
  return { store, socket };
}

const incomingBodies = (): string[] =>
  within(screen.getByRole('list', { name: /^Incoming/ }))
    .getAllByRole('article')
    .map((a) => a.querySelector('.body')?.textContent ?? '');
const card = (body: string): HTMLElement => screen.getByRole('article', { name: `Question: ${body}` });

describe('ModerationConsole: block filter', () => {
  it('narrows the incoming questions to one Q&A block, and shows all again', async () => {
    const { store } = await joinedStore([
      makeModQuestion({ body: 'First block', blockId: 'p1-i4', votes: 2 }),
      makeModQuestion({ body: 'Second block', blockId: 'p1-i9', votes: 1 }),
    ]);
    render(ModerationConsole, { store });

    const filter = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Q&A block' });
    expect([...filter.options].map((o) => o.textContent?.trim())).toEqual([
      'All blocks',
      '14:30–15:00 Q&A Session',
      '17:30–18:00 Q&A Session',
    ]);
    expect(incomingBodies()).toEqual(['First block', 'Second block']);

    await fireEvent.change(filter, { target: { value: 'p1-i9' } });
    expect(incomingBodies()).toEqual(['Second block']);
    expect(screen.getByText('1 of 2 shown')).toBeTruthy();

    await fireEvent.change(filter, { target: { value: 'all' } });
    expect(incomingBodies()).toEqual(['First block', 'Second block']);
  });
});

describe('QuestionCard: compact, with a menu for the rarer actions', () => {
  it('keeps approve, hide and queue as buttons; star, edit and merge sit behind "More"', async () => {
    const { store } = await joinedStore([
      makeModQuestion({ body: 'Needs review', status: 'pending' }),
      makeModQuestion({ body: 'Approved already', status: 'visible' }),
    ]);
    render(ModerationConsole, { store });

    const pending = within(card('Needs review'));
    expect(pending.getAllByRole('button').map((b) => b.textContent?.trim())).toEqual(
      expect.arrayContaining(['Approve', 'Hide', 'More']),
    );
    const visible = within(card('Approved already'));
    for (const name of ['Queue', 'Put on air', 'Hide'])
      expect(visible.getByRole('button', { name })).toBeTruthy();
    for (const name of ['Star', 'Edit', 'Merge into…'])
      expect(visible.queryByRole('button', { name })).toBeNull();
    const more = visible.getByRole('button', { name: 'More' });
    expect(more.getAttribute('aria-haspopup')).toBe('menu');
    expect(more.getAttribute('aria-expanded')).toBe('false');
    expect(visible.queryByRole('menu')).toBeNull();
  });

  it('opens with the keyboard, moves with the arrows, runs an item, and Escape gives the focus back', async () => {
    const { store } = await joinedStore([makeModQuestion({ body: 'Approved already', status: 'visible' })]);
    render(ModerationConsole, { store });
    const more = within(card('Approved already')).getByRole('button', { name: 'More' });
    more.focus();

    await fireEvent.keyDown(more, { key: 'ArrowDown' });
    const menu = await within(card('Approved already')).findByRole('menu', { name: 'More' });
    expect(more.getAttribute('aria-expanded')).toBe('true');
    expect(more.getAttribute('aria-controls')).toBe(menu.id);
    const items = [
      ...within(menu).getAllByRole('menuitem'),
      ...within(menu).getAllByRole('menuitemcheckbox'),
    ];
    expect(items.map((i) => i.textContent?.trim()).sort()).toEqual([
      'Answer in text',
      'Edit',
      'Labels…',
      'Merge into…',
      'Star',
    ]);
    const star = within(menu).getByRole('menuitemcheckbox', { name: 'Star' });
    expect(star.getAttribute('aria-checked')).toBe('false');
    await waitFor(() => expect(document.activeElement?.textContent?.trim()).toBe('Star'));

    // Down from the first, Up wraps around to the last; a shortcut letter does not reach the card.
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent?.trim()).toBe('Answer in text');
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent?.trim()).toBe('Edit');
    await fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement?.textContent?.trim()).toBe('Merge into…');
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent?.trim()).toBe('Star');
    await fireEvent.keyDown(document.activeElement!, { key: 'e' });
    expect(screen.queryByLabelText('Text of the question')).toBeNull();

    await fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(within(card('Approved already')).queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(more);
    expect(more.getAttribute('aria-expanded')).toBe('false');

    // Enter on the button opens it too (a native button click); choosing Edit opens the editor.
    await fireEvent.click(more);
    await fireEvent.click(within(card('Approved already')).getByRole('menuitem', { name: 'Edit' }));
    expect(within(card('Approved already')).getByLabelText('Text of the question')).toBeTruthy();
    expect(within(card('Approved already')).queryByRole('menu')).toBeNull();
  });
});

describe('PendingSound', () => {
  // What ModeratorPart reports to the page's header as the store changes.
  const pendingOf = (store: ModerationStore) => ({
    joined: store.joined,
    pendingIds: store.live.filter((q) => q.status === 'pending').map((q) => q.id),
  });

  it('is off by default; once on (and remembered) it sounds for a new pending question only', async () => {
    const socket = new FakeLiveSocket();
    const { store } = await joinedStore(
      [makeModQuestion({ body: 'Already waiting', status: 'pending' })],
      socket,
    );
    const storage = memoryStorage();
    const play = vi.fn();
    const view = render(PendingSound, { pending: pendingOf(store), storage, play });

    const toggle = screen.getByRole('switch', { name: 'Sound for new questions to review' });
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    socket.push('mod:question', makeModQuestion({ body: 'New while off', status: 'pending' }));
    await waitFor(() => expect(store.live.some((q) => q.body === 'New while off')).toBe(true));
    await view.rerender({ pending: pendingOf(store) });
    expect(play).not.toHaveBeenCalled();

    await fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    expect(storage.data.get(SOUND_PREFERENCE_KEY)).toBe('on');
    expect(play).not.toHaveBeenCalled();

    socket.push('mod:question', makeModQuestion({ body: 'Approved elsewhere', status: 'visible' }));
    await waitFor(() => expect(store.live.some((q) => q.body === 'Approved elsewhere')).toBe(true));
    await view.rerender({ pending: pendingOf(store) });
    expect(play).not.toHaveBeenCalled();

    socket.push('mod:question', makeModQuestion({ body: 'New while on', status: 'pending' }));
    await waitFor(() => expect(store.live.some((q) => q.body === 'New while on')).toBe(true));
    await view.rerender({ pending: pendingOf(store) });
    await waitFor(() => expect(play).toHaveBeenCalledTimes(1));

    // Remembered: a console opened later starts with the sound on.
    view.unmount();
    render(PendingSound, { pending: pendingOf(store), storage, play });
    expect(
      screen.getByRole('switch', { name: 'Sound for new questions to review' }).getAttribute('aria-checked'),
    ).toBe('true');
  });
});
