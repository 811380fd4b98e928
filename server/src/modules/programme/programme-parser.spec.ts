import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_ITEMS_PER_PART, MAX_PARTS_PER_EVENT, MAX_PROGRAMME_BYTES } from '../../../../shared/limits.js';
import type { Programme } from '../../../../shared/programme.js';
import { DomainError } from '../../common/domain-error.js';
import { kindOf, parseProgramme, parseSpeakerLine } from './programme-parser.js';
import { validateProgramme } from './programme-validator.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
// The organizers' real text (a copy of shared/seeds/000_32a4921893429b3e.txt): LF, no final newline.
const SEED = fixture('esor-patient-communication-2024.txt');
const SUMMER = fixture('summer-school-2024.txt');

/** The seed with 1-based lines replaced in place, so every other line keeps its number. */
function seedWith(replacements: Record<number, string>): string {
  const lines = SEED.split('\n');
  for (const [line, text] of Object.entries(replacements)) lines[Number(line) - 1] = text;
  return lines.join('\n');
}

/** The seed with lines `from`–`to` (1-based, inclusive) blanked. */
function seedWithout(from: number, to: number): string {
  const blanks: Record<number, string> = {};
  for (let line = from; line <= to; line += 1) blanks[line] = '';
  return seedWith(blanks);
}

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the input to be refused');
}

const allItems = (p: Programme) => p.parts.flatMap((part) => part.items);
const itemTitled = (p: Programme, title: string) => allItems(p).find((item) => item.title === title)!;

describe('parseProgramme: the ESOR seed', () => {
  const p = parseProgramme(SEED);

  it('finds the event title, slug, zone, notes and description', () => {
    expect(p.title).toBe('ESOR Patient Communication Course');
    expect(p.slug).toBe('esor-patient-communication-course');
    expect(p.timezone).toBe('Europe/Vienna');
    expect(p.notes).toBe(
      [
        'Live streaming',
        'ESOR Patient Communication Courses will be streamed live on the ESR Connect platform.',
        'CME Accreditation for live streaming only',
        'Applications have been made to the European Accreditation Council for Continuing Medical ' +
          'Education (EACCME) for CME accreditation of ESOR Patient Communication Courses.',
        'courses. The EACCME is an institution of the European Union of Medical Specialists (UEMS).',
      ].join('\n'),
    );
    const paragraphs = p.description.split('\n\n');
    expect(paragraphs).toHaveLength(2);
    expect(paragraphs[0]).toMatch(/^In response to the great reception .* Course 2024!$/);
    expect(paragraphs[1]).toMatch(/^Good patient communication .* radiology practice\.$/);
  });

  it('reads two parts with their windows, notes, about and objectives', () => {
    expect(p.parts.map((part) => [part.title, part.date, part.start, part.end])).toEqual([
      [
        'Patient Communication Course - Part 1',
        '2024-02-22',
        '2024-02-22T11:30:00.000Z',
        '2024-02-22T17:00:00.000Z',
      ],
      [
        'Patient Communication Course - Part 2',
        '2024-03-21',
        '2024-03-21T11:30:00.000Z',
        '2024-03-21T17:00:00.000Z',
      ],
    ]);
    for (const part of p.parts) {
      expect(part.streamNote).toBe('Watch this course on ESR Connect!');
      expect(part.streamUrl).toBeNull();
      expect(part.objectives).toHaveLength(4);
    }
    expect(p.parts[0].about).toMatch(/^This course addresses .*“Conversation on Communication,” to foster/);
    expect(p.parts[0].objectives[0]).toBe(
      'to demonstrate effective patient interaction during ultrasound exams to enhance understanding and comfort;',
    );
    expect(p.parts[1].objectives[0]).toMatch(
      /^To develop skills in effectively conveying the radiologist’s role/,
    );
  });

  it('reads 9 items per part: 6 talks, 2 Q&A, 1 break', () => {
    expect(allItems(p)).toHaveLength(18);
    for (const part of p.parts) {
      const kinds = part.items.map((item) => item.kind);
      expect(kinds).toEqual(['talk', 'talk', 'talk', 'qa', 'break', 'talk', 'talk', 'talk', 'qa']);
    }
  });

  it('converts item times in the event zone (CET, +01:00)', () => {
    const first = p.parts[0].items[0];
    expect(first).toEqual({
      kind: 'talk',
      title: 'Interacting with patients during ultrasound',
      start: '2024-02-22T11:30:00.000Z',
      end: '2024-02-22T12:10:00.000Z',
      speakers: [{ name: 'M. Radzina', city: 'Riga', country: 'LV' }],
    });
    expect(p.parts[1].items.at(-1)).toMatchObject({
      start: '2024-03-21T16:30:00.000Z',
      end: '2024-03-21T17:00:00.000Z',
    });
  });

  it('splits speakers joined by "and", keeping names as published', () => {
    expect(itemTitled(p, 'Radiation Risk Discussion').speakers).toEqual([
      { name: 'G. Paulo', city: 'Coimbra', country: 'PT' },
      { name: 'D. Akata', city: 'Ankara', country: 'TR' },
    ]);
    expect(itemTitled(p, 'Conversation on communication').speakers[1]).toEqual({
      name: 'Herbert Kressel',
      city: 'Boston',
      country: 'USA',
    });
    for (const item of allItems(p).filter((i) => i.kind !== 'talk')) expect(item.speakers).toEqual([]);
  });

  it('keeps curly quotes as published', () => {
    const titles = p.parts[1].items.map((item) => item.title);
    expect(titles).toContain('Radiology reports: the essence of the radiologist’s role as communicator');
    expect(titles).toContain('Facing challenges: do’s and don’ts');
  });

  it('produces a programme the JSON validator accepts unchanged', () => {
    expect(validateProgramme(JSON.parse(JSON.stringify(p)))).toEqual(p);
  });
});

