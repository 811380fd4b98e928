import { describe, expect, it } from 'vitest';
import { agendaStateAt, nextBoundaryAfter } from './agenda-state.js';
import type { AgendaItemView } from './events-api.js';
import type { AgendaItemKind } from './programme.js';

// The seed course (seeds/000_32a4921893429b3e.txt): two afternoons, 12:30–18:00 CET.
// Europe/Vienna is UTC+1 on both days (Mar 21 is before the switch to summer time on Mar 31).
const DAY1 = '2024-02-22';
const DAY2 = '2024-03-21';

/** A local Vienna wall-clock time on one of the seed's days, as an instant. */
function vienna(date: string, time: string): Date {
  return new Date(`${date}T${time.length === 5 ? `${time}:00` : time}+01:00`);
}

// Same slot plan on both afternoons: three talks, Q&A, break, three talks, Q&A.
const SLOTS: [AgendaItemKind, string, string, string][] = [
  ['talk', '12:30', '13:10', 'Talk 1'],
  ['talk', '13:10', '13:50', 'Talk 2'],
  ['talk', '13:50', '14:30', 'Talk 3'],
  ['qa', '14:30', '15:00', 'Q&A Session'],
  ['break', '15:00', '15:30', 'Break'],
  ['talk', '15:30', '16:10', 'Talk 4'],
  ['talk', '16:10', '16:50', 'Talk 5'],
  ['talk', '16:50', '17:30', 'Talk 6'],
  ['qa', '17:30', '18:00', 'Q&A Session'],
];

function buildPart(partId: string, date: string): AgendaItemView[] {
  return SLOTS.map(([kind, start, end, title], i) => ({
    id: `${partId}-${i + 1}`,
    partId,
    kind,
    title,
    start: vienna(date, start).toISOString(),
    end: vienna(date, end).toISOString(),
    speakers: [],
    covers: [],
  }));
}

const ITEMS = [...buildPart('p1', DAY1), ...buildPart('p2', DAY2)];
// The function must not rely on the caller's order: a fixed permutation (7 and 18 are coprime)
// that interleaves the two parts.
const SHUFFLED = ITEMS.map((_, i) => ITEMS[(i * 7) % ITEMS.length]);

const H = 3600;
const DAY = 86_400;
// Feb 22 18:00 → Mar 21 14:30: 28 days (2024 is a leap year) minus 3½ hours.
const FROM_DAY1_END_TO_DAY2_QA1 = 28 * DAY - 3.5 * H;

interface Row {
  label: string;
  at: Date;
  current: string | null;
  next: string | null;
  nextQa: string | null;
  seconds: number | null;
}

