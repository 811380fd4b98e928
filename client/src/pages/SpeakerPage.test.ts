import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeLiveSocket, ok } from '../../test-support/fake-socket.svelte.js';
import { json, stubFetch } from '../../test-support/fake-fetch.js';
import { makeModQuestion, makeSpeakerSnapshot, queueOf } from '../../test-support/moderation.js';
import { part1 } from '../../test-support/questions.js';
import { cet, nowAt, seedEvent } from '../../test-support/seed-event.js';
import SpeakerPage from './SpeakerPage.svelte';

const AT = cet('2024-02-22', '14:40');
const eventPath = `/api/events/${seedEvent.slug}`;
const params = { slug: seedEvent.slug };

beforeEach(() => {
  history.replaceState(null, '', `/e/${seedEvent.slug}/speaker#key=speaker-secret`);
  stubFetch({ [eventPath]: () => json(seedEvent), [`${eventPath}/now`]: () => json(nowAt(AT)) });
});

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
  history.replaceState(null, '', '/');
});

const talk = part1.items[1];
const onAir = makeModQuestion({
  status: 'on_air',
  body: 'How do you start?',
  displayName: 'Anna',
  votes: 7,
  talkId: talk.id,
});
const queued = ['One', 'Two', 'Three', 'Four'].map((body, i) =>
  makeModQuestion({ status: 'queued', queuePosition: i + 1, body: `Queued ${body}` }),
);

function socketWith(snapshot = makeSpeakerSnapshot([onAir, ...queued])) {
  const socket = new FakeLiveSocket();
  socket
    .respond('speaker:join', () => ok(snapshot))
    .respond('clock:sync', () => ok({ serverTime: AT, clockRate: 1 }));
  return socket;
}

describe('SpeakerPage', () => {
  it('shows the question on air large, with its talk, votes and asker, then the next three', async () => {
    const socket = socketWith();
    render(SpeakerPage, { params, connection: socket });

    await screen.findByText('How do you start?');
    const live = screen.getByRole('region', { name: 'On air' });
    expect(within(live).getByText('How do you start?')).toBeTruthy();
    expect(within(live).getByText(talk.title)).toBeTruthy();
    // The name is isolated for bidi (FSI … PDI) inside the sentence.
    expect(within(live).getByText('Asked by \u2068Anna\u2069')).toBeTruthy();
    expect(within(live).getByText('7 votes')).toBeTruthy();
    expect(socket.sent('speaker:join')).toEqual([{ partId: 'p1' }]);

    const next = screen.getByRole('region', { name: 'Next in the queue' });
    expect(
      within(next)
        .getAllByRole('listitem')
        .map((li) => li.querySelector('.next-question')?.textContent),
    ).toEqual(['Queued One', 'Queued Two', 'Queued Three']);
    expect(within(next).getByText('1 more queued')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
    // The secret left the address bar.
    expect(location.hash).toBe('');
  });

  it('follows the queue live, and says when nothing is on air', async () => {
    const socket = socketWith();
    render(SpeakerPage, { params, connection: socket });
    await screen.findByText('How do you start?');

    socket.push('queue:changed', {
      ...queueOf(queued.slice(1), 5),
      onAir: queueOf([{ ...queued[0], status: 'on_air' }]).onAir,
    });
    expect(await screen.findByText('Queued One', { selector: '.question' })).toBeTruthy();

    socket.push('queue:changed', queueOf([], 6));
    expect(await screen.findByText('No question on air yet')).toBeTruthy();
    expect(screen.getByText('Nothing else is queued.')).toBeTruthy();
    // "On air" only when something is.
    expect(screen.queryByRole('region', { name: 'On air' })).toBeNull();
    expect(screen.getByRole('region', { name: 'Nothing on air' })).toBeTruthy();
  });

  it('shows the clock and the time left of the Q&A block on the event clock', async () => {
    render(SpeakerPage, { params, connection: socketWith() });
    // 14:40 CET, in the Q&A block of 14:30–15:00.
    expect(await screen.findByText('14:40')).toBeTruthy();
    expect(await screen.findByText(/^Q&A: (20:00|19:5\d) left$/)).toBeTruthy();
  });

  it('offers "Mark answered" only when speakers may, and asks to confirm', async () => {
    const socket = socketWith();
    socket.respond('speaker:answered', () => ok(queueOf(queued, 9)));
    render(SpeakerPage, { params, connection: socket });
    await screen.findByText('How do you start?');
    expect(screen.queryByRole('button', { name: 'Mark answered' })).toBeNull();

    socket.push('settings:changed', {
      eventSlug: seedEvent.slug,
      preModeration: false,
      speakersMayAnswer: true,
      holdPatientData: true,
      holdProfanity: true,
    });
    const mark = await screen.findByRole('button', { name: 'Mark answered' });
    // Where the eye is: right with the question on air.
    expect(within(screen.getByRole('region', { name: 'On air' })).getByRole('button')).toBe(mark);
    await fireEvent.click(mark);
    expect(socket.sent('speaker:answered')).toEqual([]);
    await fireEvent.click(screen.getByRole('button', { name: 'Yes, mark answered' }));

    await waitFor(() => expect(socket.sent('speaker:answered')).toEqual([{ questionId: onAir.id }]));
    expect(await screen.findByText('No question on air yet')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('shows the labels of the question on air and of the next ones', async () => {
    const panel = { id: '00000000-0000-4000-8000-000000000002', name: 'For the panel' };
    const imaging = { id: '00000000-0000-4000-8000-000000000001', name: 'Imaging' };
    const labelled = [
      { ...onAir, labels: [panel] },
      { ...queued[0], labels: [imaging] },
    ];
    render(SpeakerPage, { params, connection: socketWith(makeSpeakerSnapshot(labelled)) });
    await screen.findByText('How do you start?');
    const chips = (region: string) =>
      within(within(screen.getByRole('region', { name: region })).getByRole('list', { name: 'Labels' }))
        .getAllByRole('listitem')
        .map((li) => li.textContent);
    expect(chips('On air')).toEqual(['For the panel']);
    expect(chips('Next in the queue')).toEqual(['Imaging']);
  });

  it('lets the part go with the page: a reconnection afterwards joins nothing', async () => {
    const socket = socketWith();
    const { unmount } = render(SpeakerPage, { params, connection: socket });
    await screen.findByText('How do you start?');
    socket.goOffline();
    socket.goOnline();
    await waitFor(() => expect(socket.sent('speaker:join')).toHaveLength(2));

    unmount();
    socket.goOffline();
    socket.goOnline();
    await Promise.resolve();
    expect(socket.sent('speaker:join')).toHaveLength(2);
  });
});
