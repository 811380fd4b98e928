// Every page rendered in German, as a German browser would get it: no raw key ("qa.send") and
// no English text of the catalogue (a German text that fell back to English) anywhere on the
// page, in its accessible names or in its tab title.
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../App.svelte';
import { createOrganizerApi } from '../lib/api/organizer.js';
import type { AttendanceApi } from '../lib/api/attendance.js';
import LanguageSwitch from '../lib/components/ui/LanguageSwitch.svelte';
import de from '../lib/i18n/de.js';
import en from '../lib/i18n/en.js';
import { LANGUAGE_KEY, useLanguage } from '../lib/i18n/index.js';
import { grantStorageKey } from '../lib/realtime/grant-secret.js';
import { FakeLiveSocket, ok } from '../../test-support/fake-socket.svelte.js';
import { json, stubFetch } from '../../test-support/fake-fetch.js';
import { makeModQuestion, makeModSnapshot, makeSpeakerSnapshot } from '../../test-support/moderation.js';
import { fakeOrganizerServer } from '../../test-support/organizer.js';
import { makeQuestion, makeSnapshot } from '../../test-support/questions.js';
import { cet, nowAt, seedEvent, seedSummary } from '../../test-support/seed-event.js';
import { DEFAULT_EVALUATION } from '../../../shared/attendance.js';
import EventPage from './EventPage.svelte';
import EventsPage from './EventsPage.svelte';
import ModeratorPage from './ModeratorPage.svelte';
import NotFoundPage from './NotFoundPage.svelte';
import OrganizePage from './OrganizePage.svelte';
import OverlayPage from './OverlayPage.svelte';
import SpeakerPage from './SpeakerPage.svelte';
import VerifyPage from './VerifyPage.svelte';

const slug = seedEvent.slug;
const eventPath = `/api/events/${slug}`;
const params = { slug };

// ---- What a German page must not show -------------------------------------------------------

const keys = Object.keys(en.messages);
const namespaces = [...new Set(keys.map((k) => k.split('.')[0]))];
/** "qa.send", "mod.status.on_air": a key as t() would show it had it no text. */
const KEY_LIKE = new RegExp(`(?:^|[^\\w/.-])(?:${namespaces.join('|')})\\.[A-Za-z_]+\\b`);

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** An English text as a pattern: its placeholders match anything, the rest must match exactly. */
const asPattern = (text: string): RegExp =>
  new RegExp(
    `^${text
      .split(/\{\w+\}/)
      .map(escapeRegExp)
      .join('.+')}$`,
  );
const literalLetters = (text: string): number =>
  text.replace(/\{\w+\}/g, '').replace(/[^\p{L}]/gu, '').length;
const germanOf = (key: string): string | undefined => (de.messages as Record<string, string>)[key];
/** English texts German words differently, with enough letters of their own to recognise. */
const englishOnly = Object.entries(en.messages as Record<string, string>)
  .filter(([key, english]) => germanOf(key) !== english && literalLetters(english) >= 3)
  .map(([key, english]) => ({ key, pattern: asPattern(english) }));