// One row per line, so the table reads as a table.
// prettier-ignore
const ROWS: Row[] = [
  { label: 'long before the course', at: new Date('2024-01-01T00:00:00Z'), current: null, next: 'p1-1', nextQa: 'p1-4', seconds: 52 * DAY + 13.5 * H },
  { label: 'before the first talk', at: vienna(DAY1, '12:00'), current: null, next: 'p1-1', nextQa: 'p1-4', seconds: 2.5 * H },
  { label: 'half a second before the start (ceil)', at: vienna(DAY1, '12:29:59.500'), current: null, next: 'p1-1', nextQa: 'p1-4', seconds: 2 * H + 1 },
  { label: 'day 1 12:30 (first talk starts)', at: vienna(DAY1, '12:30'), current: 'p1-1', next: 'p1-2', nextQa: 'p1-4', seconds: 2 * H },
  { label: 'day 1 13:10', at: vienna(DAY1, '13:10'), current: 'p1-2', next: 'p1-3', nextQa: 'p1-4', seconds: 80 * 60 },
  { label: 'day 1 13:50', at: vienna(DAY1, '13:50'), current: 'p1-3', next: 'p1-4', nextQa: 'p1-4', seconds: 40 * 60 },
  { label: 'day 1 14:29:59.999 (talk still on)', at: vienna(DAY1, '14:29:59.999'), current: 'p1-3', next: 'p1-4', nextQa: 'p1-4', seconds: 1 },
  { label: 'day 1 14:30 (Q&A starts)', at: vienna(DAY1, '14:30'), current: 'p1-4', next: 'p1-5', nextQa: 'p1-4', seconds: 0 },
  { label: 'day 1 14:59:59.999 (Q&A still on)', at: vienna(DAY1, '14:59:59.999'), current: 'p1-4', next: 'p1-5', nextQa: 'p1-4', seconds: 0 },
  { label: 'day 1 15:00 (break)', at: vienna(DAY1, '15:00'), current: 'p1-5', next: 'p1-6', nextQa: 'p1-9', seconds: 2.5 * H },
  { label: 'day 1 15:17:30 (inside the break)', at: vienna(DAY1, '15:17:30'), current: 'p1-5', next: 'p1-6', nextQa: 'p1-9', seconds: 2 * H + 12.5 * 60 },
  { label: 'day 1 15:30', at: vienna(DAY1, '15:30'), current: 'p1-6', next: 'p1-7', nextQa: 'p1-9', seconds: 2 * H },
  { label: 'day 1 16:10', at: vienna(DAY1, '16:10'), current: 'p1-7', next: 'p1-8', nextQa: 'p1-9', seconds: 80 * 60 },
  { label: 'day 1 16:50', at: vienna(DAY1, '16:50'), current: 'p1-8', next: 'p1-9', nextQa: 'p1-9', seconds: 40 * 60 },
  { label: 'day 1 17:30 (last Q&A; next is part 2)', at: vienna(DAY1, '17:30'), current: 'p1-9', next: 'p2-1', nextQa: 'p1-9', seconds: 0 },
  { label: 'day 1 18:00 (part 1 over)', at: vienna(DAY1, '18:00'), current: null, next: 'p2-1', nextQa: 'p2-4', seconds: FROM_DAY1_END_TO_DAY2_QA1 },
  { label: 'between the parts', at: new Date('2024-03-01T09:00:00Z'), current: null, next: 'p2-1', nextQa: 'p2-4', seconds: 20 * DAY + 4.5 * H },
  { label: 'day 2 12:30', at: vienna(DAY2, '12:30'), current: 'p2-1', next: 'p2-2', nextQa: 'p2-4', seconds: 2 * H },
  { label: 'day 2 13:10', at: vienna(DAY2, '13:10'), current: 'p2-2', next: 'p2-3', nextQa: 'p2-4', seconds: 80 * 60 },
  { label: 'day 2 13:50', at: vienna(DAY2, '13:50'), current: 'p2-3', next: 'p2-4', nextQa: 'p2-4', seconds: 40 * 60 },
  { label: 'day 2 14:30 (Q&A starts)', at: vienna(DAY2, '14:30'), current: 'p2-4', next: 'p2-5', nextQa: 'p2-4', seconds: 0 },
  { label: 'day 2 15:00 (break)', at: vienna(DAY2, '15:00'), current: 'p2-5', next: 'p2-6', nextQa: 'p2-9', seconds: 2.5 * H },
  { label: 'day 2 15:30', at: vienna(DAY2, '15:30'), current: 'p2-6', next: 'p2-7', nextQa: 'p2-9', seconds: 2 * H },
  { label: 'day 2 16:10', at: vienna(DAY2, '16:10'), current: 'p2-7', next: 'p2-8', nextQa: 'p2-9', seconds: 80 * 60 },
  { label: 'day 2 16:50', at: vienna(DAY2, '16:50'), current: 'p2-8', next: 'p2-9', nextQa: 'p2-9', seconds: 40 * 60 },
  { label: 'day 2 17:30 (last item of the course)', at: vienna(DAY2, '17:30'), current: 'p2-9', next: null, nextQa: 'p2-9', seconds: 0 },
  { label: 'day 2 18:00 (course over)', at: vienna(DAY2, '18:00'), current: null, next: null, nextQa: null, seconds: null },
  { label: 'long after the course', at: new Date('2025-01-01T00:00:00Z'), current: null, next: null, nextQa: null, seconds: null },
];

const id = (item: AgendaItemView | null): string | null => item?.id ?? null;

describe('agendaStateAt on the seed course', () => {
  it.each(ROWS)('$label', (row) => {
    for (const items of [ITEMS, SHUFFLED]) {
      const state = agendaStateAt(items, row.at);
      expect({
        at: state.at,
        current: id(state.current),
        next: id(state.next),
        nextQa: id(state.nextQa),
        seconds: state.secondsToNextQa,
      }).toEqual({
        at: row.at.toISOString(),
        current: row.current,
        next: row.next,
        nextQa: row.nextQa,
        seconds: row.seconds,
      });
    }
  });

  it('returns the items themselves, not copies', () => {
    const state = agendaStateAt(ITEMS, vienna(DAY1, '14:30'));
    expect(state.current).toBe(ITEMS[3]);
  });

  it('is all null for an empty agenda', () => {
    expect(agendaStateAt([], vienna(DAY1, '13:00'))).toEqual({
      at: vienna(DAY1, '13:00').toISOString(),
      current: null,
      next: null,
      nextQa: null,
      secondsToNextQa: null,
    });
  });

  it('rejects an invalid item time rather than ignoring the item', () => {
    const broken = [{ ...ITEMS[0], start: 'not a time' }];
    expect(() => agendaStateAt(broken, vienna(DAY1, '13:00'))).toThrow(RangeError);
  });
});

