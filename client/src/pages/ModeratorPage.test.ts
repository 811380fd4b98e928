import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { grantStorageKey } from '../lib/realtime/grant-secret.js';
import { FakeLiveSocket, ok } from '../../test-support/fake-socket.svelte.js';
import { json, stubFetch } from '../../test-support/fake-fetch.js';
import { makeModQuestion, makeModSnapshot } from '../../test-support/moderation.js';
import { cet, nowAt, seedEvent } from '../../test-support/seed-event.js';
import ModeratorPage from './ModeratorPage.svelte';

const AT = cet('2024-02-22', '13:20');
const eventPath = `/api/events/${seedEvent.slug}`;
const params = { slug: seedEvent.slug };

beforeEach(() => {
  stubFetch({ [eventPath]: () => json(seedEvent), [`${eventPath}/now`]: () => json(nowAt(AT)) });
});

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
  history.replaceState(null, '', '/');
});

function socketWith(questions = [makeModQuestion({ body: 'Hello moderators' })]) {
  const socket = new FakeLiveSocket();
  socket
    .respond('mod:join', () => ok(makeModSnapshot(questions)))
    .respond('clock:sync', () => ok({ serverTime: AT, clockRate: 1 }));
  return socket;
}

describe('ModeratorPage', () => {
  it('takes the link’s secret from the fragment, keeps it for the tab and removes it from the address bar', async () => {
    history.replaceState({ from: 'test' }, '', `/e/${seedEvent.slug}/moderate?part=p1#key=mod-secret`);
    const socket = socketWith();
    render(ModeratorPage, { params, connection: socket });

    expect(location.hash).toBe('');
    expect(location.pathname + location.search).toBe(`/e/${seedEvent.slug}/moderate?part=p1`);
    expect(history.state).toEqual({ from: 'test' });
    expect(sessionStorage.getItem(grantStorageKey(seedEvent.slug))).toBe('mod-secret');

    expect(await screen.findByText('Hello moderators')).toBeTruthy();
    expect(socket.started).toBe(true);
    expect(socket.sent('mod:join')).toEqual([{ partId: 'p1' }]);
    expect(screen.getByRole('switch', { name: 'Pre-moderation' }).getAttribute('aria-checked')).toBe('false');
    expect(screen.getByRole('combobox', { name: 'Part' })).toBeTruthy();
  });

  it('counts pending questions in the tab title, and folds the settings away', async () => {
    sessionStorage.setItem(grantStorageKey(seedEvent.slug), 'mod-secret');
    history.replaceState(null, '', `/e/${seedEvent.slug}/moderate`);
    const socket = socketWith([
      makeModQuestion({ status: 'pending', body: 'First pending' }),
      makeModQuestion({ status: 'pending', body: 'Second pending' }),
      makeModQuestion({ status: 'visible', body: 'Already visible' }),
    ]);
    render(ModeratorPage, { params, connection: socket });
    await screen.findByText('First pending');
    await waitFor(() => expect(document.title).toBe(`(2) Moderation · ${seedEvent.title}`));
    const tools = screen.getByText('Settings, Q&A blocks and export').closest('details')!;
    expect(tools.open).toBe(false);
    expect(within(tools).getByRole('switch', { name: 'Pre-moderation', hidden: true })).toBeTruthy();
  });

  it('makes a new console for another part: joins it, and the first part’s questions and count go', async () => {
    sessionStorage.setItem(grantStorageKey(seedEvent.slug), 'mod-secret');
    history.replaceState(null, '', `/e/${seedEvent.slug}/moderate`);
    const socket = new FakeLiveSocket();
    socket
      .respond('mod:join', ({ partId }) =>
        ok(
          partId === 'p1'
            ? makeModSnapshot([makeModQuestion({ status: 'pending', body: 'Pending in part 1' })])
            : makeModSnapshot([makeModQuestion({ partId: 'p2', body: 'Visible in part 2' })], {
                partId: 'p2',
              }),
        ),
      )
      .respond('clock:sync', () => ok({ serverTime: AT, clockRate: 1 }));
    render(ModeratorPage, { params, connection: socket });
    await screen.findByText('Pending in part 1');
    await waitFor(() => expect(document.title).toBe(`(1) Moderation · ${seedEvent.title}`));

    await fireEvent.change(screen.getByRole('combobox', { name: 'Part' }), { target: { value: 'p2' } });

    expect(await screen.findByText('Visible in part 2')).toBeTruthy();
    expect(screen.queryByText('Pending in part 1')).toBeNull();
    expect(socket.sent('mod:join')).toEqual([{ partId: 'p1' }, { partId: 'p2' }]);
    await waitFor(() => expect(document.title).toBe(`Moderation · ${seedEvent.title}`));
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Part' }).value).toBe('p2');
  });

  it('says when the queue changed under a reorder, and shows it reloaded', async () => {
    sessionStorage.setItem(grantStorageKey(seedEvent.slug), 'mod-secret');
    history.replaceState(null, '', `/e/${seedEvent.slug}/moderate`);
    const a = makeModQuestion({ status: 'queued', queuePosition: 1, body: 'Queued A' });
    const b = makeModQuestion({ status: 'queued', queuePosition: 2, body: 'Queued B' });
    const socket = socketWith([a, b]);
    socket.respond('mod:reorder', () => ({ ok: false, error: 'queue/stale', message: 'The queue changed.' }));
    render(ModeratorPage, { params, connection: socket });

    const card = await screen.findByRole('article', { name: 'Question: Queued A' });
    await fireEvent.click(within(card).getByRole('button', { name: 'Move down' }));

    expect(
      await screen.findByText(
        'The queue changed while you were reordering it. Here it is again; reorder once more.',
      ),
    ).toBeTruthy();
    expect(socket.sent('mod:reorder')).toEqual([{ partId: 'p1', queueVersion: 1, order: [b.id, a.id] }]);
    await waitFor(() => expect(socket.sent('mod:join')).toHaveLength(2));
    const queue = screen.getByRole('list', { name: /^Queue/ });
    expect(
      within(queue)
        .getAllByRole('article')
        .map((item) => item.dataset.questionId),
    ).toEqual([a.id, b.id]);
  });

  it('tells the moderator when the link is no longer valid, and forgets it', async () => {
    history.replaceState(null, '', `/e/${seedEvent.slug}/moderate#key=revoked`);
    const socket = new FakeLiveSocket('connecting');
    render(ModeratorPage, { params, connection: socket });
    expect(sessionStorage.getItem(grantStorageKey(seedEvent.slug))).toBe('revoked');

    socket.refuse();

    expect(
      (await screen.findAllByText('This link is no longer valid; ask the organizer for a new one.')).length,
    ).toBeGreaterThan(0);
    await waitFor(() => expect(sessionStorage.getItem(grantStorageKey(seedEvent.slug))).toBeNull());
  });

  it('asks for a link when the page was opened without one', () => {
    history.replaceState(null, '', `/e/${seedEvent.slug}/moderate`);
    render(ModeratorPage, { params });
    expect(screen.getByRole('alert').textContent).toContain(
      'This page opens from a moderator or speaker link.',
    );
  });
});