const normalise = (s: string): string =>
  s
    .replace(/[\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** Every string a person can read or hear on the page: texts, accessible names, the tab title. */
function readableStrings(root: HTMLElement): string[] {
  const found = new Set<string>([normalise(document.title)]);
  for (const el of [root, ...root.querySelectorAll<HTMLElement>('*')]) {
    if (el.closest('style, script')) continue;
    found.add(normalise(el.textContent ?? ''));
    for (const node of el.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) found.add(normalise(node.textContent ?? ''));
    }
    for (const attribute of ['aria-label', 'aria-description', 'title', 'placeholder', 'alt']) {
      const value = el.getAttribute(attribute);
      if (value) found.add(normalise(value));
    }
  }
  found.delete('');
  return [...found];
}

/** The course's own texts are shown as published (the seed course is in English: "Break"). */
const content = new Set(
  [seedEvent.title, ...seedEvent.parts.flatMap((p) => [p.title, ...p.items.map((i) => i.title)])].map(
    normalise,
  ),
);

function expectAllGerman(root: HTMLElement = document.body): void {
  const strings = readableStrings(root).filter((s) => !content.has(s));
  expect(strings.filter((s) => KEY_LIKE.test(s))).toEqual([]);
  // A whole section's text is its children's texts run together; those are checked one by one.
  const english = strings
    .filter((s) => s.length <= 400)
    .flatMap((s) => englishOnly.filter(({ pattern }) => pattern.test(s)).map(({ key }) => `${key}: ${s}`));
  expect(english).toEqual([]);
}

// ---- The pages ------------------------------------------------------------------------------

beforeAll(async () => {
  await useLanguage('de');
});

afterAll(async () => {
  await useLanguage('en');
});

beforeEach(() => {
  vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  localStorage.clear();
  sessionStorage.clear();
  history.replaceState(null, '', '/');
});

// Whole pages with their stores, on a machine shared with other work: more than the 5 s default.
describe('every page in German', { timeout: 30_000 }, () => {
  it('the checks themselves catch a raw key and an English text', () => {
    document.body.innerHTML = '<p>qa.send</p>';
    expect(() => expectAllGerman()).toThrow();
    document.body.innerHTML = '<button aria-label="Show all 12 questions">x</button>';
    expect(() => expectAllGerman()).toThrow();
    document.body.innerHTML = '<p>Ihre Frage: /e/esor-course · stream.m3u8 ist kein Schlüssel</p>';
    expect(() => expectAllGerman()).not.toThrow();
    document.body.innerHTML = '';
  });

  it('the courses page, with dates in German', async () => {
    stubFetch({ '/api/events': () => json([seedSummary]) });
    render(EventsPage);
    await screen.findByRole('link', { name: seedSummary.title });
    expect(screen.getByRole('heading', { level: 1, name: 'Kurse' })).toBeTruthy();
    expect(screen.getByRole('list', { name: `Termine von ${seedSummary.title}` }).textContent).toContain(
      'Do., 22. Feb. 2024 · 12:30–18:00 MEZ',
    );
    expectAllGerman();
  });

  it('the event page: stream, agenda, the question box, questions in every state, CME credits', async () => {
    const at = cet('2024-02-22', '14:40');
    stubFetch({
      [eventPath]: () => json(seedEvent),
      [`${eventPath}/now`]: () => json(nowAt(at)),
      [`${eventPath}/attendance`]: () =>
        json({
          enabled: true,
          consentText: 'Ich stimme der Erfassung meiner Teilnahme zu.',
          evaluation: DEFAULT_EVALUATION,
          promptConfirmSeconds: 90,
          beatIntervalSeconds: 30,
        }),
    });
    const socket = new FakeLiveSocket();
    const questions = [
      makeQuestion({ body: 'Wie erkläre ich einen Zufallsbefund?', votes: 1 }),
      makeQuestion({ body: 'Welche Worte vermeiden?', votes: 3, displayName: 'Anna', status: 'on_air' }),
      makeQuestion({ body: 'Schon beantwortet', status: 'answered' }),
      makeQuestion({ body: 'In der Warteschlange', status: 'queued', votes: 2 }),
    ];
    socket
      .respond('part:join', () => ok(makeSnapshot(at, { questions })))
      .respond('clock:sync', () => ok({ serverTime: at, clockRate: 1 }));
    render(EventPage, { params, connection: socket });

    await screen.findByText('Wie erkläre ich einen Zufallsbefund?');
    await screen.findByRole('heading', { name: 'CME-Punkte' });
    expect(screen.getByRole('textbox', { name: 'Ihre Frage' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Senden' })).toBeTruthy();
    expect(screen.getByText('1 Stimme')).toBeTruthy();
    expect(screen.getByText('3 Stimmen')).toBeTruthy();
    expect(screen.getByText('Noch 500 Zeichen')).toBeTruthy();
    expect(document.title).toBe(`${seedEvent.title} · Live-Kursbegleiter`);
    expectAllGerman();
  });

  it('an unknown course: a page that speaks to the person, with the way back', async () => {
    stubFetch({ '/api/events/kein-kurs/now': () => json(nowAt(cet('2024-02-22', '13:20'))) });
    render(EventPage, { params: { slug: 'kein-kurs' }, connection: new FakeLiveSocket() });
    expect(await screen.findByRole('heading', { level: 1, name: 'Kurs nicht gefunden' })).toBeTruthy();
    expect(screen.getByText(/^Wir konnten diesen Kurs nicht finden\./)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Alle Kurse ansehen' }).getAttribute('href')).toBe('/');
    expect(screen.queryByRole('button', { name: 'Erneut versuchen' })).toBeNull();
    expect(screen.queryByText(/api/i)).toBeNull();
    expectAllGerman();
  });

  it('the moderation page, with questions in every state', async () => {
    sessionStorage.setItem(grantStorageKey(slug), 'mod-secret');
    history.replaceState(null, '', `/e/${slug}/moderate`);
    const at = cet('2024-02-22', '13:20');
    stubFetch({ [eventPath]: () => json(seedEvent), [`${eventPath}/now`]: () => json(nowAt(at)) });
    const socket = new FakeLiveSocket();
    socket
      .respond('mod:join', () =>
        ok(
          makeModSnapshot([
            makeModQuestion({ status: 'pending', body: 'Wartet auf Freigabe', flags: ['patient_data'] }),
            makeModQuestion({ status: 'visible', body: 'Sichtbare Frage', votes: 1, starred: true }),
            makeModQuestion({ status: 'queued', body: 'Eingereihte Frage', queuePosition: 1 }),
            makeModQuestion({ status: 'on_air', body: 'Frage auf Sendung', votes: 4 }),
            makeModQuestion({ status: 'answered', body: 'Beantwortete Frage' }),
            makeModQuestion({ status: 'hidden', body: 'Ausgeblendete Frage' }),
          ]),
        ),
      )
      .respond('clock:sync', () => ok({ serverTime: at, clockRate: 1 }));
    render(ModeratorPage, { params, connection: socket });
    await screen.findByText('Sichtbare Frage');
    await waitFor(() => expect(document.title).toBe(`(1) Moderation · ${seedEvent.title}`));
    expect(screen.getByRole('switch', { name: 'Vorab-Moderation' })).toBeTruthy();
    expectAllGerman();
  });

  it('the speaker view', async () => {
    history.replaceState(null, '', `/e/${slug}/speaker#key=speaker-secret`);
    const at = cet('2024-02-22', '14:40');
    stubFetch({ [eventPath]: () => json(seedEvent), [`${eventPath}/now`]: () => json(nowAt(at)) });
    const onAir = makeModQuestion({
      status: 'on_air',
      body: 'Wie beginnen Sie?',
      displayName: 'Anna',
      votes: 1,
    });
    const queued = makeModQuestion({ status: 'queued', body: 'Als Nächstes', queuePosition: 1, votes: 2 });
    const inText = makeModQuestion({
      status: 'answered',
      body: 'Gibt es ein Handout?',
      answeredHow: 'text',
      reply: { text: 'Ja, unter Materialien.', at: at, by: 'Anna' },
    });
    const socket = new FakeLiveSocket();
    socket
      .respond('speaker:join', () =>
        ok(makeSpeakerSnapshot([onAir, queued, inText], { speakersMayAnswer: true })),
      )
      .respond('clock:sync', () => ok({ serverTime: at, clockRate: 1 }));
    render(SpeakerPage, { params, connection: socket });
    await screen.findByText('Wie beginnen Sie?');
    expect(screen.getByText('1 Stimme')).toBeTruthy();
    expect(screen.getByText('Schriftlich beantwortet (1)')).toBeTruthy();
    // With the answer form open on the question on air.
    await fireEvent.click(screen.getAllByRole('button', { name: 'Schriftlich antworten' })[0]);
    expect(screen.getByRole('button', { name: 'Antwort senden' })).toBeTruthy();
    expectAllGerman();
  });

  it('the overlay', async () => {
    const at = cet('2024-02-22', '14:40');
    stubFetch({ [eventPath]: () => json(seedEvent), [`${eventPath}/now`]: () => json(nowAt(at)) });
    const socket = new FakeLiveSocket();
    socket
      .respond('part:join', () =>
        ok(makeSnapshot(at, { questions: [makeQuestion({ body: 'Auf Sendung', status: 'on_air' })] })),
      )
      .respond('clock:sync', () => ok({ serverTime: at, clockRate: 1 }));
    render(OverlayPage, { params, connection: socket, fadeMs: 0 });
    await screen.findByText('Auf Sendung');
    expect(document.title).toBe('Fragen-Einblendung');
    expectAllGerman();
  });

  it('the organizer console: sign-in, then every section', async () => {
    const server = fakeOrganizerServer();
    const first = render(OrganizePage, { api: createOrganizerApi(server.fetch), localZone: 'Europe/Berlin' });
    expect(await screen.findByLabelText('Veranstalter-Token')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Anmelden' })).toBeTruthy();
    expectAllGerman();
    first.unmount();

    render(OrganizePage, {
      api: createOrganizerApi(fakeOrganizerServer({ signedIn: true }).fetch),
      localZone: 'Europe/Berlin',
    });
    await screen.findByRole('heading', { name: 'Links für Moderation und Vortragende' });
    expect(screen.getByLabelText('Programmtext')).toBeTruthy();
    await fireEvent.input(screen.getByLabelText('Programmtext'), { target: { value: 'Programm' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Vorschau' }));
    await screen.findByRole('region', { name: 'Vorschau' });
    expectAllGerman();
  });

  it('the certificate check', async () => {
    const api = {
      verify: () =>
        Promise.resolve({
          id: 'c1',
          valid: true,
          name: 'Dr. Ada Muster',
          event: seedEvent.title,
          credits: 6,
          issuedAt: '2024-03-22T10:00:00.000Z',
        }),
    } as unknown as AttendanceApi;
    render(VerifyPage, { params: { id: 'c1' }, api });
    await screen.findByText('Dieses Zertifikat ist gültig.');
    expect(screen.getByText(/am 22\. März 2024/)).toBeTruthy();
    expectAllGerman();
  });

  it('the page for an unknown address', () => {
    render(NotFoundPage);
    expect(screen.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' })).toBeTruthy();
    expect(document.title).toBe('Seite nicht gefunden · Live-Kursbegleiter');
    expectAllGerman();
  });
});

describe('the language switch', { timeout: 30_000 }, () => {
  it('sits in the page header, says which language is on, and switches the page in place', async () => {
    stubFetch({ '/api/events': () => json([seedSummary]) });
    render(App);
    await screen.findByRole('link', { name: seedSummary.title });
    const group = screen.getByRole('group', { name: 'Sprache' });
    const german = screen.getByRole('button', { name: 'Deutsch', pressed: true });
    expect(german.getAttribute('lang')).toBe('de');
    expect(group.contains(german)).toBe(true);
    expect(screen.getByRole('heading', { level: 1, name: 'Kurse' })).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'English' }));
    await screen.findByRole('heading', { level: 1, name: 'Courses' });
    // The same elements re-rendered: the dates follow the language too.
    expect(screen.getByRole('list', { name: `Dates of ${seedSummary.title}` }).textContent).toContain(
      'Thu, 22 Feb 2024 · 12:30–18:00 CET',
    );
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem(LANGUAGE_KEY)).toBe('en');
    expect(screen.getByRole('button', { name: 'English', pressed: true })).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'Deutsch' }));
    await screen.findByRole('heading', { level: 1, name: 'Kurse' });
    expect(localStorage.getItem(LANGUAGE_KEY)).toBe('de');
    expect(document.documentElement.lang).toBe('de');
  });

  it('a question being typed stays when the language changes', async () => {
    const at = cet('2024-02-22', '14:40');
    stubFetch({ [eventPath]: () => json(seedEvent), [`${eventPath}/now`]: () => json(nowAt(at)) });
    const socket = new FakeLiveSocket();
    socket
      .respond('part:join', () => ok(makeSnapshot(at)))
      .respond('clock:sync', () => ok({ serverTime: at, clockRate: 1 }));
    render(LanguageSwitch);
    render(EventPage, { params, connection: socket });
    const box = await screen.findByRole('textbox', { name: 'Ihre Frage' });
    await fireEvent.input(box, { target: { value: 'Halb geschrieben' } });

    await fireEvent.click(screen.getByRole('button', { name: 'English' }));
    const same = await screen.findByRole('textbox', { name: 'Your question' });
    expect(same).toBe(box);
    expect((same as HTMLTextAreaElement).value).toBe('Halb geschrieben');
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy();
    expect(socket.sent('part:join')).toHaveLength(1);
    await useLanguage('de');
  });
});
