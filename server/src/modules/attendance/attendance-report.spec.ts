import { describe, expect, it } from 'vitest';
import { DEFAULT_ATTENDANCE_RULE, type AttendanceRule } from '../../../../shared/attendance.js';
import type { AgendaItemView, EventView, PartView } from '../../../../shared/events-api.js';
import { buildReport, type ReportInput } from './attendance-report.js';

const ms = (iso: string) => Date.parse(iso);

function item(id: string, kind: AgendaItemView['kind'], start: string, end: string): AgendaItemView {
  return { id, partId: '', kind, title: id, start, end, speakers: [], covers: [] };
}

function part(id: string, date: string, items: AgendaItemView[]): PartView {
  return {
    id,
    position: 0,
    title: `Part ${id}`,
    date,
    start: items[0].start,
    end: items.at(-1)?.end ?? items[0].end,
    streamUrl: null,
    streamDelaySeconds: 20,
    streamNote: '',
    about: '',
    objectives: [],
    items: items.map((i) => ({ ...i, partId: id })),
  };
}

// Day 1: two one-hour talks, a break and a 30 min Q&A; day 2: a four-hour talk.
const EVENT: EventView = {
  slug: 'e',
  qaOpensBeforeMinutes: null,
  title: 'E',
  description: '',
  notes: '',
  timezone: 'UTC',
  parts: [
    part('p1', '2024-03-01', [
      item('t1', 'talk', '2024-03-01T13:00:00Z', '2024-03-01T14:00:00Z'),
      item('t2', 'talk', '2024-03-01T14:00:00Z', '2024-03-01T15:00:00Z'),
      item('br', 'break', '2024-03-01T15:00:00Z', '2024-03-01T15:30:00Z'),
      item('qa', 'qa', '2024-03-01T15:30:00Z', '2024-03-01T16:00:00Z'),
    ]),
    part('p2', '2024-03-02', [item('t3', 'talk', '2024-03-02T09:00:00Z', '2024-03-02T13:00:00Z')]),
  ],
};

const ATTENDEE = { id: 'a', name: 'A', email: 'a@x.org', profession: null, licence: null, evaluated: true };

function input(
  overrides: Partial<Omit<ReportInput, 'rule'>> & { rule?: Partial<AttendanceRule> } = {},
): ReportInput {
  return {
    event: EVENT,
    now: ms('2024-03-03T00:00:00Z'),
    attendees: [ATTENDEE],
    credits: [],
    prompts: [],
    corrections: [],
    ...overrides,
    rule: { ...DEFAULT_ATTENDANCE_RULE, promptsPerHour: 0, ...overrides.rule },
  };
}

/** `seconds` of live credit on `itemId`, as one beat at `at`. */
const credit = (itemId: string, seconds: number, at = '2024-03-01T13:30:00Z') => ({
  attendeeId: 'a',
  itemId,
  at: ms(at),
  ms: seconds * 1000,
});

const full = [credit('t1', 3600), credit('t2', 3600), credit('qa', 1800), credit('t3', 14_400)];

