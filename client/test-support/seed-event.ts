// The seed course (shared/seeds/000_…txt) as the API serves it, for tests. Europe/Vienna is
// UTC+1 on both afternoons, so 12:30 CET is 11:30Z.
import type {
  AgendaItemView,
  EventSummary,
  EventView,
  NowResponse,
  PartView,
} from '../../shared/events-api.js';
import type { AgendaItemKind, Speaker } from '../../shared/programme.js';

const sp = (name: string, place: string): Speaker => {
  const [city, country] = place.split('/');
  return { name, city: city ?? null, country: country ?? null };
};

type Row = [AgendaItemKind, string, string, string, Speaker[]];

const PART1: Row[] = [
  ['talk', '12:30', '13:10', 'Interacting with patients during ultrasound', [sp('M. Radzina', 'Riga/LV')]],
  ['talk', '13:10', '13:50', 'Breaking bad news', [sp('R. Sinnatamby', 'Cambridge/UK')]],
  [
    'talk',
    '13:50',
    '14:30',
    'Radiation Risk Discussion',
    [sp('G. Paulo', 'Coimbra/PT'), sp('D. Akata', 'Ankara/TR')],
  ],
  ['qa', '14:30', '15:00', 'Q&A Session', []],
  ['break', '15:00', '15:30', 'Break', []],
  ['talk', '15:30', '16:10', 'Patient communication in the IR', [sp('R. Schernthaner', 'Vienna/AT')]],
  ['talk', '16:10', '16:50', 'Paediatric Patient perspective', [sp('O. Kvist', 'Stockholm/SE')]],
  [
    'talk',
    '16:50',
    '17:30',
    'Conversation on communication',
    [sp('A. Rockall', 'London/UK'), sp('Herbert Kressel', 'Boston/USA')],
  ],
  ['qa', '17:30', '18:00', 'Q&A Session', []],
];

const PART2: Row[] = [
  [
    'talk',
    '12:30',
    '13:10',
    'Radiology reports: the essence of the radiologist’s role as communicator',
    [sp('A. Brady', 'Cork/IE')],
  ],
  ['talk', '13:10', '13:50', 'Electronic Portals', [sp('T. Cook', 'Philadelphia/USA')]],
  ['talk', '13:50', '14:30', 'Patient’s perspective', [sp('E. Briers', 'Brussels/BE')]],
  ['qa', '14:30', '15:00', 'Q&A Session', []],
  ['break', '15:00', '15:30', 'Break', []],
  [
    'talk',
    '15:30',
    '16:10',
    'Dialogues with Referrer: efficiency and collaboration in emergency and MDT',
    [sp('E. Neri', 'Pisa/IT')],
  ],
  ['talk', '16:10', '16:50', 'Facing challenges: do’s and don’ts', [sp('A. England', 'Cork/UK')]],
  [
    'talk',
    '16:50',
    '17:30',
    'Patient communication when things go wrong',
    [sp('Mathias Prokop', 'Groeningen/NL')],
  ],
  ['qa', '17:30', '18:00', 'Q&A Session', []],
];

/** A Vienna wall-clock time on a winter date, as an ISO instant. */
export const cet = (date: string, time: string): string => new Date(`${date}T${time}:00+01:00`).toISOString();

function items(partId: string, date: string, rows: Row[]): AgendaItemView[] {
  const built: AgendaItemView[] = [];
  let covered: { id: string; title: string }[] = [];
  rows.forEach(([kind, start, end, title, speakers], i) => {
    const id = `${partId}-i${i + 1}`;
    built.push({
      id,
      partId,
      kind,
      title,
      start: cet(date, start),
      end: cet(date, end),
      speakers,
      covers: kind === 'qa' ? covered : [],
    });
    if (kind === 'talk') covered = [...covered, { id, title }];
    else covered = [];
  });
  return built;
}

function part(id: string, position: number, date: string, rows: Row[]): PartView {
  return {
    id,
    position,
    title: `Patient Communication Course - Part ${position}`,
    date,
    start: cet(date, '12:30'),
    end: cet(date, '18:00'),
    streamUrl: null,
    streamDelaySeconds: 20,
    streamNote: 'Watch this course on ESR Connect!',
    about: `About part ${position}.`,
    objectives: [`Objective A of part ${position}`, `Objective B of part ${position}`],
    items: items(id, date, rows),
  };
}

export const seedEvent: EventView = {
  slug: 'esor-patient-communication-2024',
  title: 'ESOR Patient Communication Course',
  description:
    'In response to the great reception…\n\nGood patient communication in the radiology department…',
  notes:
    'Live streaming\n\nESOR Patient Communication Courses will be streamed live on the ESR Connect platform.',
  timezone: 'Europe/Vienna',
  qaOpensBeforeMinutes: null,
  parts: [part('p1', 1, '2024-02-22', PART1), part('p2', 2, '2024-03-21', PART2)],
};

export const seedSummary: EventSummary = {
  slug: seedEvent.slug,
  title: seedEvent.title,
  timezone: seedEvent.timezone,
  parts: seedEvent.parts.map(({ id, title, date, start, end }) => ({ id, title, date, start, end })),
};

/** A `/now` answer at `serverTime`; the state fields are not used by the client. */
export function nowAt(serverTime: string): NowResponse {
  return {
    at: serverTime,
    serverTime,
    timezone: seedEvent.timezone,
    current: null,
    next: null,
    nextQa: null,
    secondsToNextQa: null,
  };
}