describe('parseProgramme: text variants that mean the same programme', () => {
  const expected = parseProgramme(SEED);

  it.each<[string, string]>([
    ['hyphens instead of en dashes', SEED.replaceAll('–', '-')],
    ['CRLF line endings', SEED.replaceAll('\n', '\r\n')],
    ['CR line endings', SEED.replaceAll('\n', '\r')],
    ['a BOM', `\uFEFF${SEED}`],
    ['a final newline', `${SEED}\n`],
    ['every blank line doubled and every line break a blank line', SEED.replaceAll('\n', '\n\n')],
    ['leading blank lines', `\n\n\n${SEED}`],
    ['trailing spaces', SEED.replaceAll('\n', '  \n')],
    ['tabs and non-breaking spaces', SEED.replaceAll('  •', '\t•').replaceAll(' | ', '\u00A0|\u00A0')],
    ['* bullets', SEED.replaceAll('•', '*')],
    ['- bullets', SEED.replaceAll('•', '-')],
    ['en dashes without spaces', SEED.replaceAll(' – ', '–')],
    ['a lowercase zone label', SEED.replaceAll(' CET', ' cet')],
    ['no zone label (the event zone)', SEED.replaceAll(' CET', '')],
    ['CEST in winter (a label for the event zone)', SEED.replaceAll(' CET', ' CEST')],
    ['CET/CEST', SEED.replaceAll(' CET', ' CET/CEST')],
  ])('%s', (_name, text) => {
    expect(parseProgramme(text)).toEqual(expected);
  });

  it('reads a programme without objectives', () => {
    const p = parseProgramme(seedWithout(26, 31));
    expect(p.parts[0].objectives).toEqual([]);
    expect(p.parts[0].about).toMatch(/^This course addresses/);
    expect(p.parts[0].items).toHaveLength(9);
  });

  it('reads single-digit hours, hyphens, Müller-Şahin and speakers without city or country', () => {
    const p = parseProgramme(SUMMER);
    expect(p.title).toBe('Radiology Summer School 2024');
    expect(p.notes).toBe('');
    expect(p.description).toBe('A compact morning for residents.\nBring your own laptop.');
    const [part] = p.parts;
    expect(part).toMatchObject({
      title: 'Radiology Summer School - Day 1',
      date: '2024-06-20',
      start: '2024-06-20T07:00:00.000Z',
      end: '2024-06-20T10:00:00.000Z',
      streamNote: '',
      about: '',
      objectives: [],
    });
    expect(part.items.map((i) => [i.kind, i.title, i.start, i.end, i.speakers])).toEqual([
      [
        'talk',
        'Welcome and imaging basics',
        '2024-06-20T07:00:00.000Z',
        '2024-06-20T07:45:00.000Z',
        [{ name: 'Ayşe Müller-Şahin', city: 'Zürich', country: 'CH' }],
      ],
      [
        'talk',
        'Reporting in practice',
        '2024-06-20T07:45:00.000Z',
        '2024-06-20T08:30:00.000Z',
        [{ name: 'Herbert Kressel', city: null, country: null }],
      ],
      ['break', 'Coffee break', '2024-06-20T08:30:00.000Z', '2024-06-20T09:00:00.000Z', []],
      [
        'talk',
        'Ultrasound “hands-on”',
        '2024-06-20T09:00:00.000Z',
        '2024-06-20T09:40:00.000Z',
        [{ name: 'R. Sinnatamby', city: 'Cambridge', country: null }],
      ],
      ['qa', 'Questions and answers', '2024-06-20T09:40:00.000Z', '2024-06-20T10:00:00.000Z', []],
    ]);
    expect(p.slug).toBe('radiology-summer-school-2024');
  });

  it('takes the slug from the options', () => {
    expect(parseProgramme(SEED, { slug: 'esor-pcc-2024' }).slug).toBe('esor-pcc-2024');
  });

  it('takes an http(s) URL line under the date line as the stream URL', () => {
    const p = parseProgramme(seedWith({ 21: 'https://stream.example.org/pcc/part1.m3u8' }));
    expect(p.parts[0].streamUrl).toBe('https://stream.example.org/pcc/part1.m3u8');
    expect(p.parts[0].streamNote).toBe('Watch this course on ESR Connect!');
  });
});