describe('buildReport', () => {
  it('lists talks and Q&A blocks, not breaks, with live seconds, share and credits', () => {
    const [summary] = buildReport(input({ credits: [credit('t1', 1800), credit('br', 600)] }));
    expect(summary.lines.map((l) => l.talk)).toEqual(['t1', 't2', 'qa', 't3']);
    expect(summary.lines[0]).toMatchObject({ liveSeconds: 1800, share: 0.5, counted: false, credits: 0 });
  });

  it('counts a talk from the minimum share, for the time actually watched', () => {
    const [summary] = buildReport(input({ credits: [credit('t1', 2880)] }));
    expect(summary.lines[0]).toMatchObject({ share: 0.8, counted: true, credits: 0.8 });
    const [below] = buildReport(input({ credits: [credit('t1', 2879)] }));
    expect(below.lines[0]).toMatchObject({ counted: false, credits: 0 });
  });

  it('rounds per day and caps each day', () => {
    const [summary] = buildReport(input({ credits: full }));
    // Day 1: 2.5 h = 2.5 credits; day 2: 4 h = 4 credits.
    expect(summary.byPart.map((p) => p.credits)).toEqual([2.5, 4]);
    expect(summary.totalCredits).toBe(6.5);
    const [capped] = buildReport(input({ credits: full, rule: { dailyCap: 3 } }));
    expect(capped.byPart.map((p) => p.credits)).toEqual([2.5, 3]);
    const [rounded] = buildReport(
      input({ credits: [credit('t1', 3600), credit('t2', 3000)], rule: { rounding: 'down-0.5' } }),
    );
    // 1 + 0.8333 = 1.8333 → 1.5
    expect(rounded.byPart[0].credits).toBe(1.5);
    const [nearest] = buildReport(
      input({ credits: [credit('t1', 3600), credit('t2', 3000)], rule: { rounding: 'nearest-0.5' } }),
    );
    expect(nearest.byPart[0].credits).toBe(2);
  });

  it('gives nothing when the whole course is required and one item falls short', () => {
    const [summary] = buildReport(input({ credits: full.slice(0, 3), rule: { wholeCourseRequired: true } }));
    expect(summary).toMatchObject({ totalCredits: 0, wholeCourse: false });
    expect(summary.blockedBy).toMatch(/whole course/);
    const [whole] = buildReport(input({ credits: full, rule: { wholeCourseRequired: true } }));
    expect(whole).toMatchObject({ totalCredits: 6.5, wholeCourse: true, blockedBy: null });
  });

  it('blocks the certificate until the evaluation when the rule requires it', () => {
    const attendees = [{ ...ATTENDEE, evaluated: false }];
    const [blocked] = buildReport(input({ credits: full, attendees }));
    expect(blocked.blockedBy).toMatch(/evaluation/);
    const [free] = buildReport(input({ credits: full, attendees, rule: { evaluationRequired: false } }));
    expect(free.blockedBy).toBeNull();
  });

  it('takes away the window since the previous prompt when one is missed', () => {
    const beats = [10, 20, 30, 40, 50].map((minute) =>
      credit('t1', 600, `2024-03-01T13:${String(minute).padStart(2, '0')}:00Z`),
    );
    const prompts = [
      // Answered at 13:15.
      { shownAt: '13:14:00', expiresAt: '13:15:30', answeredAt: '13:14:30' },
      // Missed: beats after 13:14 up to its expiry at 13:36:30 lose their credit (13:20, 13:30).
      { shownAt: '13:35:00', expiresAt: '13:36:30', answeredAt: null },
    ].map((p) => ({
      attendeeId: 'a',
      partId: 'p1',
      shownAt: ms(`2024-03-01T${p.shownAt}Z`),
      expiresAt: ms(`2024-03-01T${p.expiresAt}Z`),
      answeredAt: p.answeredAt === null ? null : ms(`2024-03-01T${p.answeredAt}Z`),
    }));
    const [summary] = buildReport(input({ credits: beats, prompts, rule: { missedPrompt: 'window' } }));
    expect(summary.lines[0]).toMatchObject({ liveSeconds: 1800, promptsShown: 2, promptsAnswered: 1 });
    const [lenient] = buildReport(input({ credits: beats, prompts, rule: { missedPrompt: 'none' } }));
    expect(lenient.lines[0].liveSeconds).toBe(3000);
    // A prompt still open is not missed yet.
    const [open] = buildReport(
      input({ credits: beats, prompts, now: ms('2024-03-01T13:36:00Z'), rule: { missedPrompt: 'window' } }),
    );
    expect(open.lines[0].liveSeconds).toBe(3000);
  });

  it('applies corrections within 0 and the item duration', () => {
    const corrections = [
      { attendeeId: 'a', itemId: 't1', seconds: 600 },
      { attendeeId: 'a', itemId: 't2', seconds: -9999 },
      { attendeeId: 'a', itemId: 'qa', seconds: 99_999 },
    ];
    const [summary] = buildReport(input({ credits: [credit('t1', 1800), credit('t2', 1800)], corrections }));
    expect(summary.lines.slice(0, 3).map((l) => [l.liveSeconds, l.correctionSeconds])).toEqual([
      [2400, 600],
      [0, -9999],
      [1800, 99_999],
    ]);
  });

  it('issues no certificate before the course has ended', () => {
    const [during] = buildReport(input({ credits: full, now: ms('2024-03-02T12:59:59Z') }));
    expect(during.blockedBy).toMatch(/once the course has ended \(2024-03-02 13:00 UTC\)/);
    expect(during.totalCredits).toBe(6.5);
    const [after] = buildReport(input({ credits: full, now: ms('2024-03-02T13:00:00Z') }));
    expect(after.blockedBy).toBeNull();
  });

  it('keeps attendees apart', () => {
    const other = { ...ATTENDEE, id: 'b', name: 'B' };
    const summaries = buildReport(input({ attendees: [ATTENDEE, other], credits: [credit('t1', 3600)] }));
    expect(summaries.map((s) => s.lines[0].liveSeconds)).toEqual([3600, 0]);
  });
});
