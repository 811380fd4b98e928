// Labels (issue 13): the moderators' panel and tagging, the viewers' chips and filter (the
// speakers' chips are in SpeakerPage.test.ts).
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ModeratorQuestionView } from '../../../../shared/moderation.js';
import type { LabelView } from '../../../../shared/questions.js';
import { FakeLiveSocket, ok } from '../../../test-support/fake-socket.svelte.js';
import { makeModQuestion, makeModSnapshot, queueOf } from '../../../test-support/moderation.js';
import { renderQaPanel } from '../../../test-support/qa-panel.js';
import { agendaAt, makeQuestion } from '../../../test-support/questions.js';
import { cet, seedEvent } from '../../../test-support/seed-event.js';
import { ModerationStore } from '../state/moderation.svelte.js';
import LabelManager from './moderation/LabelManager.svelte';
import ModerationConsole from './moderation/ModerationConsole.svelte';

const AT = cet('2024-02-22', '14:40'); // the first Q&A block is on
const label = (n: number, name: string): LabelView => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  name,
});
const IMAGING = label(1, 'Imaging');
const PANEL = label(2, 'For the panel');

const stores: ModerationStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.destroy();
});

async function moderation(questions: ModeratorQuestionView[], labels: LabelView[]) {
  const socket = new FakeLiveSocket();
  socket.respond('mod:join', () => ok(makeModSnapshot(questions, { queue: queueOf(questions, 1), labels })));
  const store = new ModerationStore('p1', { connection: socket, agenda: await agendaAt(AT) });
  stores.push(store);
  store.start();
  await vi.waitFor(() => expect(store.joined).toBe(true));
  return { store, socket };
}

const chipsOf = (container: HTMLElement): string[] =>
  within(container)
    .queryAllByRole('list', { name: 'Labels' })
    .flatMap((list) =>
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent?.trim() ?? ''),
    );

describe('viewers: label chips and the label filter', () => {
  const questionsList = () => screen.getByRole('list', { name: 'Questions asked' });
  const bodies = (): string[] =>
    within(questionsList())
      .getAllByRole('listitem')
      .filter((li) => li.querySelector('.body'))
      .map((li) => li.querySelector('.body')?.textContent ?? '');

  it('shows each question’s labels and filters the list by one label beside All/Answered', async () => {
    const { socket } = await renderQaPanel({
      at: AT,
      questions: [
        makeQuestion({ body: 'About the scan', votes: 3, labels: [IMAGING] }),
        makeQuestion({ body: 'For the whole panel', votes: 2, labels: [PANEL, IMAGING] }),
        makeQuestion({ body: 'No label', votes: 1 }),
        makeQuestion({ body: 'Answered scan', status: 'answered', labels: [IMAGING] }),
      ],
    });
    // No labels in the event yet: no filter.
    expect(screen.queryByRole('combobox', { name: 'Label' })).toBeNull();
    socket.push('labels:changed', { eventSlug: seedEvent.slug, labels: [PANEL, IMAGING] });

    const filter = await screen.findByRole<HTMLSelectElement>('combobox', { name: 'Label' });
    expect([...filter.options].map((o) => o.textContent?.trim())).toEqual([
      'All labels',
      'For the panel',
      'Imaging',
    ]);
    expect(chipsOf(questionsList())).toEqual(['Imaging', 'For the panel', 'Imaging', 'Imaging']);

    await fireEvent.change(filter, { target: { value: PANEL.id } });
    expect(bodies()).toEqual(['For the whole panel']);
    await fireEvent.change(filter, { target: { value: IMAGING.id } });
    expect(bodies()).toEqual(['About the scan', 'For the whole panel', 'Answered scan']);
    // Together with "Answered".
    await fireEvent.click(screen.getByRole('button', { name: 'Answered' }));
    expect(bodies()).toEqual(['Answered scan']);
    await fireEvent.change(filter, { target: { value: PANEL.id } });
    expect(screen.getByText('No question here has the label For the panel.')).toBeTruthy();

    // The chosen label is deleted: the list shows every label's questions again.
    await fireEvent.click(screen.getByRole('button', { name: 'All' }));
    socket.push('labels:changed', { eventSlug: seedEvent.slug, labels: [IMAGING] });
    await waitFor(() => expect(bodies()).toHaveLength(4));
    // The first render of the whole panel is slow on a busy machine.
  }, 20_000);
});