describe('parseProgramme: dates, zones and DST', () => {
  const firstItem = (text: string, timezone?: string) => parseProgramme(text, { timezone }).parts[0].items[0];

  it.each<[string, string, string, string]>([
    [
      'a winter date',
      'February 22, 2024 | 12:30 – 18:00 CET',
      '2024-02-22T11:30:00.000Z',
      '2024-02-22T12:10:00.000Z',
    ],
    [
      'a summer date labelled CET is still +02:00',
      'June 20, 2024 | 12:30 – 18:00 CET',
      '2024-06-20T10:30:00.000Z',
      '2024-06-20T11:10:00.000Z',
    ],
    [
      'a summer date labelled CEST',
      'June 20, 2024 | 12:30 – 18:00 CEST',
      '2024-06-20T10:30:00.000Z',
      '2024-06-20T11:10:00.000Z',
    ],
    [
      'the spring change day (2024-03-31)',
      'March 31, 2024 | 12:30 – 18:00 CET',
      '2024-03-31T10:30:00.000Z',
      '2024-03-31T11:10:00.000Z',
    ],
    [
      'the autumn change day (2024-10-27)',
      'October 27, 2024 | 12:30 – 18:00 CEST',
      '2024-10-27T11:30:00.000Z',
      '2024-10-27T12:10:00.000Z',
    ],
    [
      'UTC is read literally',
      'February 22, 2024 | 12:30 – 18:00 UTC',
      '2024-02-22T12:30:00.000Z',
      '2024-02-22T13:10:00.000Z',
    ],
    [
      'GMT is read literally',
      'February 22, 2024 | 12:30 – 18:00 GMT',
      '2024-02-22T12:30:00.000Z',
      '2024-02-22T13:10:00.000Z',
    ],
    [
      'an explicit offset is read literally',
      'June 20, 2024 | 12:30 – 18:00 UTC+01:00',
      '2024-06-20T11:30:00.000Z',
      '2024-06-20T12:10:00.000Z',
    ],
    [
      'a weekday and day-first date',
      'Thursday, 22 February 2024 | 12:30 – 18:00 CET',
      '2024-02-22T11:30:00.000Z',
      '2024-02-22T12:10:00.000Z',
    ],
    [
      'an abbreviated month',
      'Feb 22, 2024 | 12:30 – 18:00 CET',
      '2024-02-22T11:30:00.000Z',
      '2024-02-22T12:10:00.000Z',
    ],
  ])('%s', (_name, dateLine, start, end) => {
    const item = firstItem(seedWith({ 19: dateLine, 52: 'December 5, 2024 | 12:30 – 18:00 CET' }));
    expect([item.start, item.end]).toEqual([start, end]);
  });

  it('reads the labels of another event zone', () => {
    const text = seedWith({
      19: 'February 22, 2024 | 12:30 – 18:00 EST',
      52: 'March 21, 2024 | 12:30 – 18:00 EDT',
    });
    const p = parseProgramme(text, { timezone: 'America/New_York' });
    expect(p.timezone).toBe('America/New_York');
    expect(p.parts.map((part) => part.start)).toEqual([
      '2024-02-22T17:30:00.000Z',
      '2024-03-21T16:30:00.000Z',
    ]);
  });

  it('reads a part across the spring change in real time', () => {
    const text = [
      'Night Course',
      '',
      'Night Course - Part 1',
      'March 31, 2024 | 00:30 – 04:00 CET',
      '00:30 – 01:30 Before the change',
      '01:30 – 03:00 Across the change',
      '03:00 – 04:00 After the change',
    ].join('\n');
    const items = parseProgramme(text).parts[0].items;
    expect(items.map((item) => [item.start, item.end])).toEqual([
      ['2024-03-30T23:30:00.000Z', '2024-03-31T00:30:00.000Z'],
      ['2024-03-31T00:30:00.000Z', '2024-03-31T01:00:00.000Z'],
      ['2024-03-31T01:00:00.000Z', '2024-03-31T02:00:00.000Z'],
    ]);
  });
});

