import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { AgendaItemView, EventView, PartView } from '../../../../shared/events-api.js';
import type { AgendaItemKind, Speaker } from '../../../../shared/programme.js';
import { escapeText, foldLine, formatSpeaker, renderEventCalendar, utcDateTime } from './calendar-ics.js';

// Built from the seed course (seeds/000_32a4921893429b3e.txt); Europe/Vienna is UTC+1 on both
// days. One invented talk adds accents, curly quotes and TEXT separators.
type Row = [kind: AgendaItemKind, start: string, end: string, title: string, speakers?: string];

function speakers(list = ''): Speaker[] {
  return list
    .split(' and ')
    .filter(Boolean)
    .map((entry) => {
      const [name, place] = entry.split(/, (?=[^,]*$)/);
      const [city, country] = place.split('/');
      return { name, city, country };
    });
}

function part(id: string, position: number, title: string, date: string, rows: Row[]): PartView {
  const at = (time: string) => new Date(`${date}T${time}:00+01:00`).toISOString();
  const items: AgendaItemView[] = rows.map(([kind, start, end, itemTitle, who], i) => ({
    id: `${id}-item-${i + 1}`,
    partId: id,
    kind,
    title: itemTitle,
    start: at(start),
    end: at(end),
    speakers: speakers(who),
    covers: [],
  }));
  // Each Q&A block covers the talks since the previous block.
  let since = 0;
  items.forEach((item, i) => {
    if (item.kind !== 'qa') return;
    item.covers = items
      .slice(since, i)
      .filter((t) => t.kind === 'talk')
      .map((t) => ({ id: t.id, title: t.title }));
    since = i + 1;
  });
  return {
    id,
    position,
    title,
    date,
    start: at('12:30'),
    end: at('18:00'),
    streamUrl: null,
    streamDelaySeconds: 20,
    streamNote: 'Watch this course on ESR Connect!',
    about: '',
    objectives: [],
    items,
  };
}

const PART_1 = part('p1', 1, 'Patient Communication Course - Part 1', '2024-02-22', [
  ['talk', '12:30', '13:10', 'Interacting with patients during ultrasound', 'M. Radzina, Riga/LV'],
  ['talk', '13:10', '13:50', 'Breaking bad news', 'R. Sinnatamby, Cambridge/UK'],
  ['talk', '13:50', '14:30', 'Radiation Risk Discussion', 'G. Paulo, Coimbra/PT and D. Akata, Ankara/TR'],
  ['qa', '14:30', '15:00', 'Q&A Session'],
  ['break', '15:00', '15:30', 'Break'],
  ['talk', '15:30', '16:10', 'Patient communication in the IR', 'R. Schernthaner, Vienna/AT'],
  ['talk', '16:10', '16:50', 'Paediatric Patient perspective', 'O. Kvist, Stockholm/SE'],
  [
    'talk',
    '16:50',
    '17:30',
    'Conversation on communication',
    'A. Rockall, London/UK and Herbert Kressel, Boston/USA',
  ],
  ['qa', '17:30', '18:00', 'Q&A Session'],
]);

const PART_2 = part('p2', 2, 'Patient Communication Course - Part 2', '2024-03-21', [
  [
    'talk',
    '12:30',
    '13:10',
    'Radiology reports: the essence of the radiologist’s role as communicator',
    'A. Brady, Cork/IE',
  ],
  ['talk', '13:10', '13:50', 'Electronic Portals', 'T. Cook, Philadelphia/USA'],
  ['talk', '13:50', '14:30', '“Bad news”, gently; a Müller-Şahin workshop', 'Ayşe Müller-Şahin, Zürich/CH'],
  ['qa', '14:30', '15:00', 'Q&A Session'],
  ['break', '15:00', '15:30', 'Break'],
  [
    'talk',
    '15:30',
    '16:10',
    'Dialogues with Referrer: efficiency and collaboration in emergency and MDT',
    'E. Neri, Pisa/IT',
  ],
  ['talk', '16:10', '16:50', 'Facing challenges: do’s and don’ts', 'A. England, Cork/UK'],
  ['talk', '16:50', '17:30', 'Patient communication when things go wrong', 'Mathias Prokop, Groeningen/NL'],
  ['qa', '17:30', '18:00', 'Q&A Session'],
]);

// Parts deliberately out of position order, as a repository might return them.
const EVENT: EventView = {
  slug: 'esor-patient-communication-2024',
  title: 'ESOR Patient Communication Course, 2024; online',
  description: '',
  qaOpensBeforeMinutes: null,
  notes: '',
  timezone: 'Europe/Vienna',
  parts: [PART_2, PART_1],
};
const NOW = new Date('2026-05-01T08:15:30.250Z');
const ICS = renderEventCalendar(EVENT, { host: 'companion.example.org', now: NOW });

