// Holds for patient data and profanity (issue 13): the viewer's alert before sending and the
// moderators' flags with the matched words marked.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FlaggedSpan } from '../../../../shared/moderation.js';
import type { AskRequest } from '../../../../shared/realtime.js';
import { FakeLiveSocket, ok } from '../../../test-support/fake-socket.svelte.js';
import { ModerationStore } from '../state/moderation.svelte.js';
import { QuestionsStore } from '../state/questions.svelte.js';
import { makeModQuestion, makeModSnapshot, queueOf } from '../../../test-support/moderation.js';
import { agendaAt, makeQuestion, makeSnapshot, memoryStorage } from '../../../test-support/questions.js';
import { cet } from '../../../test-support/seed-event.js';
import ModerationConsole from './moderation/ModerationConsole.svelte';
import ModerationHeader from './moderation/ModerationHeader.svelte';
import QaPanel from './qa/QaPanel.svelte';

const AT = cet('2024-02-22', '13:20');
const destroyables: { destroy(): void }[] = [];
afterEach(() => {
  for (const store of destroyables.splice(0)) store.destroy();
});

describe('patient-data alert on the viewer page', () => {
  async function renderPanel() {
    const socket = new FakeLiveSocket();
    const agenda = await agendaAt(AT);
    socket.respond('part:join', () => ok(makeSnapshot(AT)));
    socket.respond('question:ask', (ask: AskRequest) =>
      ok(
        makeQuestion({
          ...ask,
          talkId: ask.talkId ?? null,
          displayName: null,
          mine: true,
          status: 'pending',
        }),
      ),
    );
    const store = new QuestionsStore('p1', { connection: socket, agenda, storage: memoryStorage() });
    destroyables.push(store);
    store.start();
    render(QaPanel, { store, agenda });
    await waitFor(() => expect(store.joined).toBe(true));
    const body = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Your question' });
    return { socket, body };
  }

  it('stops a question with identifiers, names them, and lets the asker edit it', async () => {
    const { socket, body } = await renderPanel();
    await fireEvent.input(body, { target: { value: 'Mrs Johnson, DOB 12/03/1961, refuses contrast?' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Send' }));

    const alert = await screen.findByRole('alertdialog', { name: 'This may identify a patient' });
    expect(alert.textContent).toContain('“Johnson”');
    expect(alert.textContent).toContain('“12/03/1961”');
    expect(socket.sent('question:ask')).toEqual([]);
    const edit = within(alert).getByRole('button', { name: 'Edit' });
    expect(document.activeElement).toBe(edit);

    await fireEvent.click(edit);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(body);
    expect(body.value).toBe('Mrs Johnson, DOB 12/03/1961, refuses contrast?');

    await fireEvent.input(body, { target: { value: 'A patient refuses contrast?' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(socket.sent('question:ask').map((q) => q.body)).toEqual(['A patient refuses contrast?']);
  });

  it('sends for review on request and says the question is waiting for review', async () => {
    const { socket, body } = await renderPanel();
    await fireEvent.input(body, { target: { value: 'Our 78-year-old patient needs a CT, any advice?' } });
    await fireEvent.keyDown(body, { key: 'Enter', ctrlKey: true });
    const alert = await screen.findByRole('alertdialog', { name: 'This may identify a patient' });
    await fireEvent.click(within(alert).getByRole('button', { name: 'Send for review' }));

    expect(socket.sent('question:ask').map((q) => q.body)).toEqual([
      'Our 78-year-old patient needs a CT, any advice?',
    ]);
    expect(await screen.findByText(/waiting for review: a moderator looks at it/)).toBeTruthy();
    expect(await screen.findByText('Only you can see this: waiting for review')).toBeTruthy();
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('says nothing for an ordinary clinical question', async () => {
    const { socket, body } = await renderPanel();
    await fireEvent.input(body, {
      target: { value: 'How do you explain an anal fistula MRI to a 54 kg patient?' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(socket.sent('question:ask')).toHaveLength(1);
  });

  it('Escape returns to editing', async () => {
    const { body } = await renderPanel();
    await fireEvent.input(body, { target: { value: 'Call her at 0171 2345678?' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    const alert = await screen.findByRole('alertdialog');
    await fireEvent.keyDown(within(alert).getByRole('button', { name: 'Edit' }), { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(body);
  });
});

describe('flags in the moderation console', () => {
  async function setup(questions = [makeModQuestion()]) {
    const socket = new FakeLiveSocket();
    const agenda = await agendaAt(AT);
    socket.respond('mod:join', () => ok(makeModSnapshot(questions, { queue: queueOf(questions) })));
    const store = new ModerationStore('p1', { connection: socket, agenda });
    destroyables.push(store);
    store.start();
    await vi.waitFor(() => expect(store.joined).toBe(true));
    render(ModerationConsole, { store });
    return { socket, store };
  }

  const spansOf = (body: string, ...parts: [FlaggedSpan['flag'], string][]): FlaggedSpan[] =>
    parts.map(([flag, text]) => ({ flag, start: body.indexOf(text), end: body.indexOf(text) + text.length }));

  it('shows each flag and marks exactly the matched words', async () => {
    const body = 'Mrs Johnson (MRN 48392017) says this wait is bullshit';
    await setup([
      makeModQuestion({
        status: 'pending',
        body,
        flags: ['patient_data', 'profanity'],
        flaggedSpans: spansOf(
          body,
          ['patient_data', 'Johnson'],
          ['patient_data', '48392017'],
          ['profanity', 'bullshit'],
        ),
      }),
      makeModQuestion({ status: 'pending', body: 'Clean question' }),
    ]);
    const card = screen.getByRole('article', { name: `Question: ${body}` });
    expect(within(card).getByText('Possible patient data')).toBeTruthy();
    expect(within(card).getByText('Profanity')).toBeTruthy();
    const marks = [...card.querySelectorAll('mark')].map((m) => [m.dataset.flag, m.textContent]);
    expect(marks).toEqual([
      ['patient_data', 'Johnson'],
      ['patient_data', '48392017'],
      ['profanity', 'bullshit'],
    ]);
    // The text is whole and in order around the marks.
    expect(card.querySelector('.body')?.textContent).toBe(body);

    const clean = screen.getByRole('article', { name: 'Question: Clean question' });
    expect(clean.querySelectorAll('mark')).toHaveLength(0);
    expect(within(clean).queryByText('Possible patient data')).toBeNull();
  });

  it('ignores spans that do not fit the text instead of garbling it', async () => {
    const body = 'Short text';
    await setup([
      makeModQuestion({
        body,
        flags: ['profanity'],
        flaggedSpans: [
          { flag: 'profanity', start: 6, end: 10 },
          { flag: 'profanity', start: 8, end: 40 },
        ],
      }),
    ]);
    const card = screen.getByRole('article', { name: `Question: ${body}` });
    expect([...card.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['text']);
    expect(card.querySelector('.body')?.textContent).toBe(body);
  });

  it('switches each hold from the settings', async () => {
    const { socket, store } = await setup();
    socket.respond('mod:settings', (request) =>
      ok({
        eventSlug: store.eventSlug!,
        preModeration: false,
        speakersMayAnswer: false,
        holdPatientData: request.holdPatientData ?? true,
        holdProfanity: request.holdProfanity ?? true,
      }),
    );
    render(ModerationHeader, { store, slug: 'esor', secret: 'secret' });
    const hold = screen.getByRole('switch', { name: 'Hold questions with profanity' });
    expect(
      screen
        .getByRole('switch', { name: 'Hold questions that may identify a patient' })
        .getAttribute('aria-checked'),
    ).toBe('true');
    expect(hold.getAttribute('aria-checked')).toBe('true');
    await fireEvent.click(hold);
    expect(socket.sent('mod:settings')).toEqual([{ partId: 'p1', holdProfanity: false }]);
    await waitFor(() => expect(store.holdProfanity).toBe(false));
  });
});
