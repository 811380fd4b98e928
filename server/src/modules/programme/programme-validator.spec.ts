import { describe, expect, it } from 'vitest';
import {
  MAX_ITEMS_PER_PART,
  MAX_OBJECTIVES_PER_PART,
  MAX_PARTS_PER_EVENT,
} from '../../../../shared/limits.js';
import { DomainError } from '../../common/domain-error.js';
import { deriveSlug, validateProgramme } from './programme-validator.js';

/** A small valid programme as JSON: one winter afternoon in Vienna (+01:00). */
function body() {
  return {
    title: 'ESOR Patient Communication Course',
    description: 'Intro.',
    notes: 'Live streaming',
    timezone: 'Europe/Vienna',
    parts: [
      {
        title: 'Patient Communication Course - Part 1',
        date: '2024-02-22',
        start: '2024-02-22T11:30:00.000Z',
        end: '2024-02-22T17:00:00.000Z',
        streamUrl: null,
        streamNote: 'Watch this course on ESR Connect!',
        about: 'About.',
        objectives: ['to demonstrate;'],
        items: [
          {
            kind: 'talk',
            title: 'Breaking bad news',
            start: '2024-02-22T11:30:00.000Z',
            end: '2024-02-22T12:10:00.000Z',
            speakers: [{ name: 'R. Sinnatamby', city: 'Cambridge', country: 'UK' }],
          },
          {
            kind: 'qa',
            title: 'Q&A Session',
            start: '2024-02-22T12:10:00.000Z',
            end: '2024-02-22T12:40:00.000Z',
            speakers: [],
          },
        ],
      },
    ],
  };
}

type Body = ReturnType<typeof body>;