describe('nextBoundaryAfter on the seed course', () => {
  it.each([
    { label: 'before the course', at: new Date('2024-01-01T00:00:00Z'), expected: vienna(DAY1, '12:30') },
    {
      label: 'exactly on a boundary (strictly after)',
      at: vienna(DAY1, '12:30'),
      expected: vienna(DAY1, '13:10'),
    },
    { label: 'inside a talk', at: vienna(DAY1, '12:45'), expected: vienna(DAY1, '13:10') },
    { label: 'inside the break', at: vienna(DAY1, '15:10'), expected: vienna(DAY1, '15:30') },
    { label: 'end of part 1 → start of part 2', at: vienna(DAY1, '18:00'), expected: vienna(DAY2, '12:30') },
    { label: 'during the last Q&A → its end', at: vienna(DAY2, '17:45'), expected: vienna(DAY2, '18:00') },
    { label: 'at the end of the course', at: vienna(DAY2, '18:00'), expected: null },
  ])('$label', ({ at, expected }) => {
    expect(nextBoundaryAfter(ITEMS, at)).toEqual(expected);
    expect(nextBoundaryAfter(SHUFFLED, at)).toEqual(expected);
  });

  it('includes ends that are not followed by a start (a gap)', () => {
    const gapped = ITEMS.filter((item) => item.id !== 'p1-5'); // no break item: 15:00–15:30 is empty
    expect(nextBoundaryAfter(gapped, vienna(DAY1, '14:45'))).toEqual(vienna(DAY1, '15:00'));
    expect(nextBoundaryAfter(gapped, vienna(DAY1, '15:00'))).toEqual(vienna(DAY1, '15:30'));
    expect(agendaStateAt(gapped, vienna(DAY1, '15:10'))).toMatchObject({ current: null, next: ITEMS[5] });
  });
});

describe('agendaStateAt across DST changes (Europe/Vienna, written as UTC instants)', () => {
  function item(itemId: string, kind: AgendaItemKind, start: string, end: string): AgendaItemView {
    return { id: itemId, partId: 'dst', kind, title: itemId, start, end, speakers: [], covers: [] };
  }
  // 2024-03-31: 02:00 CET jumps to 03:00 CEST at 01:00Z. A talk 01:30 CET–03:30 CEST looks two
  // hours long on the wall clock but lasts one hour.
  // 2024-10-27: 03:00 CEST falls back to 02:00 CET at 01:00Z. A talk 02:30 CEST–02:30 CET has the
  // same wall-clock start and end, yet lasts one hour.
  const DST = [
    item('spring-talk', 'talk', '2024-03-31T00:30:00Z', '2024-03-31T01:30:00Z'),
    item('spring-qa', 'qa', '2024-03-31T01:30:00Z', '2024-03-31T02:00:00Z'),
    item('autumn-talk', 'talk', '2024-10-27T00:30:00Z', '2024-10-27T01:30:00Z'),
    item('autumn-qa', 'qa', '2024-10-27T01:30:00Z', '2024-10-27T02:00:00Z'),
  ];

  it.each([
    {
      at: '2024-03-31T00:30:00Z',
      current: 'spring-talk',
      next: 'spring-qa',
      nextQa: 'spring-qa',
      seconds: 3600,
    },
    {
      at: '2024-03-31T01:00:00Z',
      current: 'spring-talk',
      next: 'spring-qa',
      nextQa: 'spring-qa',
      seconds: 1800,
    },
    {
      at: '2024-03-31T01:30:00Z',
      current: 'spring-qa',
      next: 'autumn-talk',
      nextQa: 'spring-qa',
      seconds: 0,
    },
    {
      at: '2024-10-27T00:30:00Z',
      current: 'autumn-talk',
      next: 'autumn-qa',
      nextQa: 'autumn-qa',
      seconds: 3600,
    },
    // 01:00Z and 00:00Z both read 02:00 on a Vienna clock that night; only the instant decides.
    { at: '2024-10-27T00:00:00Z', current: null, next: 'autumn-talk', nextQa: 'autumn-qa', seconds: 5400 },
    {
      at: '2024-10-27T01:00:00Z',
      current: 'autumn-talk',
      next: 'autumn-qa',
      nextQa: 'autumn-qa',
      seconds: 1800,
    },
    { at: '2024-10-27T02:00:00Z', current: null, next: null, nextQa: null, seconds: null },
  ])('at $at', (row) => {
    const state = agendaStateAt(DST, new Date(row.at));
    expect([id(state.current), id(state.next), id(state.nextQa), state.secondsToNextQa]).toEqual([
      row.current,
      row.next,
      row.nextQa,
      row.seconds,
    ]);
  });

  it('schedules the boundary one real hour after a talk that spans the change', () => {
    expect(nextBoundaryAfter(DST, new Date('2024-03-31T00:30:00Z'))).toEqual(
      new Date('2024-03-31T01:30:00Z'),
    );
    expect(nextBoundaryAfter(DST, new Date('2024-10-27T00:30:00Z'))).toEqual(
      new Date('2024-10-27T01:30:00Z'),
    );
  });
});
