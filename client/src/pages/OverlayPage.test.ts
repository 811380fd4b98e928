import { render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeLiveSocket, ok } from '../../test-support/fake-socket.svelte.js';
import { json, stubFetch } from '../../test-support/fake-fetch.js';
import { makeQuestion, makeSnapshot } from '../../test-support/questions.js';
import { cet, nowAt, seedEvent } from '../../test-support/seed-event.js';
import OverlayPage from './OverlayPage.svelte';

const AT = cet('2024-02-22', '14:40');
const eventPath = `/api/events/${seedEvent.slug}`;

afterEach(() => {
  vi.unstubAllGlobals();
  history.replaceState(null, '', '/');
});

function setup(questions = [makeQuestion({ body: 'Just visible' })]) {
  stubFetch({ [eventPath]: () => json(seedEvent), [`${eventPath}/now`]: () => json(nowAt(AT)) });
  const socket = new FakeLiveSocket();
  socket
    .respond('part:join', () => ok(makeSnapshot(AT, { questions })))
    .respond('clock:sync', () => ok({ serverTime: AT, clockRate: 1 }));
  const view = render(OverlayPage, { params: { slug: seedEvent.slug }, connection: socket, fadeMs: 0 });
  return { socket, ...view };
}

describe('OverlayPage', () => {
  it('shows nothing but a see-through page while no question is on air', async () => {
    const { socket, container, unmount } = setup();
    await waitFor(() => expect(socket.sent('part:join')).toEqual([{ partId: 'p1' }]));
    expect(document.documentElement.classList.contains('transparent-page')).toBe(true);
    expect(screen.queryByText('Just visible')).toBeNull();
    expect(container.textContent?.trim()).toBe('');
    expect(container.querySelector('button, a, input')).toBeNull();
    unmount();
    expect(document.documentElement.classList.contains('transparent-page')).toBe(false);
  });

  it('shows the question on air with the asker’s name when it arrives, and hides it when it leaves', async () => {
    const { socket } = setup();
    await waitFor(() => expect(socket.sent('part:join')).toHaveLength(1));
    const question = makeQuestion({ body: 'Does the gel need warming?', displayName: 'Anna', version: 20 });

    socket.push('question:upserted', { ...question, status: 'on_air' });
    expect(await screen.findByText('Does the gel need warming?')).toBeTruthy();
    expect(screen.getByText('Anna')).toBeTruthy();

    socket.push('question:upserted', { ...question, status: 'answered', version: 21 });
    await waitFor(() => expect(screen.queryByText('Does the gel need warming?')).toBeNull());

    socket.push('question:upserted', { ...question, status: 'on_air', version: 22 });
    expect(await screen.findByText('Does the gel need warming?')).toBeTruthy();
    socket.push('question:removed', { id: question.id, partId: 'p1', version: 23 });
    await waitFor(() => expect(screen.queryByText('Does the gel need warming?')).toBeNull());
  });

  it('shows a question already on air in the snapshot, in the part pinned by ?part=', async () => {
    history.replaceState(null, '', `/e/${seedEvent.slug}/overlay?part=p1`);
    setup([makeQuestion({ body: 'Already live', status: 'on_air', partId: 'p1' })]);
    expect(await screen.findByText('Already live')).toBeTruthy();
  });
});
