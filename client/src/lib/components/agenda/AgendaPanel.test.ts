import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { NowResponse } from '../../../../../shared/events-api.js';
import { AgendaStore, TIME_DISPLAY_KEY } from '../../state/agenda.svelte.js';
import { cet, nowAt, seedEvent } from '../../../../test-support/seed-event.js';
import AgendaPanel from './AgendaPanel.svelte';

/** A store loaded at `serverTime` for a viewer in UTC, with the device clock standing still. */
async function storeAt(
  serverTime: string,
  storage: Pick<Storage, 'getItem' | 'setItem'> | null = null,
): Promise<AgendaStore> {
  const store = new AgendaStore(seedEvent.slug, {
    api: {
      getEvent: () => Promise.resolve(seedEvent),
      getNow: (): Promise<NowResponse> => Promise.resolve(nowAt(serverTime)),
    },
    clock: () => 0,
    storage,
    localZone: 'UTC',
  });
  await store.load();
  return store;
}

describe('AgendaPanel', () => {
  it('marks the item on now with aria-current and a named progress bar', async () => {
    const store = await storeAt(cet('2024-02-22', '13:20'));
    render(AgendaPanel, { store });

    const current = screen.getByRole('listitem', { current: true });
    expect(within(current).getByRole('heading', { name: 'Breaking bad news' })).toBeTruthy();
    expect(within(current).getByText('R. Sinnatamby, Cambridge/UK')).toBeTruthy();
    expect(within(current).getByText('Now')).toBeTruthy();
    const bar = within(current).getByRole('progressbar', { name: 'Progress of Breaking bad news' });
    expect(bar.getAttribute('aria-valuenow')).toBe('25');
    expect(bar.getAttribute('aria-valuetext')).toBe('25% done, 30 min left');

    // Exactly one item is current, across both parts.
    expect(
      screen.getAllByRole('listitem').filter((li) => li.getAttribute('aria-current') === 'true'),
    ).toHaveLength(1);
  });

  it('lists every speaker as "Name, City/CC" and labels each kind in text', async () => {
    const store = await storeAt(cet('2024-02-22', '13:20'));
    render(AgendaPanel, { store });

    const talk = screen.getByRole('heading', { name: 'Radiation Risk Discussion' }).closest('li')!;
    const speakers = within(talk).getByRole('list', { name: 'Speakers' });
    expect(
      within(speakers)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['G. Paulo, Coimbra/PT', 'D. Akata, Ankara/TR']);
    expect(within(talk).getByText('Talk')).toBeTruthy();

    const firstPart = screen.getByRole('region', { name: 'Patient Communication Course - Part 1' });
    const [qa] = within(firstPart).getAllByRole('heading', { name: 'Q&A Session' });
    const qaItem = qa.closest('li')!;
    expect(within(qaItem).getByText('Q&A')).toBeTruthy();
    expect(within(qaItem).getByText(/Questions about: Interacting with patients/)).toBeTruthy();
    expect(within(firstPart).getByText('Break', { selector: '.kind' })).toBeTruthy();
  });

  it('counts down to the next Q&A block', async () => {
    const store = await storeAt(
      new Date(Date.parse(cet('2024-02-22', '14:30')) - (12 * 60 + 34) * 1000).toISOString(),
    );
    render(AgendaPanel, { store });

    expect(screen.getByRole('timer').textContent).toBe('Q&A in 12:34');
    // The moment itself, in the course's zone and the viewer's (UTC here).
    expect(screen.getByText('Q&A at 14:30 CET (13:30 your time)')).toBeTruthy();
    // The item after the one on now is marked NEXT.
    const next = screen.getAllByRole('heading', { name: 'Q&A Session' })[0].closest('li')!;
    expect(within(next).getByText('Next')).toBeTruthy();
    expect(screen.getAllByText('Next')).toHaveLength(1);
  });

  it('during a break, says when the course is back', async () => {
    const store = await storeAt(cet('2024-02-22', '15:10'));
    render(AgendaPanel, { store });
    expect(screen.getByText('Break: back at 15:30 CET (14:30 your time)')).toBeTruthy();
  });

  it('switches the shown times between CET and the viewer’s zone, and remembers it', async () => {
    const saved = new Map<string, string>();
    const storage = {
      getItem: (k: string) => saved.get(k) ?? null,
      setItem: (k: string, v: string) => void saved.set(k, v),
    };
    const store = await storeAt(cet('2024-02-22', '13:20'), storage);
    render(AgendaPanel, { store });

    const firstTalk = screen
      .getByRole('heading', { name: 'Interacting with patients during ultrasound' })
      .closest('li')!;
    const toggle = screen.getByRole('button', { name: 'Show times in my time zone' });
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    expect(firstTalk.querySelector('time')?.textContent).toBe('12:30');
    expect(screen.getByText('Times in CET, the course’s time zone')).toBeTruthy();
    expect(screen.getAllByText('12:30–18:00 CET', { selector: '.window' })).toHaveLength(2);

    await fireEvent.click(toggle);

    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(firstTalk.querySelector('time')?.textContent).toBe('11:30');
    expect(screen.getByText('Times in your time zone (UTC)')).toBeTruthy();
    expect(screen.getAllByText('11:30–17:00 UTC', { selector: '.window' })).toHaveLength(2);
    expect(saved.get(TIME_DISPLAY_KEY)).toBe('local');
  });
});
