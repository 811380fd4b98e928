import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../../test-support/fake-fetch.js';
import { seedSummary } from '../../test-support/seed-event.js';
import EventsPage from './EventsPage.svelte';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('EventsPage', () => {
  it('lists each course with a link and the dates of its parts on the course’s clock', async () => {
    stubFetch({ '/api/events': () => json([seedSummary]) });
    render(EventsPage);

    const link = await screen.findByRole('link', { name: 'ESOR Patient Communication Course' });
    expect(link.getAttribute('href')).toBe('/e/esor-patient-communication-2024');
    const dates = screen.getByRole('list', { name: 'Dates of ESOR Patient Communication Course' });
    expect(dates.textContent).toContain('Thu, 22 Feb 2024 · 12:30–18:00 CET');
    expect(dates.textContent).toContain('Thu, 21 Mar 2024 · 12:30–18:00 CET');
  });

  it('shows the server’s message when the list fails, and tries again on request', async () => {
    let healthy = false;
    stubFetch({
      '/api/events': () =>
        healthy
          ? json([seedSummary])
          : json(
              {
                error: 'database/unavailable',
                message: 'The database is not answering. Try again in a few seconds.',
              },
              503,
            ),
    });
    render(EventsPage);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The database is not answering. Try again in a few seconds.');

    healthy = true;
    await fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'ESOR Patient Communication Course' })).toBeTruthy();
  });
});
