import { render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PublishedAnswers } from '../../../shared/questions.js';
import { json, stubFetch } from '../../test-support/fake-fetch.js';
import { cet } from '../../test-support/seed-event.js';
import AnswersPage from './AnswersPage.svelte';

afterEach(() => {
  vi.unstubAllGlobals();
});

const PATH = '/api/events/course/answers';

const published: PublishedAnswers = {
  eventSlug: 'course',
  eventTitle: 'ESOR Patient Communication Course',
  timezone: 'Europe/Vienna',
  parts: [
    {
      partId: 'p1',
      title: 'Patient Communication Course – Part 1',
      blocks: [
        {
          blockId: 'p1-i4',
          title: 'Q&A Session',
          start: cet('2024-02-22', '14:30'),
          answers: [
            {
              id: 'a1',
              body: 'Is there a handout?',
              displayName: 'Zoë',
              talkTitle: 'Breaking bad news',
              votes: 4,
              answeredHow: 'text',
              reply: { text: 'Yes, on the course page.', at: cet('2024-02-22', '15:10'), by: 'Anna' },
            },
            {
              id: 'a2',
              body: 'How long should the silence last?',
              displayName: null,
              talkTitle: null,
              votes: 2,
              answeredHow: 'live',
              reply: null,
            },
          ],
        },
      ],
    },
  ],
};

describe('AnswersPage', () => {
  it('lists the answered questions per part and block, with the answers in text', async () => {
    stubFetch({ [PATH]: () => json(published) });
    render(AnswersPage, { params: { slug: 'course' } });

    await screen.findByRole('heading', {
      level: 1,
      name: 'Answered questions: ESOR Patient Communication Course',
    });
    const block = screen.getByRole('region', { name: 'Q&A Session, 14:30' });
    const [inText, live] = within(block).getAllByRole('article');
    expect(within(inText).getByText('Is there a handout?')).toBeTruthy();
    expect(within(inText).getByText('Answered in text by Anna')).toBeTruthy();
    expect(within(inText).getByText('Yes, on the course page.')).toBeTruthy();
    expect(within(inText).getByText('About: Breaking bad news')).toBeTruthy();
    expect(within(live).getByText('Answered live')).toBeTruthy();
    expect(within(live).getByText('Anonymous')).toBeTruthy();
  });

  it('says the page is not published while the server answers 404', async () => {
    stubFetch({
      [PATH]: () =>
        json({ error: 'answers/not_published', message: 'The answered questions … are not published.' }, 404),
    });
    render(AnswersPage, { params: { slug: 'course' } });
    const status = await screen.findByText(/are not published \(yet\)/);
    expect(status.getAttribute('role')).toBe('status');
    expect(screen.queryByRole('article')).toBeNull();
  });
});
