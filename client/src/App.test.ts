import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from './App.svelte';
import { json, stubFetch } from '../test-support/fake-fetch.js';
import { cet, nowAt, seedEvent, seedSummary } from '../test-support/seed-event.js';

beforeEach(() => {
  // jsdom has no layout, so no scrolling; navigation scrolls to the top.
  vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  history.replaceState(null, '', '/');
});

describe('App routing', () => {
  it('shows a friendly not-found page for unknown addresses', () => {
    history.replaceState(null, '', '/no/such/page');
    render(App);

    expect(screen.getByRole('heading', { level: 1, name: 'Page not found' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'See all courses' }).getAttribute('href')).toBe('/');
  });

  it('follows a link to the event page without reloading', async () => {
    const asked = stubFetch({
      '/api/events': () => json([seedSummary]),
      [`/api/events/${seedEvent.slug}`]: () => json(seedEvent),
      [`/api/events/${seedEvent.slug}/now`]: () => json(nowAt(cet('2024-02-22', '13:20'))),
    });
    render(App);

    await fireEvent.click(await screen.findByRole('link', { name: seedEvent.title }));

    expect(location.pathname).toBe(`/e/${seedEvent.slug}`);
    expect(await screen.findByRole('heading', { level: 1, name: seedEvent.title })).toBeTruthy();
    expect(await screen.findByRole('listitem', { current: true })).toBeTruthy();
    expect(asked).toContain(`/api/events/${seedEvent.slug}/now`);
  });
});
