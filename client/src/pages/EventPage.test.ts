import { render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeLiveSocket, ok } from '../../test-support/fake-socket.svelte.js';
import { json, stubFetch } from '../../test-support/fake-fetch.js';
import { makeQuestion, makeSnapshot } from '../../test-support/questions.js';
import { cet, nowAt, seedEvent } from '../../test-support/seed-event.js';
import EventPage from './EventPage.svelte';

afterEach(() => {
  vi.unstubAllGlobals();
});

const params = { slug: seedEvent.slug };
const eventPath = `/api/events/${seedEvent.slug}`;

describe('EventPage', () => {
  it('puts the Q&A of the part on now between the stream and the agenda', async () => {
    const at = cet('2024-02-22', '13:20');
    stubFetch({ [eventPath]: () => json(seedEvent), [`${eventPath}/now`]: () => json(nowAt(at)) });
    const socket = new FakeLiveSocket();
    socket
      .respond('part:join', () => ok(makeSnapshot(at, { questions: [makeQuestion({ body: 'Hello?' })] })))
      .respond('clock:sync', () => ok({ serverTime: at, clockRate: 1 }));
    const { unmount } = render(EventPage, { params, connection: socket });

    expect(await screen.findByText('Hello?')).toBeTruthy();
    expect(socket.started).toBe(true);
    expect(socket.sent('part:join')).toEqual([{ partId: 'p1' }]);

    const regions = ['Stream', 'Questions', 'Agenda'].map((name) => screen.getByRole('region', { name }));
    for (let i = 1; i < regions.length; i++) {
      expect(
        regions[i - 1].compareDocumentPosition(regions[i]) & Node.DOCUMENT_POSITION_FOLLOWING,
      ).toBeTruthy();
    }

    unmount();
    expect(socket.destroyed).toBe(true);
  });

  it('speaks to a person about an unknown course, not about the API', async () => {
    const at = cet('2024-02-22', '13:20');
    stubFetch({
      '/api/events/no-such-course': () =>
        json(
          { error: 'event/not_found', message: 'No event is published as "x". See GET /api/events.' },
          404,
        ),
      '/api/events/no-such-course/now': () => json(nowAt(at)),
    });
    render(EventPage, { params: { slug: 'no-such-course' }, connection: new FakeLiveSocket() });
    expect(await screen.findByText(/We could not find this course\./)).toBeTruthy();
    expect(screen.queryByText(/GET \/api/)).toBeNull();
  });

  it('reads the clock over the socket when the HTTP reading fails', async () => {
    const at = cet('2024-03-21', '13:20');
    stubFetch({ [eventPath]: () => json(seedEvent) }); // /now answers 404
    const socket = new FakeLiveSocket('connecting');
    socket
      .respond('clock:sync', () => ok({ serverTime: at, clockRate: 1 }))
      .respond('part:join', () => ok(makeSnapshot(at, { partId: 'p2', blocks: [] })));
    render(EventPage, { params, connection: socket });
    await screen.findByRole('heading', { level: 1, name: seedEvent.title });
    expect(screen.queryByRole('region', { name: 'Questions' })).toBeNull();

    socket.goOnline();

    await waitFor(() => expect(socket.sent('part:join')).toEqual([{ partId: 'p2' }]));
    expect(screen.getByRole('region', { name: 'Questions' })).toBeTruthy();
  });
});