function parse(text: string): { calendar: ICAL.Component; events: ICAL.Event[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return { calendar, events: calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
}

function byUid(events: ICAL.Event[], uid: string): ICAL.Event {
  const found = events.find((e) => e.uid === uid);
  if (!found) throw new Error(`no VEVENT ${uid}`);
  return found;
}

describe('renderEventCalendar on the seed course', () => {
  const { calendar, events } = parse(ICS);

  it('writes the calendar header and one VEVENT per agenda item', () => {
    expect(calendar.name).toBe('vcalendar');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Live Session Companion//Agenda//EN');
    expect(calendar.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(ICS).toContain('\r\nX-WR-CALNAME:ESOR Patient Communication Course\\, 2024\\; online\r\n');
    expect(ICS).toContain('\r\nX-WR-TIMEZONE:Europe/Vienna\r\n');
    expect(events).toHaveLength(18);
  });

  it('uses CRLF line endings only, ending with one', () => {
    expect(ICS.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ICS.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('orders events by part position, then start', () => {
    expect(events.map((e) => e.uid).slice(0, 2)).toEqual([
      'p1-item-1@companion.example.org',
      'p1-item-2@companion.example.org',
    ]);
    expect(events[9].uid).toBe('p2-item-1@companion.example.org');
  });

  it('writes start and end as UTC instants', () => {
    expect(ICS).toContain('\r\nDTSTART:20240222T113000Z\r\nDTEND:20240222T121000Z\r\n');
    const first = byUid(events, 'p1-item-1@companion.example.org');
    expect(first.startDate.toJSDate()).toEqual(new Date('2024-02-22T11:30:00Z'));
    expect(first.endDate.toJSDate()).toEqual(new Date('2024-02-22T12:10:00Z'));
    const lastQa = byUid(events, 'p2-item-9@companion.example.org');
    expect(lastQa.startDate.toJSDate()).toEqual(new Date('2024-03-21T16:30:00Z'));
    expect(lastQa.endDate.toJSDate()).toEqual(new Date('2024-03-21T17:00:00Z'));
  });

  it('stamps every event with options.now (whole seconds, UTC)', () => {
    const stamps = calendar
      .getAllSubcomponents('vevent')
      .map((v) => v.getFirstProperty('dtstamp')?.toICALString());
    expect(new Set(stamps)).toEqual(new Set(['DTSTAMP:20260501T081530Z']));
  });

  it('keeps curly quotes, accents and separators in a summary', () => {
    expect(byUid(events, 'p2-item-1@companion.example.org').summary).toBe(
      'Radiology reports: the essence of the radiologist’s role as communicator',
    );
    expect(byUid(events, 'p2-item-3@companion.example.org').summary).toBe(
      '“Bad news”, gently; a Müller-Şahin workshop',
    );
    expect(ICS).toContain('SUMMARY:“Bad news”\\, gently\\; a Müller-Şahin workshop');
  });

  it('describes a talk by its speakers and part, with commas round-tripping', () => {
    expect(byUid(events, 'p1-item-3@companion.example.org').description).toBe(
      'G. Paulo (Coimbra/PT), D. Akata (Ankara/TR)\nPatient Communication Course - Part 1',
    );
    expect(byUid(events, 'p2-item-3@companion.example.org').description).toBe(
      'Ayşe Müller-Şahin (Zürich/CH)\nPatient Communication Course - Part 2',
    );
  });

  it('describes a Q&A block by the talks it covers, and a break by its part', () => {
    const qa = byUid(events, 'p2-item-4@companion.example.org');
    expect(qa.description).toBe(
      [
        'Patient Communication Course - Part 2',
        '',
        'Questions on:',
        '• Radiology reports: the essence of the radiologist’s role as communicator',
        '• Electronic Portals',
        '• “Bad news”, gently; a Müller-Şahin workshop',
      ].join('\n'),
    );
    expect(byUid(events, 'p1-item-5@companion.example.org').description).toBe(
      'Patient Communication Course - Part 1',
    );
  });

  it('categorises items as talk, Q&A or break', () => {
    const categories = (uid: string) =>
      calendar
        .getAllSubcomponents('vevent')
        .find((v) => v.getFirstPropertyValue('uid') === uid)
        ?.getFirstProperty('categories')
        ?.getValues();
    expect(categories('p1-item-1@companion.example.org')).toEqual(['talk']);
    expect(categories('p1-item-4@companion.example.org')).toEqual(['Q&A']);
    expect(categories('p1-item-5@companion.example.org')).toEqual(['break']);
  });

  it('folds long lines at 75 octets and they parse back intact', () => {
    const lines = ICS.split('\r\n').slice(0, -1);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    // "SUMMARY:Dialogues with Referrer: …" is 82 octets, so it continues on a second line
    // (after the first 75 octets, which end in a space; the fold adds its own).
    expect(ICS).toContain(
      'SUMMARY:Dialogues with Referrer: efficiency and collaboration in emergency \r\n and MDT\r\n',
    );
    expect(byUid(events, 'p2-item-6@companion.example.org').summary).toBe(
      'Dialogues with Referrer: efficiency and collaboration in emergency and MDT',
    );
  });
});

describe('folding multi-byte text', () => {
  // 2-, 3- and 4-byte characters (ş, ’, 🩻) in a title long enough for several folds.
  const title = `${'Müller-Şahin’s 🩻 review; '.repeat(12)}end`;
  const event: EventView = { ...EVENT, parts: [{ ...PART_1, items: [{ ...PART_1.items[0], title }] }] };
  const ics = renderEventCalendar(event, { host: 'h', now: NOW });

  it('never splits a character: every physical line is valid UTF-8 on its own', () => {
    const bytes = Buffer.from(ics, 'utf8');
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const lines: Buffer[] = [];
    for (let start = 0, i = 0; i < bytes.length - 1; i++) {
      if (bytes[i] !== 0x0d || bytes[i + 1] !== 0x0a) continue;
      lines.push(bytes.subarray(start, i));
      start = i + 2;
    }
    for (const line of lines) {
      expect(line.length).toBeLessThanOrEqual(75);
      expect(() => decoder.decode(line)).not.toThrow();
    }
    // The summary folds several times, and at least once a character that would have straddled
    // octet 75 moved whole to the next line (leaving a shorter line before it).
    const summary = lines.findIndex((line) => line.toString().startsWith('SUMMARY:'));
    const continuation = lines.slice(summary + 1).findIndex((line) => line[0] !== 0x20);
    const folded = lines.slice(summary, summary + 1 + continuation);
    expect(folded.length).toBeGreaterThanOrEqual(5);
    expect(folded.slice(0, -1).some((line) => line.length < 75)).toBe(true);
  });

  it('parses back to the same title', () => {
    expect(parse(ics).events[0].summary).toBe(title);
  });

  it('fills lines up to the limit when the characters allow it', () => {
    const folded = foldLine(`SUMMARY:${'a'.repeat(200)}`).split('\r\n');
    expect(folded.map((l) => l.length)).toEqual([75, 75, 1 + (208 - 75 - 74)]);
    expect(folded.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    // 4-byte characters: a 19th would need octets 75–78, so lines stop at 74 (2 + 18 × 4) and
    // 73 (space + 18 × 4) rather than cutting one.
    const emoji = foldLine(`X:${'🩻'.repeat(40)}`).split('\r\n');
    expect(emoji.map((l) => Buffer.byteLength(l))).toEqual([74, 73, 1 + 4 * 4]);
  });

  it('leaves short lines alone', () => {
    expect(foldLine('SUMMARY:Break')).toBe('SUMMARY:Break');
  });
});

describe('TEXT helpers', () => {
  it('escapes backslash, semicolon, comma and every kind of newline; drops control characters', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg\u0007h\ti')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng' + 'h\ti');
  });

  it('round-trips escaped text through ical.js', () => {
    const text = 'C:\\path; a, b\nnext line: “quoted”';
    const ics = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      `DESCRIPTION:${escapeText(text)}`,
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    expect(parse(ics).events[0].description).toBe(text);
  });

  it('formats speakers with whatever place is known', () => {
    expect(formatSpeaker({ name: 'A. Brady', city: 'Cork', country: 'IE' })).toBe('A. Brady (Cork/IE)');
    expect(formatSpeaker({ name: 'A. Brady', city: null, country: 'IE' })).toBe('A. Brady (IE)');
    expect(formatSpeaker({ name: 'A. Brady', city: 'Cork', country: null })).toBe('A. Brady (Cork)');
    expect(formatSpeaker({ name: 'A. Brady', city: null, country: null })).toBe('A. Brady');
  });

  it('writes UTC DATE-TIME values', () => {
    expect(utcDateTime(new Date('2024-02-22T11:30:00.999Z'))).toBe('20240222T113000Z');
    expect(() => utcDateTime(new Date('nope'))).toThrow(RangeError);
  });
});