describe('moderators: the label panel', () => {
  it('adds, renames and deletes labels through mod:labels, and shows what the server answers', async () => {
    const { socket } = await moderation([], [IMAGING]);
    const ethics = label(3, 'Ethics');
    socket.respond(
      'mod:labels',
      () => ok([ethics, IMAGING]),
      () => ok([ethics, { ...IMAGING, name: 'Imaging (CT)' }]),
      () => ok([{ ...IMAGING, name: 'Imaging (CT)' }]),
    );
    render(LabelManager, { store: stores[0] });
    await fireEvent.click(screen.getByText('Labels (1)'));

    await fireEvent.input(screen.getByLabelText('New label'), { target: { value: 'Ethics' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add label' }));
    await screen.findByText('Labels (2)');
    expect(socket.sent('mod:labels')).toEqual([{ action: 'create', name: 'Ethics' }]);
    expect(screen.getByLabelText<HTMLInputElement>('New label').value).toBe('');

    await fireEvent.click(screen.getByRole('button', { name: 'Rename the label Imaging' }));
    const field = screen.getByRole('textbox', { name: 'Name of the label Imaging' });
    await fireEvent.input(field, { target: { value: 'Imaging (CT)' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Imaging (CT)');
    expect(socket.sent('mod:labels')[1]).toEqual({
      action: 'rename',
      labelId: IMAGING.id,
      name: 'Imaging (CT)',
    });

    await fireEvent.click(screen.getByRole('button', { name: 'Delete the label Ethics' }));
    const confirm = screen.getByRole('group', { name: 'Delete the label Ethics' });
    expect(within(confirm).getByText('Delete “Ethics”? It is taken off every question.')).toBeTruthy();
    await fireEvent.click(within(confirm).getByRole('button', { name: 'Delete' }));
    await screen.findByText('Labels (1)');
    expect(socket.sent('mod:labels')[2]).toEqual({ action: 'delete', labelId: ethics.id });
  });

  it('shows the server’s refusal and offers no new label once the event has 30', async () => {
    const thirty = Array.from({ length: 30 }, (_, i) => ({
      id: `00000000-0000-4000-8000-0000000001${String(i).padStart(2, '0')}`,
      name: `Topic ${i + 1}`,
    }));
    const { store, socket } = await moderation([], [IMAGING]);
    socket.respond('mod:labels', () => ({
      ok: false,
      error: 'label/name_taken',
      message:
        'This event already has a label named "imaging" (names are compared without case). Choose another name.',
    }));
    render(LabelManager, { store });
    await fireEvent.click(screen.getByText('Labels (1)'));
    await fireEvent.input(screen.getByLabelText('New label'), { target: { value: 'imaging' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add label' }));
    await waitFor(() => expect(store.notice?.text).toMatch(/already has a label named "imaging"/));

    socket.push('labels:changed', { eventSlug: seedEvent.slug, labels: thirty });
    await screen.findByText('This event has 30 labels, the most it may have.');
    expect(screen.queryByLabelText('New label')).toBeNull();
  });
});

describe('moderators: tagging from the card’s More menu', () => {
  it('ticks at most five labels and sends them with the question’s revision; the card shows the chips', async () => {
    const labels = [
      IMAGING,
      PANEL,
      label(3, 'Ethics'),
      label(4, 'Consent'),
      label(5, 'Paediatrics'),
      label(6, 'MRI'),
    ];
    const question = makeModQuestion({ body: 'What do you say first?', revision: 4, labels: [PANEL] });
    const { store, socket } = await moderation([question], labels);
    socket.respond('mod:act', (request) =>
      ok({
        ...question,
        revision: 5,
        version: question.version + 1,
        labels: labels.filter((l) => request.action === 'label' && request.labelIds.includes(l.id)),
      }),
    );
    render(ModerationConsole, { store });
    const card = screen.getByRole('article', { name: 'Question: What do you say first?' });
    expect(chipsOf(card)).toEqual(['For the panel']);

    await fireEvent.click(within(card).getByRole('button', { name: 'More' }));
    await fireEvent.click(within(card).getByRole('menuitem', { name: 'Labels…' }));
    const picker = within(card).getByRole('group', { name: 'Labels of this question (at most 5)' });
    const box = (name: string) => within(picker).getByRole<HTMLInputElement>('checkbox', { name });
    expect(box('For the panel').checked).toBe(true);
    for (const name of ['Imaging', 'Ethics', 'Consent', 'Paediatrics']) await fireEvent.click(box(name));
    // Five ticked: the sixth cannot be.
    expect(box('MRI').disabled).toBe(true);
    await fireEvent.click(box('Ethics'));
    expect(box('MRI').disabled).toBe(false);

    await fireEvent.click(within(card).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(within(card).queryByRole('group', { name: /^Labels of/ })).toBeNull());
    expect(socket.sent('mod:act')).toEqual([
      {
        action: 'label',
        questionId: question.id,
        revision: 4,
        labelIds: [IMAGING.id, PANEL.id, label(4, 'Consent').id, label(5, 'Paediatrics').id],
      },
    ]);
    expect(chipsOf(card)).toEqual(['Imaging', 'For the panel', 'Consent', 'Paediatrics']);
    // Five columns of the console and a dozen clicks: slow on a busy machine.
  }, 20_000);

  it('Escape closes the picker without sending; with no labels it says where to add them', async () => {
    const question = makeModQuestion({ body: 'Unlabelled' });
    const { store, socket } = await moderation([question], []);
    render(ModerationConsole, { store });
    const card = screen.getByRole('article', { name: 'Question: Unlabelled' });
    await fireEvent.click(within(card).getByRole('button', { name: 'More' }));
    await fireEvent.click(within(card).getByRole('menuitem', { name: 'Labels…' }));
    expect(
      within(card).getByText('This event has no labels yet. Add them under “Labels” above the columns.'),
    ).toBeTruthy();
    await fireEvent.keyDown(within(card).getByRole('button', { name: 'Cancel' }), { key: 'Escape' });
    expect(within(card).queryByRole('group', { name: /^Labels of/ })).toBeNull();
    expect(socket.sent('mod:act')).toEqual([]);
  });
});
