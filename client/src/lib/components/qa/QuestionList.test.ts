import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { renderQaPanel } from '../../../../test-support/qa-panel.js';
import { makeQuestion } from '../../../../test-support/questions.js';
import { cet } from '../../../../test-support/seed-event.js';

const AT = cet('2024-02-22', '14:40'); // the first Q&A block is on

const bodies = (): string[] =>
  within(screen.getByRole('list', { name: 'Questions asked' }))
    .getAllByRole('listitem')
    .map((li) => li.querySelector('.body')?.textContent ?? '');

describe('QuestionList', () => {
  it('shows only the answered questions of the block under "Answered", and all again under "All"', async () => {
    const { store } = await renderQaPanel({
      at: AT,
      questions: [
        makeQuestion({ body: 'Waiting, 4 votes', votes: 4 }),
        makeQuestion({ body: 'Answered first', status: 'answered', votes: 9 }),
        makeQuestion({ body: 'Queued one', status: 'queued', votes: 1 }),
        makeQuestion({ body: 'Answered second', status: 'answered', votes: 2 }),
        makeQuestion({ body: 'Answered in the other block', status: 'answered', blockId: 'p1-i9' }),
      ],
    });
    const filters = screen.getByRole('group', { name: 'Show questions' });
    const all = within(filters).getByRole('button', { name: 'All' });
    const answered = within(filters).getByRole('button', { name: 'Answered' });
    expect(all.getAttribute('aria-pressed')).toBe('true');
    expect(bodies()).toEqual(['Waiting, 4 votes', 'Queued one', 'Answered first', 'Answered second']);

    await fireEvent.click(answered);
    expect(answered.getAttribute('aria-pressed')).toBe('true');
    expect(all.getAttribute('aria-pressed')).toBe('false');
    expect(bodies()).toEqual(['Answered first', 'Answered second']);

    // The sort still applies within the filter.
    await fireEvent.click(screen.getByRole('button', { name: 'Recent' }));
    expect(bodies().sort()).toEqual(['Answered first', 'Answered second']);

    store.chooseBlock('p1-i9');
    await fireEvent.click(all);
    expect(bodies()).toEqual(['Answered in the other block']);
  });

  it('shows an answer in text under its question, and counts it under "Answered" with the live ones', async () => {
    await renderQaPanel({
      at: AT,
      questions: [
        makeQuestion({ body: 'Answered on the stream', status: 'answered', votes: 3 }),
        makeQuestion({
          body: 'Answered in writing',
          status: 'answered',
          answeredHow: 'text',
          reply: { text: 'See the handout,\npage 4.', at: AT, by: 'Anna' },
          votes: 2,
        }),
        makeQuestion({ body: 'Still open' }),
      ],
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Answered' }));
    expect(bodies()).toEqual(['Answered on the stream', 'Answered in writing']);
    const written = screen.getByText('Answered in writing').closest('article')!;
    expect(within(written).getByText('Answered in text by Anna')).toBeTruthy();
    expect(within(written).getByText('Answered in text')).toBeTruthy();
    // Rendered as text, line break kept.
    expect(written.querySelector('[data-reply] .text')?.textContent).toBe('See the handout,\npage 4.');
    const spoken = screen.getByText('Answered on the stream').closest('article')!;
    expect(within(spoken).getByText('Answered')).toBeTruthy();
    expect(spoken.querySelector('[data-reply]')).toBeNull();
  });

  it('says so when no question of the block has been answered yet', async () => {
    await renderQaPanel({ at: AT, questions: [makeQuestion({ body: 'Still waiting' })] });
    await fireEvent.click(screen.getByRole('button', { name: 'Answered' }));
    expect(screen.queryByRole('list', { name: 'Questions asked' })).toBeNull();
    expect(screen.getByText('No question of this block has been answered yet.')).toBeTruthy();
  });
});