function refusal(input: unknown): DomainError {
  try {
    validateProgramme(input);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the input to be refused');
}

/** A copy of body() changed by `edit`. */
function edited(edit: (b: Body & Record<string, unknown>) => void): unknown {
  const b = body() as Body & Record<string, unknown>;
  edit(b);
  return b;
}

const part = (b: Body) => b.parts[0];
const item = (b: Body, j: number) => b.parts[0].items[j] as Record<string, unknown>;

describe('validateProgramme: accepted input', () => {
  it('returns a copy equal to valid input', () => {
    const input = body();
    const result = validateProgramme(input);
    expect(result).toEqual(input);
    expect(result).not.toBe(input);
  });

  it('fills optional fields and leaves an absent slug absent', () => {
    const result = validateProgramme({
      title: 'Minimal',
      parts: [
        {
          title: 'Part 1',
          date: '2024-02-22',
          start: '2024-02-22T11:30:00Z',
          end: '2024-02-22T12:00:00Z',
          items: [
            { kind: 'talk', title: 'Only talk', start: '2024-02-22T11:30:00Z', end: '2024-02-22T12:00:00Z' },
          ],
        },
      ],
    });
    expect(result).toEqual({
      title: 'Minimal',
      description: '',
      notes: '',
      timezone: 'Europe/Vienna',
      parts: [
        {
          title: 'Part 1',
          date: '2024-02-22',
          start: '2024-02-22T11:30:00.000Z',
          end: '2024-02-22T12:00:00.000Z',
          streamUrl: null,
          streamNote: '',
          about: '',
          objectives: [],
          items: [
            {
              kind: 'talk',
              title: 'Only talk',
              start: '2024-02-22T11:30:00.000Z',
              end: '2024-02-22T12:00:00.000Z',
              speakers: [],
            },
          ],
        },
      ],
    });
    expect('slug' in result).toBe(false);
  });

  it('normalises instants with offsets to UTC with Z', () => {
    const result = validateProgramme(
      edited((b) => {
        part(b).start = '2024-02-22T12:30:00+01:00';
        item(b, 0).start = '2024-02-22T12:30+01:00';
      }),
    );
    expect(result.parts[0].start).toBe('2024-02-22T11:30:00.000Z');
    expect(result.parts[0].items[0].start).toBe('2024-02-22T11:30:00.000Z');
  });

  it('accepts an item ending exactly at midnight, and a summer date at +02:00', () => {
    const late = edited((b) => {
      Object.assign(part(b), { start: '2024-02-22T21:00:00Z', end: '2024-02-22T23:00:00Z' });
      Object.assign(item(b, 0), { start: '2024-02-22T21:00:00Z', end: '2024-02-22T22:00:00Z' });
      Object.assign(item(b, 1), { start: '2024-02-22T22:00:00Z', end: '2024-02-22T23:00:00Z' });
    });
    expect(validateProgramme(late).parts[0].items[1].end).toBe('2024-02-22T23:00:00.000Z');
    const summer = edited((b) => {
      Object.assign(part(b), {
        date: '2024-06-20',
        start: '2024-06-19T22:00:00Z',
        end: '2024-06-20T10:00:00Z',
      });
      Object.assign(item(b, 0), { start: '2024-06-19T22:00:00Z', end: '2024-06-19T23:00:00Z' });
      Object.assign(item(b, 1), { start: '2024-06-19T23:00:00Z', end: '2024-06-20T00:00:00Z' });
    });
    expect(validateProgramme(summer).parts[0].date).toBe('2024-06-20');
  });

  it('keeps a valid slug and any text as given', () => {
    const result = validateProgramme(
      edited((b) => {
        b.slug = 'esor-pcc-2024';
        item(b, 0).speakers = [{ name: 'Ayşe Müller-Şahin', city: 'Zürich', country: null }];
      }),
    );
    expect(result.slug).toBe('esor-pcc-2024');
    expect(result.parts[0].items[0].speakers[0].name).toBe('Ayşe Müller-Şahin');
  });
});

describe('validateProgramme: refusals name the JSON path', () => {
  const manyParts = () =>
    edited((b) => {
      b.parts = Array.from({ length: MAX_PARTS_PER_EVENT + 1 }, (_, k) => {
        const day = String(k + 1).padStart(2, '0');
        const span = { start: `2024-01-${day}T10:00:00Z`, end: `2024-01-${day}T11:00:00Z` };
        return { ...part(body()), date: `2024-01-${day}`, ...span, items: [{ ...item(body(), 0), ...span }] };
      }) as Body['parts'];
    });
  const manyItems = () =>
    edited((b) => {
      Object.assign(part(b), { start: '2024-02-22T00:00:00Z', end: '2024-02-22T22:00:00Z' });
      part(b).items = Array.from({ length: MAX_ITEMS_PER_PART + 1 }, (_, j) => ({
        ...item(body(), 0),
        start: new Date(Date.parse('2024-02-22T00:00:00Z') + j * 600_000).toISOString(),
        end: new Date(Date.parse('2024-02-22T00:10:00Z') + j * 600_000).toISOString(),
      })) as Body['parts'][number]['items'];
    });

  it.each<[string, () => unknown, string, RegExp]>([
    ['an array', () => [], '', /^expected an object, found an array$/],
    ['null', () => null, '', /^expected an object, found null$/],
    [
      'an unknown field',
      () => edited((b) => (b.extra = 1)),
      'extra',
      /unexpected field; expected only slug, title/,
    ],
    [
      'a misspelt item field',
      () => edited((b) => (item(b, 0).speaker = [])),
      'parts[0].items[0].speaker',
      /unexpected field/,
    ],
    [
      'a numeric title',
      () => edited((b) => ((b as Record<string, unknown>).title = 42)),
      'title',
      /expected a string, found number 42/,
    ],
    [
      'a missing title',
      () => edited((b) => delete (b as Record<string, unknown>).title),
      'title',
      /expected a string, found undefined/,
    ],
    ['an empty title', () => edited((b) => (b.title = '  ')), 'title', /expected a non-empty text/],
    [
      'a title too long',
      () => edited((b) => (b.title = 'x'.repeat(301))),
      'title',
      /expected at most 300 characters, found 301/,
    ],
    ['an empty part title', () => edited((b) => (part(b).title = '')), 'parts[0].title', /non-empty/],
    [
      'an empty item title',
      () => edited((b) => (item(b, 1).title = '')),
      'parts[0].items[1].title',
      /non-empty/,
    ],
    ['a bad slug', () => edited((b) => (b.slug = 'Not A Slug')), 'slug', /expected lowercase letters/],
    ['a slug too long', () => edited((b) => (b.slug = 'a'.repeat(81))), 'slug', /at most 80/],
    [
      'an unknown zone',
      () => edited((b) => (b.timezone = 'Mars/Olympus_Mons')),
      'timezone',
      /expected an IANA time zone/,
    ],
    [
      'an offset instead of a zone',
      () => edited((b) => (b.timezone = '+01:00')),
      'timezone',
      /expected an IANA time zone/,
    ],
    ['no parts', () => edited((b) => (b.parts = [])), 'parts', /expected at least one part/],
    [
      'parts not an array',
      () => edited((b) => ((b as Record<string, unknown>).parts = {})),
      'parts',
      /expected an array, found an object/,
    ],
    ['too many parts', manyParts, `parts[${MAX_PARTS_PER_EVENT}]`, /expected at most 20 parts/],
    [
      'a part without items',
      () => edited((b) => (part(b).items = [])),
      'parts[0].items',
      /expected at least one agenda line/,
    ],
    ['too many items', manyItems, `parts[0].items[${MAX_ITEMS_PER_PART}]`, /expected at most 100 items/],
    [
      'an impossible date',
      () => edited((b) => (part(b).date = '2024-02-30')),
      'parts[0].date',
      /expected a calendar date/,
    ],
    [
      'a date that is not the start’s',
      () => edited((b) => (part(b).date = '2024-02-23')),
      'parts[0].date',
      /expected the local date of the part's start \(2024-02-22 in Europe\/Vienna\)/,
    ],
    [
      'an impossible instant',
      () => edited((b) => (part(b).start = '2024-02-30T11:30:00Z')),
      'parts[0].start',
      /expected an ISO-8601 instant/,
    ],
    [
      'an instant without a zone',
      () => edited((b) => (item(b, 0).end = '2024-02-22T12:10:00')),
      'parts[0].items[0].end',
      /expected an ISO-8601 instant/,
    ],
    [
      'an instant that is a number',
      () => edited((b) => (item(b, 0).end = 1708600200000)),
      'parts[0].items[0].end',
      /expected a string, found number/,
    ],
    [
      'a part ending before it starts',
      () => edited((b) => (part(b).end = '2024-02-22T11:00:00Z')),
      'parts[0].end',
      /expected the end after the start .*found 12:30 – 12:00/,
    ],
    [
      'an item ending when it starts',
      () => edited((b) => (item(b, 1).end = '2024-02-22T12:10:00Z')),
      'parts[0].items[1].end',
      /expected the end after the start/,
    ],
    [
      'an item crossing midnight',
      () =>
        edited((b) => {
          Object.assign(part(b), { start: '2024-02-22T21:00:00Z', end: '2024-02-22T23:00:00Z' });
          Object.assign(item(b, 0), { start: '2024-02-22T21:00:00Z', end: '2024-02-22T22:00:00Z' });
          Object.assign(item(b, 1), { start: '2024-02-22T22:30:00Z', end: '2024-02-22T23:30:00Z' });
        }),
      'parts[0].items[1].end',
      /expected the end on the day of the start \(nothing crosses midnight\), found 23:30 – 00:30/,
    ],
    [
      'an unknown kind',
      () => edited((b) => (item(b, 0).kind = 'lecture')),
      'parts[0].items[0].kind',
      /expected one of talk, qa, break, found "lecture"/,
    ],
    [
      'overlapping items',
      () => edited((b) => (item(b, 1).start = '2024-02-22T12:00:00Z')),
      'parts[0].items[1].start',
      /expected a start at or after 13:10, when the previous item ends, found 13:00/,
    ],
    [
      'items out of order',
      () => edited((b) => (part(b).items = [item(b, 1), item(b, 0)] as Body['parts'][number]['items'])),
      'parts[0].items[1].start',
      /expected items in time order, found 12:30 after an item starting at 13:10/,
    ],
    [
      'an item outside the window',
      () => edited((b) => (item(b, 1).end = '2024-02-22T17:30:00Z')),
      'parts[0].items[1].end',
      /expected the item within the part's window 12:30 – 18:00, found 13:10 – 18:30/,
    ],
    [
      'an item before the window',
      () => edited((b) => (item(b, 0).start = '2024-02-22T11:00:00Z')),
      'parts[0].items[0].start',
      /within the part's window/,
    ],
    [
      'overlapping parts',
      () => edited((b) => b.parts.push({ ...part(body()), title: 'Part 2' })),
      'parts[1].start',
      /expected this part to start after the previous part ends \(2024-02-22 18:00\), found 2024-02-22 12:30/,
    ],
    [
      'an empty speaker name',
      () => edited((b) => (item(b, 0).speakers = [{ name: '', city: null, country: null }])),
      'parts[0].items[0].speakers[0].name',
      /non-empty/,
    ],
    [
      'an empty city',
      () => edited((b) => (item(b, 0).speakers = [{ name: 'A. B.', city: '', country: null }])),
      'parts[0].items[0].speakers[0].city',
      /non-empty/,
    ],
    [
      'a speaker as a string',
      () => edited((b) => (item(b, 0).speakers = ['A. B.'])),
      'parts[0].items[0].speakers[0]',
      /expected an object, found "A. B."/,
    ],
    [
      'a stream URL that is not http(s)',
      () => edited((b) => ((part(b) as Record<string, unknown>).streamUrl = 'javascript:alert(1)')),
      'parts[0].streamUrl',
      /expected null or an http\(s\) URL/,
    ],
    [
      'an empty objective',
      () => edited((b) => (part(b).objectives = ['ok', ' '])),
      'parts[0].objectives[1]',
      /non-empty/,
    ],
    [
      'too many objectives',
      () =>
        edited((b) => (part(b).objectives = Array.from({ length: MAX_OBJECTIVES_PER_PART + 1 }, () => 'x'))),
      `parts[0].objectives[${MAX_OBJECTIVES_PER_PART}]`,
      /at most 50 objectives/,
    ],
    [
      'an over-long description',
      () => edited((b) => (b.description = 'x'.repeat(20_001))),
      'description',
      /at most 20000 characters/,
    ],
  ])('%s → %s', (_name, input, path, message) => {
    const error = refusal(input());
    expect(error.code).toBe('programme/invalid');
    expect(error.details.line).toBeUndefined();
    if (path) expect(error.message.startsWith(`${path}: `)).toBe(true);
    expect(error.message.slice(path ? path.length + 2 : 0)).toMatch(message);
  });
});

describe('deriveSlug', () => {
  it.each([
    ['ESOR Patient Communication Course', 'esor-patient-communication-course'],
    ['Müller-Şahin: Cœur & Straße — Øresund 2024!', 'muller-sahin-coeur-strasse-oresund-2024'],
    ['  ¿Qué?  ', 'que'],
    ['İstanbul Radyoloji Günleri', 'istanbul-radyoloji-gunleri'],
    ['東京', 'event'],
  ])('%s → %s', (title, slug) => {
    expect(deriveSlug(title)).toBe(slug);
  });

  it('cuts to MAX_SLUG_LENGTH without a trailing hyphen', () => {
    const slug = deriveSlug(`${'a'.repeat(79)} bcd`);
    expect(slug).toBe('a'.repeat(79));
    expect(deriveSlug('word '.repeat(40)).length).toBeLessThanOrEqual(80);
  });
});
