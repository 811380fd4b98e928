import { describe, expect, it } from 'vitest';
import type { ProgrammeItem, ProgrammePart } from '../../../../shared/programme.js';
import { planRepublish, type StoredPartShape } from './republish-plan.js';

const at = (hour: string, date = '2024-02-22') => `${date}T${hour}:00:00.000Z`;
const item = (kind: ProgrammeItem['kind'], start: string, date?: string): ProgrammeItem => ({
  kind,
  title: `${kind} at ${start}`,
  start: at(start, date),
  end: at(
    start.replace(/^(\d\d)/, (h) => String(Number(h) + 1).padStart(2, '0')),
    date,
  ),
  speakers: [],
});
const part = (date: string, items: ProgrammeItem[]): ProgrammePart => ({
  title: `Part ${date}`,
  date,
  start: items[0].start,
  end: items.at(-1)!.end,
  streamUrl: null,
  streamNote: '',
  about: '',
  objectives: [],
  items,
});
const stored = (id: string, date: string, items: [string, string, string][]): StoredPartShape => ({
  id,
  localDate: date,
  title: `Part ${date}`,
  items: items.map(([itemId, kind, start]) => ({
    id: itemId,
    kind,
    title: itemId,
    startsAt: new Date(at(start, date)),
  })),
});

describe('planRepublish', () => {
  const old = [
    stored('p1', '2024-02-22', [
      ['t1', 'talk', '11'],
      ['q1', 'qa', '12'],
    ]),
    stored('p2', '2024-03-21', [['t2', 'talk', '11']]),
  ];

  it('keeps parts by date and items by start; new starts are new items, missing ones are removed', () => {
    const plan = planRepublish(old, [
      part('2024-02-22', [item('talk', '11'), item('talk', '13', '2024-02-22')]),
      part('2024-03-21', [item('talk', '11', '2024-03-21')]),
    ]);
    expect(plan.parts.map((p) => p.partId)).toEqual(['p1', 'p2']);
    expect(plan.parts[0].itemIds).toEqual(['t1', null]);
    expect(plan.parts[1].itemIds).toEqual(['t2']);
    expect(plan.removedItemIds).toEqual(['q1']);
    expect(plan.removedPartIds).toEqual([]);
    expect(plan.counts).toEqual({ kept: 2, added: 1, removed: 1 });
  });

  it('matches a part by its date whatever its position, and removes a part that is gone with its items', () => {
    const plan = planRepublish(old, [part('2024-03-21', [item('talk', '11', '2024-03-21')])]);
    expect(plan.parts[0].partId).toBe('p2');
    expect(plan.removedPartIds).toEqual(['p1']);
    expect(plan.removedItemIds.sort()).toEqual(['q1', 't1']);
  });

  it('flags a kept Q&A block that stops being one', () => {
    const plan = planRepublish(old.slice(0, 1), [
      part('2024-02-22', [item('talk', '11'), item('break', '12')]),
    ]);
    expect(plan.parts[0].itemIds).toEqual(['t1', 'q1']);
    expect(plan.noLongerQaIds).toEqual(['q1']);
  });
});
