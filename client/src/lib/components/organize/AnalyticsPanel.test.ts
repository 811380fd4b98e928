import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { EventAnalytics, QaFigures } from '../../../../../shared/analytics.js';
import AnalyticsPanel from './AnalyticsPanel.svelte';

const figures = (title: string, overrides: Partial<QaFigures> = {}): QaFigures => ({
  title,
  questions: 0,
  askers: 0,
  votes: 0,
  voters: 0,
  answered: 0,
  answeredLive: 0,
  answeredInText: 0,
  medianSecondsToAnswer: null,
  peakViewers: null,
  ...overrides,
});

const analytics: EventAnalytics = {
  generatedAt: '2024-02-22T14:00:00.000Z',
  bucketMinutes: 5,
  blocks: [
    {
      blockId: 'b1',
      partId: 'p1',
      ...figures('Q&A Session', {
        questions: 12,
        askers: 9,
        votes: 40,
        voters: 25,
        answered: 5,
        answeredLive: 4,
        answeredInText: 1,
        medianSecondsToAnswer: 430,
        peakViewers: 310,
      }),
      topQuestions: [{ id: 'q1', text: 'How do you open the conversation?', votes: 14, status: 'answered' }],
    },
  ],
  talks: [{ talkId: 't1', partId: 'p1', ...figures('Breaking bad news', { questions: 7, askers: 6 }) }],
  parts: [
    {
      partId: 'p1',
      title: 'Part 1',
      timeline: [
        { at: '2024-02-22T12:30:00.000Z', questions: 0, viewers: null },
        { at: '2024-02-22T12:35:00.000Z', questions: 4, viewers: 120 },
        { at: '2024-02-22T12:40:00.000Z', questions: 8, viewers: 310 },
      ],
    },
  ],
};

function answering(...answers: (() => Response)[]) {
  const calls: string[] = [];
  const fetchImpl = (input: RequestInfo | URL) => {
    calls.push(String(input));
    return Promise.resolve(answers[Math.min(calls.length, answers.length) - 1]());
  };
  return { calls, fetchImpl: fetchImpl };
}

describe('AnalyticsPanel', () => {
  it('shows each part as a chart and each block and talk as table rows with its top questions', async () => {
    const { calls, fetchImpl } = answering(() => Response.json(analytics));
    render(AnalyticsPanel, { slug: 'esor course', zone: 'Europe/Berlin', fetchImpl });
    const chart = await screen.findByRole('img', {
      name: 'Part 1: 12 questions, at most 310 viewers at once',
    });
    expect(chart).toBeTruthy();
    expect(calls).toEqual(['/api/events/esor%20course/analytics']);

    const blocks = screen.getByRole('table', { name: 'Q&A blocks' });
    const row = within(blocks).getByRole('row', { name: /Q&A Session/ });
    const cells = within(row)
      .getAllByRole('cell')
      .map((cell) => cell.textContent?.trim());
    expect(cells).toEqual(['12', '9', '40', '25', '5 (4 / 1)', '7 min', '310']);
    expect(within(row).getByRole('list', { name: 'Top questions' }).textContent).toContain(
      'How do you open the conversation? (14 votes)',
    );

    const talks = screen.getByRole('table', { name: 'Talks (questions about each)' });
    const talkCells = within(within(talks).getByRole('row', { name: /Breaking bad news/ }))
      .getAllByRole('cell')
      .map((cell) => cell.textContent?.trim());
    // No viewer sample in the talk's time: a dash, not a zero.
    expect(talkCells).toEqual(['7', '6', '0', '0 (0 / 0)', '–']);
  });

  it('says when the figures cannot be loaded, and loads them again on Refresh', async () => {
    const { calls, fetchImpl } = answering(
      () =>
        Response.json(
          { error: 'auth/bad_token', message: 'Your organizer sign-in has expired.' },
          { status: 401 },
        ),
      () => Response.json(analytics),
    );
    render(AnalyticsPanel, { slug: 'esor', zone: 'Europe/Berlin', fetchImpl });
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain(
        'We could not load the analytics: Your organizer sign-in has expired.',
      ),
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(screen.getByRole('table', { name: 'Q&A blocks' })).toBeTruthy());
    expect(calls).toHaveLength(2);
    expect(screen.getByRole('alert').textContent?.trim()).toBe('');
  });
});
