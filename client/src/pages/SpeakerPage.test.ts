import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeLiveSocket, ok } from '../../test-support/fake-socket.svelte.js';
import { json, stubFetch } from '../../test-support/fake-fetch.js';
import { makeModQuestion, makeSpeakerSnapshot, publicView, queueOf } from '../../test-support/moderation.js';
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
    // Where the eye is: right with the question on air, first of its buttons.
    expect(within(screen.getByRole('region', { name: 'On air' })).getAllByRole('button')[0]).toBe(mark);
    await fireEvent.click(mark);
    expect(socket.sent('speaker:answered')).toEqual([]);
    await fireEvent.click(screen.getByRole('button', { name: 'Yes, mark answered' }));

    await waitFor(() => expect(socket.sent('speaker:answered')).toEqual([{ questionId: onAir.id }]));
    expect(await screen.findByText('No question on air yet')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /answered/ })).toBeNull();
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

  describe('answers in text', () => {
    const allowed = () =>
      makeSpeakerSnapshot([{ ...onAir, revision: 4 }, ...queued], { speakersMayAnswer: true });
    const answered = (q: typeof onAir, text: string, at = '2024-02-22T13:41:00.000Z') => ({
      ...q,
      status: 'answered' as const,
      queuePosition: null,
      answeredHow: 'text' as const,
      reply: { text, at, by: 'M. Radzina' },
      revision: q.revision + 1,
      version: q.version + 1,
    });

    it('offers "Answer in text" only when speakers may answer', async () => {
      render(SpeakerPage, { params, connection: socketWith() });
      await screen.findByText('How do you start?');
      expect(screen.queryByRole('button', { name: 'Answer in text' })).toBeNull();
    });

    it('answers the question on air in the moderators’ form, with its revision; it moves to the answered list', async () => {
      const socket = socketWith(allowed());
      const reply = answered({ ...onAir, revision: 4 }, 'See the handout, page 2.');
      socket.respond('mod:act', () => {
        // As the server does: the queue without it before the acknowledgement.
        socket.push('queue:changed', queueOf(queued, 2));
        socket.push('speaker:question', publicView(reply));
        return ok(reply);
      });
      render(SpeakerPage, { params, connection: socket });
      await screen.findByText('How do you start?');
      const live = within(screen.getByRole('region', { name: 'On air' }));
      const open = live.getByRole('button', { name: 'Answer in text' });
      // The button says which question it answers.
      expect(open.getAttribute('aria-describedby')).toBe(live.getByText('How do you start?').id);
      await fireEvent.click(open);

      const field = live.getByRole('textbox', { name: /Answer in text/ });
      expect(document.activeElement).toBe(field);
      await fireEvent.input(field, { target: { value: 'See the handout, page 2.' } });
      await fireEvent.click(live.getByRole('button', { name: 'Send answer' }));

      await waitFor(() =>
        expect(socket.sent('mod:act')).toEqual([
          { action: 'reply', questionId: onAir.id, revision: 4, text: 'See the handout, page 2.' },
        ]),
      );
      // Off air, out of the queue.
      expect(await screen.findByText('No question on air yet')).toBeTruthy();
      const list = await screen.findByText('Answered in text (1)');
      // Folded: the count shows, the answers on opening it.
      const details = list.closest('details')!;
      expect(details.open).toBe(false);
      expect(within(details).getByText('How do you start?')).toBeTruthy();
      expect(within(details).getByText('Answered in text by M. Radzina')).toBeTruthy();
      expect(within(details).getByText('See the handout, page 2.')).toBeTruthy();
      // The form went with its question; the focus went to the list it moved to. Its own
      // answer left the queue with it: no draft is kept as unsent.
      expect(screen.queryByRole('textbox')).toBeNull();
      expect(screen.queryByRole('status', { name: 'Your answer was not sent' })).toBeNull();
      await waitFor(() => expect(document.activeElement).toBe(list));
    });

    it('shows the server’s message when the answer is refused, and keeps the draft', async () => {
      const socket = socketWith(allowed());
      const message =
        'Someone changed this question a moment ago (it is now queued). Check it and try again.';
      socket.respond('mod:act', () => ({ ok: false, error: 'question/stale', message }));
      render(SpeakerPage, { params, connection: socket });
      await screen.findByText('How do you start?');
      const next = within(screen.getByRole('region', { name: 'Next in the queue' }));
      const buttons = next.getAllByRole('button', { name: 'Answer in text' });
      expect(buttons).toHaveLength(3);
      await fireEvent.click(buttons[1]);
      const field = next.getByRole('textbox', { name: /Answer in text/ });
      await fireEvent.input(field, { target: { value: 'Two weeks.' } });
      await fireEvent.click(next.getByRole('button', { name: 'Send answer' }));

      expect((await next.findByRole('alert')).textContent).toBe(message);
      expect(socket.sent('mod:act')[0]).toMatchObject({ questionId: queued[1].id, text: 'Two weeks.' });
      expect(next.getByRole<HTMLTextAreaElement>('textbox').value).toBe('Two weeks.');

      // Cancel: the form goes, the focus back to the question's button.
      await fireEvent.click(next.getByRole('button', { name: 'Cancel' }));
      expect(next.queryByRole('textbox')).toBeNull();
      await waitFor(() =>
        expect(document.activeElement).toBe(next.getAllByRole('button', { name: 'Answer in text' })[1]),
      );
    });

    it('keeps a draft whose question a moderator answered meanwhile, to copy, instead of losing it', async () => {
      const socket = socketWith(allowed());
      render(SpeakerPage, { params, connection: socket });
      await screen.findByText('How do you start?');
      const next = within(screen.getByRole('region', { name: 'Next in the queue' }));
      await fireEvent.click(next.getAllByRole('button', { name: 'Answer in text' })[0]);
      await fireEvent.input(next.getByRole('textbox', { name: /Answer in text/ }), {
        target: { value: 'Start with what they know.' },
      });

      // A moderator answers it: it leaves the queue while the speaker is still typing.
      socket.push('queue:changed', queueOf([onAir, ...queued.slice(1)], 2));
      const kept = await screen.findByRole('status', { name: 'Your answer was not sent' });
      expect(within(kept).getByText('Queued One')).toBeTruthy();
      expect(within(kept).getByRole<HTMLTextAreaElement>('textbox').value).toBe('Start with what they know.');
      expect(next.queryByRole('textbox')).toBeNull();
      expect(socket.sent('mod:act')).toEqual([]);

      await fireEvent.click(within(kept).getByRole('button', { name: 'Dismiss' }));
      expect(screen.queryByRole('status', { name: 'Your answer was not sent' })).toBeNull();
    });

    it('keeps nothing when the form closes with nothing typed', async () => {
      const socket = socketWith(allowed());
      render(SpeakerPage, { params, connection: socket });
      await screen.findByText('How do you start?');
      const next = within(screen.getByRole('region', { name: 'Next in the queue' }));
      await fireEvent.click(next.getAllByRole('button', { name: 'Answer in text' })[0]);
      socket.push('queue:changed', queueOf([onAir, ...queued.slice(1)], 2));
      await waitFor(() => expect(next.queryByRole('textbox')).toBeNull());
      expect(screen.queryByRole('status', { name: 'Your answer was not sent' })).toBeNull();
    });

    it('asks for the answer before sending an empty one', async () => {
      const socket = socketWith(allowed());
      render(SpeakerPage, { params, connection: socket });
      await screen.findByText('How do you start?');
      const live = within(screen.getByRole('region', { name: 'On air' }));
      await fireEvent.click(live.getByRole('button', { name: 'Answer in text' }));
      await fireEvent.click(live.getByRole('button', { name: 'Send answer' }));
      expect((await live.findByRole('alert')).textContent).toBe('Write the answer first.');
      expect(socket.sent('mod:act')).toEqual([]);
    });

    it('keeps the answered list live: a moderator’s answer arrives, one answered live after all leaves', async () => {
      const earlier = answered(makeModQuestion({ body: 'Is there a handout?' }), 'Yes, under Materials.');
      const socket = socketWith(makeSpeakerSnapshot([onAir, earlier]));
      render(SpeakerPage, { params, connection: socket });
      const summary = await screen.findByText('Answered in text (1)');
      const details = summary.closest('details')!;
      expect(within(details).getByText('Yes, under Materials.')).toBeTruthy();

      const later = answered(
        makeModQuestion({ body: 'Which checklist?' }),
        'The SPIKES one.',
        '2024-02-22T13:50:00.000Z',
      );
      socket.push('speaker:question', publicView(later));
      await screen.findByText('Answered in text (2)');
      // Latest answer first.
      expect([...details.querySelectorAll('.answered-question')].map((p) => p.textContent)).toEqual([
        'Which checklist?',
        'Is there a handout?',
      ]);

      // An older push changes nothing; a newer one that is no longer an answer in text removes it.
      socket.push('speaker:question', { ...publicView(later), version: later.version - 1, reply: null });
      socket.push('speaker:question', {
        ...publicView(earlier),
        status: 'queued',
        answeredHow: null,
        reply: null,
        version: earlier.version + 1,
      });
      await screen.findByText('Answered in text (1)');
      expect(within(details).queryByText('Is there a handout?')).toBeNull();
      expect(within(details).getByText('The SPIKES one.')).toBeTruthy();
    });
  });
});
