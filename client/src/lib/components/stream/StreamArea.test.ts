import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { AgendaStore } from '../../state/agenda.svelte.js';
import { cet, nowAt, seedEvent } from '../../testing/seed-event.js';
import StreamArea from './StreamArea.svelte';

async function renderAt(serverTime: string): Promise<HTMLElement> {
  const store = new AgendaStore(seedEvent.slug, {
    api: { getEvent: () => Promise.resolve(seedEvent), getNow: () => Promise.resolve(nowAt(serverTime)) },
    clock: () => 0,
    storage: null,
    localZone: 'UTC',
  });
  await store.load();
  render(StreamArea, { store });
  return screen.getByRole('region', { name: 'Stream' });
}

describe('StreamArea', () => {
  it('before a part: when it starts, on the course’s clock and the viewer’s, with a countdown', async () => {
    const region = await renderAt(cet('2024-02-22', '10:00'));
    expect(region.textContent).toContain('Starts Thu 22 Feb, 12:30 CET');
    expect(region.textContent).toContain('(11:30 UTC your time)');
    expect(screen.getByRole('timer').textContent).toBe('in 2:30:00');
    expect(region.textContent).toContain('Watch this course on ESR Connect!');
  });

  it('between the parts: the next part’s start, without a countdown weeks ahead', async () => {
    const region = await renderAt(cet('2024-02-23', '10:00'));
    expect(region.textContent).toContain('Part 2');
    expect(region.textContent).toContain('Starts Thu 21 Mar, 12:30 CET');
    expect(screen.queryByRole('timer')).toBeNull();
  });

  it('during a part: live, with the item on now', async () => {
    const region = await renderAt(cet('2024-03-21', '13:20'));
    expect(region.textContent).toContain('Live');
    expect(region.textContent).toContain('Now: Electronic Portals');
  });

  it('after the last part: ended', async () => {
    const region = await renderAt(cet('2024-03-21', '18:00'));
    expect(region.textContent).toContain('Ended');
  });
});