describe('parseProgramme: the event title rule', () => {
  it('falls back to the first line when no line shares a part heading’s name', () => {
    const p = parseProgramme(seedWith({ 11: 'Welcome' }));
    expect(p.title).toBe('Live streaming');
    expect(p.notes).toBe('');
    expect(p.description.split('\n\n')[0]).toBe(
      'ESOR Patient Communication Courses will be streamed live on the ESR Connect platform.',
    );
  });

  it('finds a title that runs straight into the description', () => {
    const p = parseProgramme(seedWith({ 12: 'A second line of the first paragraph.' }));
    expect(p.title).toBe('ESOR Patient Communication Course');
    expect(p.description.split('\n\n')[0]).toBe(
      'A second line of the first paragraph.\nIn response to the great reception of patient communication ' +
        'talks in 2023 Foundation Courses, ESOR developed a brand new online Patient Communication Course 2024!',
    );
  });

  it.each([
    ['Day 1: Patient Communication Course'],
    ['PATIENT COMMUNICATION COURSE (Part I)'],
    ['Patient Communication Course – Session 1'],
  ])('matches the heading "%s"', (heading) => {
    expect(parseProgramme(seedWith({ 17: heading })).title).toBe('ESOR Patient Communication Course');
  });

  it('is the title shared with a heading even when it is shorter than the heading', () => {
    const p = parseProgramme(
      seedWith({ 11: 'Patient Communication', 17: 'Patient Communication Course 2024 - Part 1' }),
    );
    expect(p.title).toBe('Patient Communication');
  });
});

