import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { QuestionView } from '../../../../../shared/questions.js';
import { FakeLiveSocket, ok } from '../../../../test-support/fake-socket.svelte.js';
import { KeptDrafts } from '../../state/kept-drafts.svelte.js';
import { QuestionsStore } from '../../state/questions.svelte.js';
import {
  agendaAt,
  blocksOf,
  makeQuestion,
  makeSnapshot,
  memoryStorage,
} from '../../../../test-support/questions.js';
import { cet, seedEvent } from '../../../../test-support/seed-event.js';
import QaArchive from './QaArchive.svelte';

const part2 = seedEvent.parts[1];
const stores: QuestionsStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.destroy();
});

async function renderArchive({
  at,
  partId = 'p1',
  byPart = {},
  drafts = new KeptDrafts(memoryStorage()),
}: {
  at: string;
  partId?: string;
  byPart?: Record<string, QuestionView[]>;
  drafts?: KeptDrafts;
}) {
  const agenda = await agendaAt(at);
  const socket = new FakeLiveSocket();
  socket.respond('part:join', ({ partId: joined }) =>
    ok(
      makeSnapshot(at, {
        partId: joined,
        blocks: joined === 'p2' ? blocksOf(part2, at) : blocksOf(seedEvent.parts[0], at),
        questions: byPart[joined] ?? [],
      }),
    ),
  );
  const focus = new QuestionsStore(partId, { connection: socket, agenda, storage: memoryStorage() });
  stores.push(focus);
  focus.start();
  await waitFor(() => expect(focus.joined).toBe(true));
  render(QaArchive, { focus, agenda, connection: socket, drafts });
  await fireEvent.click(screen.getByText('Your questions and earlier blocks'));
  return { agenda, socket, focus, drafts };
}

const group = (title: string): HTMLElement => screen.getByRole('heading', { name: title }).parentElement!;
/** The question's card: in one's own list when it is one's own (it shows in a block's list too). */
const articleOf = (body: string): HTMLElement => screen.getAllByText(body)[0].closest('article')!;

describe('QaArchive', () => {
  it('lists one’s questions in every block of the part with their states, and an ended block’s questions read-only', async () => {
    await renderArchive({
      at: cet('2024-02-22', '17:40'),
      byPart: {
        p1: [
          makeQuestion({ body: 'Mine, answered in the first block', mine: true, status: 'answered' }),
          makeQuestion({
            body: 'Mine, answered in text',
            mine: true,
            status: 'answered',
            answeredHow: 'text',
            reply: { text: 'Yes, from next year.', at: cet('2024-02-22', '15:10'), by: 'Anna' },
            blockId: 'p1-i9',
          }),
          makeQuestion({ body: 'Mine, waiting for review', mine: true, status: 'pending', blockId: 'p1-i9' }),
          makeQuestion({ body: 'Mine, in the queue', mine: true, status: 'queued', blockId: 'p1-i9' }),
          makeQuestion({ body: 'Someone else’s, first block', votes: 6 }),
          makeQuestion({ body: 'Someone else’s, second block', blockId: 'p1-i9' }),
        ],
      },
    });

    const mine = group('Your questions');
    expect(
      within(mine)
        .getAllByRole('heading', { level: 4 })
        .map((h) => h.textContent),
    ).toEqual(['In 14:30–15:00 Q&A Session', 'In 17:30–18:00 Q&A Session']);
    expect(within(articleOf('Mine, answered in the first block')).getByText('Answered')).toBeTruthy();
    expect(
      within(articleOf('Mine, waiting for review')).getByText('Only you can see this: waiting for review'),
    ).toBeTruthy();
    expect(within(articleOf('Mine, in the queue')).getByText('In the speakers’ queue')).toBeTruthy();
    const inText = articleOf('Mine, answered in text');
    expect(within(inText).getByText('Answered in text')).toBeTruthy();
    expect(within(inText).getByText('Answered in text by Anna')).toBeTruthy();
    expect(within(inText).getByText('Yes, from next year.')).toBeTruthy();
    expect(within(mine).queryByText('Someone else’s, first block')).toBeNull();

    // Only the ended block is offered to look back at; its questions without an Upvote button.
    const earlier = group('Earlier Q&A blocks');
    const block = within(earlier).getByRole<HTMLSelectElement>('combobox', { name: 'Ended Q&A block' });
    expect([...block.options].map((o) => o.textContent)).toEqual(['14:30–15:00 Q&A Session']);
    const list = within(earlier).getByRole('list', { name: '14:30–15:00 Q&A Session' });
    expect(
      within(list)
        .getAllByRole('article')
        .map((a) => a.querySelector('.body')?.textContent),
    ).toEqual(['Someone else’s, first block', 'Mine, answered in the first block']);
    expect(within(list).queryByRole('button', { name: 'Upvote' })).toBeNull();
    expect(within(articleOf('Someone else’s, first block')).getByText('6 votes')).toBeTruthy();
    expect(within(articleOf('Someone else’s, first block')).getByText('Not answered yet')).toBeTruthy();
  });

  it('looks back at an earlier part: joins it only when chosen, and shows one’s questions there', async () => {
    const { socket } = await renderArchive({
      at: cet('2024-03-21', '13:00'),
      partId: 'p2',
      byPart: {
        p1: [makeQuestion({ body: 'Asked on the first afternoon', mine: true, status: 'answered' })],
        p2: [],
      },
    });
    expect(socket.sent('part:join').map((r) => r.partId)).toEqual(['p2']);
    expect(screen.getByText('You have not asked a question in this part.')).toBeTruthy();

    const part = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Part of the course' });
    expect([...part.options].map((o) => o.textContent)).toEqual([
      'Part 1: Patient Communication Course - Part 1',
      'Part 2: Patient Communication Course - Part 2',
    ]);
    await fireEvent.change(part, { target: { value: 'p1' } });

    await screen.findByText('Asked on the first afternoon');
    expect(socket.sent('part:join').map((r) => r.partId)).toEqual(['p2', 'p1']);
    expect(within(articleOf('Asked on the first afternoon')).getByText('Answered')).toBeTruthy();
    const blocks = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Ended Q&A block' });
    expect([...blocks.options].map((o) => o.textContent)).toEqual([
      '14:30–15:00 Q&A Session',
      '17:30–18:00 Q&A Session',
    ]);

    // Back to the part in focus: the earlier part is left.
    await fireEvent.change(part, { target: { value: 'p2' } });
    await waitFor(() => expect(socket.sent('part:leave').map((r) => r.partId)).toEqual(['p1']));
  });

  it('lists kept drafts; one goes back into the form, and what the form held is kept in its place', async () => {
    const drafts = new KeptDrafts(memoryStorage());
    drafts.keep({ partId: 'p1', blockName: '14:30–15:00 Q&A Session', body: 'Kept when the block ended' });
    const { focus } = await renderArchive({ at: cet('2024-02-22', '17:40'), drafts });
    focus.setBody('Typed meanwhile');

    const kept = group('Your drafts');
    expect(within(kept).getByText('Written for “14:30–15:00 Q&A Session”')).toBeTruthy();
    await fireEvent.click(within(kept).getByRole('button', { name: 'Put back in the form' }));

    expect(focus.draft.body).toBe('Kept when the block ended');
    expect(focus.blockId).toBe('p1-i9');
    expect(drafts.list.map((d) => d.body)).toEqual(['Typed meanwhile']);

    await fireEvent.click(within(group('Your drafts')).getByRole('button', { name: 'Delete draft' }));
    expect(drafts.list).toEqual([]);
    expect(screen.queryByRole('heading', { name: 'Your drafts' })).toBeNull();
  });
});
