import { readFile } from 'node:fs/promises';
import ICAL from 'ical.js';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventSummary, EventView, HealthResponse, NowResponse } from '../../shared/events-api.js';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../utils/test-app.js';

const SEED_SLUG = 'esor-patient-communication-course';

describe('events HTTP API', () => {
  let server: TestApp;
  let seedText: string;

  beforeAll(async () => {
    seedText = await readFile(DEFAULT_SEED_FILE, 'utf8');
    server = await startTestApp({ SEED_FILE: DEFAULT_SEED_FILE });
  });

  afterAll(() => server.close());

  const api = () => request(server.url);

  it('reports health with the database state', async () => {
    const response = await api().get('/api/health').expect(200);
    const body = response.body as HealthResponse;
    expect(body.status).toBe('ok');
    expect(body.database).toEqual({
      engine: server.config.databaseUrl ? 'postgres' : 'embedded',
      state: 'up',
    });
  });

  it('publishes the seed programme on first start: one event, two parts', async () => {
    const response = await api().get('/api/events').expect(200);
    const events = response.body as EventSummary[];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      slug: SEED_SLUG,
      title: 'ESOR Patient Communication Course',
      timezone: 'Europe/Vienna',
    });
    expect(events[0].parts.map((p) => [p.date, p.start, p.end])).toEqual([
      ['2024-02-22', '2024-02-22T11:30:00.000Z', '2024-02-22T17:00:00.000Z'],
      ['2024-03-21', '2024-03-21T11:30:00.000Z', '2024-03-21T17:00:00.000Z'],
    ]);
  });

  it('serves the event with 18 agenda items, speakers as published, and Q&A coverage', async () => {
    const event = (await api().get(`/api/events/${SEED_SLUG}`).expect(200)).body as EventView;
    const items = event.parts.flatMap((p) => p.items);
    expect(items).toHaveLength(18);
    expect(items.filter((i) => i.kind === 'qa')).toHaveLength(4);
    expect(items.filter((i) => i.kind === 'break')).toHaveLength(2);
    const radiation = items.find((i) => i.title === 'Radiation Risk Discussion');
    expect(radiation?.speakers).toEqual([
      { name: 'G. Paulo', city: 'Coimbra', country: 'PT' },
      { name: 'D. Akata', city: 'Ankara', country: 'TR' },
    ]);
    const firstQa = event.parts[0].items.find((i) => i.kind === 'qa');
    expect(firstQa?.covers.map((t) => t.title)).toEqual([
      'Interacting with patients during ultrasound',
      'Breaking bad news',
      'Radiation Risk Discussion',
    ]);
    expect(
      items.some(
        (i) => i.title === 'Radiology reports: the essence of the radiologist’s role as communicator',
      ),
    ).toBe(true);
  });

  it('answers 404 with a readable error for an unknown event', async () => {
    const response = await api().get('/api/events/no-such-course').expect(404);
    expect(response.body).toMatchObject({ error: 'event/not_found' });
    expect(response.body.message).toContain('no-such-course');
  });

  it.each([
    [
      'before the course',
      '2024-02-22T10:00:00Z',
      null,
      'Interacting with patients during ultrasound',
      'Q&A Session',
      12600,
    ],
    [
      'the first talk, at its first second',
      '2024-02-22T11:30:00Z',
      'Interacting with patients during ultrasound',
      'Breaking bad news',
      'Q&A Session',
      7200,
    ],
    ['the first Q&A block', '2024-02-22T13:45:00Z', 'Q&A Session', 'Break', 'Q&A Session', 0],
    ['the break', '2024-02-22T14:10:00Z', 'Break', 'Patient communication in the IR', 'Q&A Session', 8400],
  ])('tells what is on %s', async (_label, at, current, next, nextQa, seconds) => {
    const body = (await api().get(`/api/events/${SEED_SLUG}/now`).query({ at }).expect(200))
      .body as NowResponse;
    expect(body.current?.title ?? null).toBe(current);
    expect(body.next?.title ?? null).toBe(next);
    expect(body.nextQa?.title ?? null).toBe(nextQa);
    expect(body.secondsToNextQa).toBe(seconds);
    expect(body.timezone).toBe('Europe/Vienna');
    expect(body.serverTime).toMatch(/Z$/);
  });

  it('refuses a malformed "at"', async () => {
    const response = await api().get(`/api/events/${SEED_SLUG}/now`).query({ at: 'yesterday' }).expect(400);
    expect(response.body.error).toBe('request/invalid');
  });

  it('serves an iCalendar file a real parser reads: one VEVENT per agenda item, in UTC', async () => {
    const response = await api().get(`/api/events/${SEED_SLUG}/calendar.ics`).expect(200);
    expect(response.headers['content-type']).toContain('text/calendar');
    const calendar = new ICAL.Component(ICAL.parse(response.text));
    const vevents = calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
    expect(vevents).toHaveLength(18);
    expect(vevents[0].summary).toBe('Interacting with patients during ultrasound');
    expect(vevents[0].startDate.toJSDate().toISOString()).toBe('2024-02-22T11:30:00.000Z');
  });

  describe('publishing a programme', () => {
    const summer = () =>
      seedText
        .replace('February 22, 2024', 'June 20, 2024')
        .replace('March 21, 2024', 'July 18, 2024')
        .replace('ESOR Patient Communication Course\n', 'ESOR Summer Communication Course\n')
        .replace(/Patient Communication Course - Part/g, 'Summer Communication Course - Part');

    it('refuses without the organizer token (401), and with a wrong one', async () => {
      const missing = await api().post('/api/events').type('text/plain').send(summer()).expect(401);
      expect(missing.body.error).toBe('auth/missing_token');
      const wrong = await api()
        .post('/api/events')
        .set('Authorization', 'Bearer nope')
        .type('text/plain')
        .send(summer())
        .expect(401);
      expect(wrong.body.error).toBe('auth/bad_token');
    });

    it('imports a summer programme with CEST offsets (12:30 local is 10:30Z)', async () => {
      const response = await api()
        .post('/api/events')
        .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
        .type('text/plain')
        .send(summer())
        .expect(201);
      const event = response.body as EventView;
      expect(event.slug).toBe('esor-summer-communication-course');
      expect(event.parts[0].items[0].start).toBe('2024-06-20T10:30:00.000Z');
      const list = (await api().get('/api/events').expect(200)).body as EventSummary[];
      expect(list.map((e) => e.slug)).toContain('esor-summer-communication-course');
    });

    it('refuses the same slug twice with 409', async () => {
      const response = await api()
        .post('/api/events')
        .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
        .type('text/plain')
        .send(seedText)
        .expect(409);
      expect(response.body.error).toBe('event/slug_taken');
    });

    it.each([
      [
        'a time like 25:70',
        (t: string) => t.replace('13:10 – 13:50 Breaking bad news', '25:70 – 13:50 Breaking bad news'),
      ],
      [
        'an end before its start',
        (t: string) => t.replace('13:10 – 13:50 Breaking bad news', '13:50 – 13:10 Breaking bad news'),
      ],
      [
        'overlapping items',
        (t: string) => t.replace('13:10 – 13:50 Breaking bad news', '13:00 – 13:50 Breaking bad news'),
      ],
    ])('refuses %s with 400 naming the line, and saves nothing', async (_label, breakIt) => {
      const text = breakIt(seedText.replace('ESOR Patient Communication Course\n', 'ESOR Broken Course\n'));
      const lineNumber = text.split('\n').findIndex((line) => line.includes('Breaking bad news')) + 1;
      const before = ((await api().get('/api/events')).body as EventSummary[]).length;
      const response = await api()
        .post('/api/events')
        .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
        .type('text/plain')
        .send(text)
        .expect(400);
      expect(response.body.error).toBe('programme/invalid');
      expect(response.body.line).toBe(lineNumber);
      expect(response.body.message).toContain(String(lineNumber));
      const after = ((await api().get('/api/events')).body as EventSummary[]).length;
      expect(after).toBe(before);
    });

    it('accepts the JSON form of a programme', async () => {
      const response = await api()
        .post('/api/events')
        .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
        .send({
          slug: 'json-course',
          title: 'JSON Course',
          description: '',
          notes: '',
          timezone: 'Europe/Vienna',
          parts: [
            {
              title: 'Only part',
              date: '2024-11-05',
              start: '2024-11-05T11:30:00.000Z',
              end: '2024-11-05T13:00:00.000Z',
              streamUrl: null,
              streamNote: '',
              about: '',
              objectives: [],
              items: [
                {
                  kind: 'talk',
                  title: 'Talk',
                  start: '2024-11-05T11:30:00.000Z',
                  end: '2024-11-05T12:10:00.000Z',
                  speakers: [{ name: 'A. Müller-Şahin', city: 'Wien', country: 'AT' }],
                },
                {
                  kind: 'qa',
                  title: 'Q&A Session',
                  start: '2024-11-05T12:10:00.000Z',
                  end: '2024-11-05T12:40:00.000Z',
                  speakers: [],
                },
              ],
            },
          ],
        })
        .expect(201);
      const event = response.body as EventView;
      expect(event.parts[0].items[0].speakers[0].name).toBe('A. Müller-Şahin');
      expect(event.parts[0].items[1].covers.map((c) => c.title)).toEqual(['Talk']);
    });

    it('refuses a programme over the size limit with 413', async () => {
      const response = await api()
        .post('/api/events')
        .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
        .type('text/plain')
        .send('x'.repeat(300 * 1024))
        .expect(413);
      expect(response.body.error).toBe('programme/too_large');
    });

    it('refuses an unsupported content type with a message saying what to send', async () => {
      const response = await api()
        .post('/api/events')
        .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
        .set('Content-Type', 'application/xml')
        .send('<programme/>')
        .expect(400);
      expect(response.body.message).toContain('text/plain');
    });
  });
});