describe('parseProgramme: refusals, with the line they are on', () => {
  it.each<[string, string, number, RegExp]>([
    [
      'no part (no date line)',
      'ESOR Course\n\nSome description.\n',
      4,
      /expected a part: a heading line followed by a date line/,
    ],
    ['empty text', '', 1, /expected a part/],
    [
      'a date line with no heading above it',
      'February 22, 2024 | 12:30 – 18:00 CET\n12:30 – 13:00 Talk',
      1,
      /expected a part heading/,
    ],
    [
      'a heading only, no title',
      'Course - Part 1\nFebruary 22, 2024 | 12:30 – 18:00 CET\n12:30 – 13:00 Talk',
      1,
      /expected the event title/,
    ],
    ['a part with no agenda items (part 1)', seedWithout(34, 48), 17, /expected at least one agenda line/],
    ['a part with no agenda items (part 2)', seedWithout(67, 81), 50, /expected at least one agenda line/],
    [
      'an agenda time 25:70',
      seedWith({ 34: '25:70 – 13:10 Interacting with patients during ultrasound' }),
      34,
      /expected a time between 00:00 and 23:59, found "25:70"/,
    ],
    [
      'a date-line time 18:70',
      seedWith({ 19: 'February 22, 2024 | 12:30 – 18:70 CET' }),
      19,
      /found "18:70"/,
    ],
    [
      'a date that does not exist',
      seedWith({ 19: 'February 30, 2024 | 12:30 – 18:00 CET' }),
      19,
      /expected a calendar date, found "February 30, 2024"/,
    ],
    ['a date line without times', seedWith({ 19: 'February 22, 2024' }), 19, /expected a date line like/],
    [
      'a date line with trailing words',
      seedWith({ 19: 'February 22, 2024 | 12:30 – 18:00 CET online' }),
      19,
      /expected a date line like/,
    ],
    [
      'an item ending when it starts',
      seedWith({ 36: '13:10 – 13:10 Breaking bad news' }),
      36,
      /expected the end after the start on the same day .*found 13:10 – 13:10/,
    ],
    [
      'an item ending before it starts',
      seedWith({ 36: '13:50 – 13:10 Breaking bad news' }),
      36,
      /expected the end after the start/,
    ],
    [
      'an item crossing midnight',
      seedWith({ 19: 'February 22, 2024 | 12:30 – 23:59 CET', 48: '23:30 – 00:30 Q&A Session' }),
      48,
      /nothing crosses midnight/,
    ],
    [
      'a part window ending before it starts',
      seedWith({ 19: 'February 22, 2024 | 18:00 – 12:30 CET' }),
      19,
      /expected the end after the start/,
    ],
    [
      'overlapping items',
      seedWith({ 36: '13:00 – 13:50 Breaking bad news' }),
      36,
      /expected a start at or after 13:10.*overlap/,
    ],
    [
      'items out of order',
      seedWith({
        34: '13:10 – 13:50 Interacting with patients during ultrasound',
        36: '12:30 – 13:10 Breaking bad news',
      }),
      36,
      /expected items in time order, found 12:30/,
    ],
    [
      'an item after the window',
      seedWith({ 48: '17:30 – 18:30 Q&A Session' }),
      48,
      /expected the item within the part's window 12:30 – 18:00, found 17:30 – 18:30/,
    ],
    [
      'an item before the window',
      seedWith({ 34: '12:00 – 13:10 Interacting with patients during ultrasound' }),
      34,
      /within the part's window/,
    ],
    [
      'parts that overlap',
      seedWith({ 52: 'February 22, 2024 | 17:00 – 18:00 CET', 67: '17:00 – 17:10 Radiology reports' }),
      52,
      /expected this part to start after the previous part ends/,
    ],
    [
      'an unknown zone label',
      seedWith({ 19: 'February 22, 2024 | 12:30 – 18:00 PST' }),
      19,
      /expected the time zone CET or CEST \(the zone Europe\/Vienna\), UTC, or an offset like UTC\+01:00, found "PST"/,
    ],
    [
      'a time in the spring-forward gap',
      seedWith({ 19: 'March 31, 2024 | 02:30 – 18:00 CET', 52: 'April 4, 2024 | 12:30 – 18:00 CET' }),
      19,
      /expected a time that exists on 2024-03-31 in Europe\/Vienna, found 02:30/,
    ],
    [
      'a talk followed by a sentence',
      seedWith({ 35: 'Watch this course on ESR Connect!' }),
      35,
      /expected a speaker line like "R. Sinnatamby, Cambridge\/UK" or an agenda line/,
    ],
    [
      'a talk followed by a room number',
      seedWith({ 37: 'Room 2.14, ground floor' }),
      37,
      /expected a speaker line/,
    ],
    [
      'a speaker line after a Q&A',
      seedWith({ 49: 'A. Rockall, London/UK' }),
      49,
      /expected an agenda line .*Q&A sessions and breaks take no speaker line/,
    ],
    [
      'a second speaker line',
      seedWith({ 36: 'X. Extra, Paris/FR' }),
      36,
      /expected an agenda line like "12:30 – 13:10 Title", found "X. Extra, Paris\/FR"/,
    ],
    [
      'stray text after the agenda',
      seedWith({ 49: 'Thank you for attending!' }),
      49,
      /expected an agenda line/,
    ],
    [
      'a malformed agenda line',
      seedWith({ 34: '12:30 13:10 Interacting with patients during ultrasound' }),
      34,
      /expected an agenda line like "12:30 – 13:10 Title", found "12:30 13:10 Interacting/,
    ],
    [
      'an agenda line without a title',
      seedWith({ 36: '13:10 – 13:50' }),
      36,
      /found "13:10 – 13:50" \(no title\)/,
    ],
    ['an empty objective', seedWith({ 29: '  •' }), 29, /expected a non-empty text/],
    [
      'an item title over the limit',
      seedWith({ 36: `13:10 – 13:50 ${'x'.repeat(301)}` }),
      36,
      /expected at most 300 characters/,
    ],
    [
      'a heading directly above a date line replaced by an agenda line',
      seedWith({ 50: '' }),
      52,
      /expected a part heading .* found the agenda line "17:30 – 18:00 Q&A Session"/,
    ],
  ])('%s → line %i', (_name, text, line, message) => {
    const error = refusal(() => parseProgramme(text));
    expect(error.code).toBe('programme/invalid');
    expect(error.details.line).toBe(line);
    expect(error.message).toMatch(new RegExp(`^Line ${line}: `));
    expect(error.message).toMatch(message);
  });

  it('refuses more than MAX_PARTS_PER_EVENT parts at the first extra heading', () => {
    const lines = ['Many Parts Course', ''];
    for (let k = 1; k <= MAX_PARTS_PER_EVENT + 1; k += 1) {
      lines.push(
        `Many Parts Course - Part ${k}`,
        `January ${k}, 2024 | 10:00 – 11:00 CET`,
        '10:00 – 11:00 Talk',
        '',
      );
    }
    const error = refusal(() => parseProgramme(lines.join('\n')));
    const line = 3 + MAX_PARTS_PER_EVENT * 4;
    expect(lines[line - 1]).toBe(`Many Parts Course - Part ${MAX_PARTS_PER_EVENT + 1}`);
    expect(error.details.line).toBe(line);
    expect(error.message).toMatch(/expected at most 20 parts/);
  });

  it('refuses more than MAX_ITEMS_PER_PART items at the first extra item', () => {
    const lines = ['Long Course', '', 'Long Course - Part 1', 'January 10, 2024 | 00:00 – 23:00 CET'];
    for (let k = 0; k <= MAX_ITEMS_PER_PART; k += 1) {
      const at = (minutes: number) => `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
      lines.push(`${at(k * 10)} – ${at(k * 10 + 10)} Talk ${k + 1}`);
    }
    const error = refusal(() => parseProgramme(lines.join('\n')));
    expect(error.details.line).toBe(5 + MAX_ITEMS_PER_PART);
    expect(error.message).toMatch(/expected at most 100 items/);
  });

  it.each<[string, string]>([
    ['ASCII', 'x'.repeat(MAX_PROGRAMME_BYTES + 1)],
    ['multi-byte characters under the limit in length', 'é'.repeat(MAX_PROGRAMME_BYTES / 2 + 1)],
  ])('refuses text over MAX_PROGRAMME_BYTES (%s)', (_name, text) => {
    const error = refusal(() => parseProgramme(text));
    expect(error.code).toBe('programme/too_large');
    expect(error.message).toMatch(/expected at most 262144 bytes/);
  });

  it('refuses an unknown time zone option', () => {
    const error = refusal(() => parseProgramme(SEED, { timezone: 'Mars/Olympus_Mons' }));
    expect(error.message).toBe(
      'timezone: expected an IANA time zone like "Europe/Vienna", found "Mars/Olympus_Mons"',
    );
    expect(error.details.line).toBeUndefined();
  });

  it('refuses a zone label that belongs to another zone', () => {
    const error = refusal(() => parseProgramme(SEED, { timezone: 'America/New_York' }));
    expect(error.details.line).toBe(19);
    expect(error.message).toMatch(/expected the time zone EST or EDT .* found "CET"/);
  });

  it('refuses a malformed slug option', () => {
    const error = refusal(() => parseProgramme(SEED, { slug: 'Not A Slug' }));
    expect(error.message).toMatch(/^slug: expected lowercase letters/);
  });
});

describe('speaker lines and item kinds', () => {
  it.each<[string, ReturnType<typeof parseSpeakerLine>]>([
    ['R. Sinnatamby, Cambridge/UK', [{ name: 'R. Sinnatamby', city: 'Cambridge', country: 'UK' }]],
    ['Herbert Kressel', [{ name: 'Herbert Kressel', city: null, country: null }]],
    ['Herbert Kressel, Boston', [{ name: 'Herbert Kressel', city: 'Boston', country: null }]],
    ['Herbert Kressel, /USA', [{ name: 'Herbert Kressel', city: null, country: 'USA' }]],
    ['Herbert Kressel, Boston, USA', [{ name: 'Herbert Kressel', city: 'Boston', country: 'USA' }]],
    ['J. O’Neill, St. Gallen / CH', [{ name: 'J. O’Neill', city: 'St. Gallen', country: 'CH' }]],
    [
      'A. Rockall, London/UK & Ayşe Müller-Şahin, İzmir/TR',
      [
        { name: 'A. Rockall', city: 'London', country: 'UK' },
        { name: 'Ayşe Müller-Şahin', city: 'İzmir', country: 'TR' },
      ],
    ],
    ['Watch this course on ESR Connect!', null],
    ['Room 2.14', null],
    ['A. B., Riga/LV/EU', null],
    ['A. B., Riga, Latvia, EU', null],
    ['One two three four five six seven eight nine', null],
  ])('%s', (line, speakers) => {
    expect(parseSpeakerLine(line)).toEqual(speakers);
  });

  it.each([
    ['Q&A Session', 'qa'],
    ['Q & A', 'qa'],
    ['q&a', 'qa'],
    ['Questions and answers', 'qa'],
    ['Questions & Answers:', 'qa'],
    ['Break', 'break'],
    ['Coffee break', 'break'],
    ['Lunch Break', 'break'],
    ['Breaking bad news', 'talk'],
    ['Q&A with the faculty', 'talk'],
  ])('%s is a %s', (title, kind) => {
    expect(kindOf(title)).toBe(kind);
  });
});
