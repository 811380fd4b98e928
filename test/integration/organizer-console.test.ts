import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventSummary, EventView } from '../../shared/events-api.js';
import type { OrganizerEventSettings, ProgrammePreview } from '../../shared/organizer.js';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import {
  connectLive,
  connectViewer,
  dataOf,
  fetchEvent,
  issueGrant,
  request as emit,
  SEED_SLUG,
  waitFor,
  type LiveClient,
} from '../utils/live-client.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../utils/test-app.js';

// 12:10 CET on the first afternoon: 20 minutes before the first talk, so the blocks of part 1
// take questions with the default "Q&A opens before" of 30 minutes and not with 10.
const REHEARSAL = { SEED_FILE: DEFAULT_SEED_FILE, CLOCK_START: '2024-02-22T12:10:00+01:00' };

describe('organizer console API', () => {
  let server: TestApp;
  let seedText: string;
  const sockets: LiveClient[] = [];
  const api = () => request(server.url);

  beforeAll(async () => {
    seedText = await readFile(DEFAULT_SEED_FILE, 'utf8');
    server = await startTestApp(REHEARSAL);
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });

  afterAll(() => server.close());

  async function signIn(): Promise<string> {
    const response = await api().post('/api/organizer/session').send({ token: TEST_ADMIN_TOKEN }).expect(200);
    const setCookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
    return setCookie[0].split(';')[0];
  }

  describe('session cookie', () => {
    it('trades the right token for an HttpOnly, SameSite=Strict cookie that the organizer endpoints accept', async () => {
      const response = await api()
        .post('/api/organizer/session')
        .send({ token: TEST_ADMIN_TOKEN })
        .expect(200);
      expect(response.body).toEqual({ signedIn: true });
      const setCookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
      expect(setCookie).toHaveLength(1);
      expect(setCookie[0]).toMatch(/^lsc_organizer=\d+\.[A-Za-z0-9_-]{43}; /);
      expect(setCookie[0]).toContain('HttpOnly');
      expect(setCookie[0]).toContain('SameSite=Strict');
      expect(setCookie[0]).toContain('Path=/api');
      const cookie = setCookie[0].split(';')[0];
      // The token itself is never in the cookie.
      expect(cookie).not.toContain(TEST_ADMIN_TOKEN);

      expect((await api().get('/api/organizer/session').set('Cookie', cookie).expect(200)).body).toEqual({
        signedIn: true,
      });
      await api().get(`/api/events/${SEED_SLUG}/grants`).set('Cookie', cookie).expect(200);
      const created = await api()
        .post(`/api/events/${SEED_SLUG}/grants`)
        .set('Cookie', cookie)
        .send({ role: 'moderator', label: 'Anna' })
        .expect(201);
      expect(created.body.grant.label).toBe('Anna');
      await api().get(`/api/events/${SEED_SLUG}/questions.json`).set('Cookie', cookie).expect(200);
    });

    it('says so when the token is wrong, and sets no cookie', async () => {
      const response = await api()
        .post('/api/organizer/session')
        .send({ token: 'not-the-token-at-all' })
        .expect(401);
      expect(response.body).toMatchObject({
        error: 'auth/bad_token',
        message: expect.stringMatching(/not the organizer token/),
      });
      expect(response.headers['set-cookie']).toBeUndefined();
      await api()
        .post('/api/organizer/session')
        .send({ token: 'x'.repeat(513) })
        .expect(400);
      await api().post('/api/organizer/session').send({}).expect(400);
    });

    it('refuses organizer endpoints without a cookie, with a forged one, and after sign-out', async () => {
      const missing = await api().get(`/api/events/${SEED_SLUG}/grants`).expect(401);
      expect(missing.body.error).toBe('auth/missing_token');
      const forged = `lsc_organizer=${Date.now() + 3_600_000}.${'A'.repeat(43)}`;
      const refused = await api().get(`/api/events/${SEED_SLUG}/grants`).set('Cookie', forged).expect(401);
      expect(refused.body.error).toBe('auth/bad_token');
      const expiredButSigned = (await signIn()).replace(/=\d+\./, `=${Date.now() - 1000}.`);
      await api().get(`/api/events/${SEED_SLUG}/grants`).set('Cookie', expiredButSigned).expect(401);

      const signedOut = await api().delete('/api/organizer/session').expect(200);
      const cleared = ([] as string[]).concat(signedOut.headers['set-cookie'] ?? [])[0];
      expect(cleared).toMatch(/^lsc_organizer=; /);
      expect(cleared).toContain('Max-Age=0');
      expect((await api().get('/api/organizer/session').expect(200)).body).toEqual({ signedIn: false });
    });
  });

  describe('preview', () => {
    it('parses without saving: the programme, and that it would update the published event', async () => {
      const cookie = await signIn();
      const another = await readFile('server/src/modules/programme/fixtures/summer-school-2024.txt', 'utf8');
      const response = await api()
        .post('/api/events/preview')
        .set('Cookie', cookie)
        .set('Content-Type', 'text/plain')
        .send(another)
        .expect(200);
      const preview = response.body as ProgrammePreview;
      expect(preview.errors).toEqual([]);
      expect(preview.existing).toBe(false);
      expect(preview.changes).toBeNull();
      expect(preview.programme?.parts.length).toBeGreaterThan(0);
      expect(preview.programme?.slug).toBe(preview.slug);
      const events = (await api().get('/api/events').expect(200)).body as EventSummary[];
      expect(events.map((e) => e.slug)).toEqual([SEED_SLUG]);

      const same = (
        await api()
          .post('/api/events/preview')
          .set('Cookie', cookie)
          .set('Content-Type', 'text/plain')
          .send(seedText)
      ).body as ProgrammePreview;
      expect(same).toMatchObject({
        existing: true,
        slug: SEED_SLUG,
        changes: { kept: 18, added: 0, removed: 0 },
        orphans: [],
      });
    });

    it('lists every error with its line', async () => {
      const lines = seedText.split('\n');
      lines[39] = '14:30 – 15:0O Q&A Session'; // line 40: a letter O for a zero
      lines[69] = '13:10 - Electronic Portals'; // line 70 was a speaker line; now a broken agenda line
      const response = await api()
        .post('/api/events/preview')
        .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
        .set('Content-Type', 'text/plain')
        .send(lines.join('\n'))
        .expect(200);
      const preview = response.body as ProgrammePreview;
      expect(preview.programme).toBeNull();
      expect(preview.errors.map((e) => e.line)).toEqual([40, 70]);
      for (const error of preview.errors) expect(error.message.length).toBeGreaterThan(10);
    });

    it('needs the organizer', async () => {
      await api().post('/api/events/preview').set('Content-Type', 'text/plain').send(seedText).expect(401);
    });
  });

  describe('re-publish over an existing event', () => {
    it('keeps the identity of items matched by part and start, so questions stay attached', async () => {
      const before = await fetchEvent(server.url, SEED_SLUG);
      const block = before.parts[0].items.find((i) => i.kind === 'qa')!;
      const viewer = await connectViewer(server.url);
      sockets.push(viewer.socket);
      dataOf(await emit(viewer.socket, 'part:join', { partId: before.parts[0].id }));
      const questionId = randomUUID();
      dataOf(
        await emit(viewer.socket, 'question:ask', {
          id: questionId,
          blockId: block.id,
          body: 'Does it stay?',
        }),
      );

      // A corrected title, a talk that moves to a new time, and a new closing remark.
      const corrected = seedText
        .replace('13:10 – 13:50 Breaking bad news', '13:10 – 13:50 Breaking bad news, kindly')
        .replace(
          '16:50 – 17:30 Conversation on communication',
          '16:55 – 17:30 Conversation on communication',
        );
      const response = await api()
        .put(`/api/events/${SEED_SLUG}`)
        .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
        .set('Content-Type', 'text/plain')
        .send(corrected)
        .expect(200);
      const after = response.body as EventView;
      const titleAt = (event: EventView, id: string) =>
        event.parts.flatMap((p) => p.items).find((i) => i.id === id)?.title;
      const beforeTalk = before.parts[0].items[1];
      expect(titleAt(after, beforeTalk.id)).toBe('Breaking bad news, kindly');
      expect(after.parts.map((p) => p.id)).toEqual(before.parts.map((p) => p.id));
      expect(titleAt(after, block.id)).toBe('Q&A Session');
      const moved = before.parts[0].items.find((i) => i.title === 'Conversation on communication')!;
      expect(titleAt(after, moved.id)).toBeUndefined();
      const movedNow = after.parts[0].items.find((i) => i.title === 'Conversation on communication')!;
      expect(movedNow.start).toBe('2024-02-22T15:55:00.000Z');
      expect(
        after.parts[0].items
          .find((i) => i.kind === 'qa' && i.start.endsWith('16:30:00.000Z'))
          ?.covers.map((c) => c.id),
      ).toContain(movedNow.id);
      expect(after.parts[0].items[1].speakers).toEqual([
        { name: 'R. Sinnatamby', city: 'Cambridge', country: 'UK' },
      ]);

      // The question is still in its block, for the organizer's export and for viewers.
      const exported = (
        await api()
          .get(`/api/events/${SEED_SLUG}/questions.json`)
          .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
          .expect(200)
      ).body as { id: string; blockId?: string; block?: string }[];
      expect(exported.map((q) => q.id)).toContain(questionId);
      const again = dataOf(await emit(viewer.socket, 'part:join', { partId: before.parts[0].id }));
      expect(again.questions.map((q) => q.id)).toContain(questionId);
      expect(again.agenda.next?.title ?? again.agenda.current?.title).toBe(
        'Interacting with patients during ultrasound',
      );
    });

    it('refuses a change that would orphan questions, names the block, and changes nothing', async () => {
      const before = await fetchEvent(server.url, SEED_SLUG);
      const cookie = await signIn();
      const moved = seedText.replace(
        '14:30 – 15:00 Q&A Session\n15:00 – 15:30 Break',
        '14:35 – 15:00 Q&A Session\n15:00 – 15:30 Break',
      );
      const preview = (
        await api()
          .post('/api/events/preview')
          .set('Cookie', cookie)
          .set('Content-Type', 'text/plain')
          .send(moved)
          .expect(200)
      ).body as ProgrammePreview;
      expect(preview.orphans).toEqual([
        {
          partTitle: 'Patient Communication Course - Part 1',
          title: 'Q&A Session',
          start: '2024-02-22T13:30:00.000Z',
          questions: 1,
          attendees: 0,
        },
      ]);
      const response = await api()
        .put(`/api/events/${SEED_SLUG}`)
        .set('Cookie', cookie)
        .set('Content-Type', 'text/plain')
        .send(moved)
        .expect(409);
      expect(response.body.error).toBe('programme/would_orphan');
      expect(response.body.message).toContain(
        '"Q&A Session" (Patient Communication Course - Part 1, 22 Feb 2024, 14:30): 1 question',
      );
      expect(await fetchEvent(server.url, SEED_SLUG)).toEqual(before);
    });

    it('refuses an unknown event and a broken programme, naming the line', async () => {
      await api()
        .put('/api/events/no-such-event')
        .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
        .set('Content-Type', 'text/plain')
        .send(seedText)
        .expect(404);
      const broken = await api()
        .put(`/api/events/${SEED_SLUG}`)
        .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
        .set('Content-Type', 'text/plain')
        .send(seedText.replace('13:10 – 13:50 Breaking', '13:10 – 13:5O Breaking'))
        .expect(400);
      expect(broken.body).toMatchObject({ error: 'programme/invalid', line: 36 });
    });
  });

  describe('settings', () => {
    it('reads and changes streams, delay, pre-moderation, speakers-may-answer and Q&A opening per event', async () => {
      const cookie = await signIn();
      const initial = (await api().get(`/api/events/${SEED_SLUG}/settings`).set('Cookie', cookie).expect(200))
        .body as OrganizerEventSettings;
      expect(initial).toMatchObject({
        preModeration: false,
        speakersMayAnswer: false,
        qaOpensBeforeMinutes: null,
        defaultQaOpensBeforeMinutes: 30,
      });
      expect(initial.parts.map((p) => p.streamDelaySeconds)).toEqual([20, 20]);
      const [part1, part2] = initial.parts;

      const moderator = await issueGrant(server.url, TEST_ADMIN_TOKEN, SEED_SLUG, { role: 'moderator' });
      const mod = await connectLive(server.url, { grant: moderator.secret });
      sockets.push(mod);
      dataOf(await emit(mod, 'mod:join', { partId: part1.id }));
      const viewer = await connectViewer(server.url);
      sockets.push(viewer.socket);
      const joined = dataOf(await emit(viewer.socket, 'part:join', { partId: part1.id }));
      expect(joined.blocks.filter((b) => b.partId === part1.id).every((b) => b.open)).toBe(true);
      const settingsPushed = waitFor(mod, 'settings:changed');
      const agendaPushed = waitFor(viewer.socket, 'agenda:changed');

      const changed = (
        await api()
          .patch(`/api/events/${SEED_SLUG}/settings`)
          .set('Cookie', cookie)
          .send({
            preModeration: true,
            speakersMayAnswer: true,
            qaOpensBeforeMinutes: 10,
            parts: [
              {
                id: part1.id,
                streamUrl: 'https://www.youtube.com/watch?v=abcdefghijk',
                streamDelaySeconds: 45,
              },
              { id: part2.id, streamUrl: 'https://cdn.example.org/live/part2.m3u8' },
            ],
          })
          .expect(200)
      ).body as OrganizerEventSettings;
      expect(changed).toMatchObject({
        preModeration: true,
        speakersMayAnswer: true,
        qaOpensBeforeMinutes: 10,
      });
      expect(changed.parts.map((p) => [p.streamUrl, p.streamDelaySeconds])).toEqual([
        ['https://www.youtube.com/watch?v=abcdefghijk', 45],
        ['https://cdn.example.org/live/part2.m3u8', 20],
      ]);
      expect(await settingsPushed).toEqual({
        eventSlug: SEED_SLUG,
        preModeration: true,
        speakersMayAnswer: true,
        // The holds (switched by moderators) are announced unchanged with the rest.
        holdPatientData: true,
        holdProfanity: true,
      });
      // 12:10 is 20 minutes before the first talk: with "opens 10 minutes before" the blocks are closed.
      const agenda = await agendaPushed;
      expect(agenda.blocks.filter((b) => b.partId === part1.id).map((b) => b.open)).toEqual([false, false]);

      const event = await fetchEvent(server.url, SEED_SLUG);
      expect(event.qaOpensBeforeMinutes).toBe(10);
      expect(event.parts.map((p) => [p.streamUrl, p.streamDelaySeconds])).toEqual([
        ['https://www.youtube.com/watch?v=abcdefghijk', 45],
        ['https://cdn.example.org/live/part2.m3u8', 20],
      ]);

      // Back to the server default, and no stream for part 2.
      const reset = (
        await api()
          .patch(`/api/events/${SEED_SLUG}/settings`)
          .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
          .send({
            qaOpensBeforeMinutes: null,
            preModeration: false,
            parts: [{ id: part2.id, streamUrl: '' }],
          })
          .expect(200)
      ).body as OrganizerEventSettings;
      expect(reset).toMatchObject({
        qaOpensBeforeMinutes: null,
        preModeration: false,
        speakersMayAnswer: true,
      });
      expect(reset.parts[1].streamUrl).toBeNull();
      expect(reset.parts[0].streamDelaySeconds).toBe(45);
    });

    it('switches the holds for patient data and profanity: every open moderator console and the next question follow', async () => {
      const cookie = await signIn();
      const initial = (await api().get(`/api/events/${SEED_SLUG}/settings`).set('Cookie', cookie).expect(200))
        .body as OrganizerEventSettings;
      expect(initial).toMatchObject({ holdPatientData: true, holdProfanity: true });
      const part = (await fetchEvent(server.url, SEED_SLUG)).parts[0];
      const blockId = part.items.find((item) => item.kind === 'qa')!.id;
      const moderator = await issueGrant(server.url, TEST_ADMIN_TOKEN, SEED_SLUG, { role: 'moderator' });
      const mod = await connectLive(server.url, { grant: moderator.secret });
      sockets.push(mod);
      dataOf(await emit(mod, 'mod:join', { partId: part.id }));
      const viewer = await connectViewer(server.url);
      sockets.push(viewer.socket);
      dataOf(await emit(viewer.socket, 'part:join', { partId: part.id }));
      const ask = async (body: string) =>
        dataOf(await emit(viewer.socket, 'question:ask', { id: randomUUID(), blockId, body })).status;
      const identifying = 'Mrs Johnson (MRN 48392017) refuses contrast; what would you do?';
      expect(await ask(identifying)).toBe('pending');

      const pushed = waitFor(mod, 'settings:changed', (s) => !s.holdPatientData);
      const changed = (
        await api()
          .patch(`/api/events/${SEED_SLUG}/settings`)
          .set('Cookie', cookie)
          .send({ holdPatientData: false })
          .expect(200)
      ).body as OrganizerEventSettings;
      expect(changed).toMatchObject({ holdPatientData: false, holdProfanity: true });
      expect(await pushed).toMatchObject({
        eventSlug: SEED_SLUG,
        holdPatientData: false,
        holdProfanity: true,
      });
      // A console opened now reads the same, and the next such question goes out at once.
      const fresh = await connectLive(server.url, { grant: moderator.secret });
      sockets.push(fresh);
      expect(dataOf(await emit(fresh, 'mod:join', { partId: part.id }))).toMatchObject({
        holdPatientData: false,
        holdProfanity: true,
      });
      expect(await ask(`${identifying} (again)`)).toBe('visible');
      expect(await ask('This is bullshit')).toBe('pending');

      const both = (
        await api()
          .patch(`/api/events/${SEED_SLUG}/settings`)
          .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
          .send({ holdPatientData: true, holdProfanity: false })
          .expect(200)
      ).body as OrganizerEventSettings;
      expect(both).toMatchObject({ holdPatientData: true, holdProfanity: false });
      expect(await ask('This is still bullshit')).toBe('visible');
      const audited = await server.app
        .get(DataSource)
        .query<{ after: OrganizerEventSettings }[]>(
          `SELECT after FROM audit_entry WHERE actor = 'organizer' AND action = 'settings' ORDER BY id DESC LIMIT 1`,
        );
      expect(audited[0].after).toMatchObject({ holdPatientData: true, holdProfanity: false });

      const refused = await api()
        .patch(`/api/events/${SEED_SLUG}/settings`)
        .set('Cookie', cookie)
        .send({ holdProfanity: 'no' })
        .expect(400);
      expect(refused.body).toMatchObject({
        error: 'request/invalid',
        message: '"holdProfanity" must be true or false.',
      });
      await api().patch(`/api/events/${SEED_SLUG}/settings`).send({ holdProfanity: true }).expect(401);
      await api()
        .patch(`/api/events/${SEED_SLUG}/settings`)
        .set('Cookie', cookie)
        .send({ holdProfanity: true })
        .expect(200);
    });

    it('refuses bad values with a message naming the field, and changes nothing', async () => {
      const cookie = await signIn();
      const before = (await api().get(`/api/events/${SEED_SLUG}/settings`).set('Cookie', cookie))
        .body as OrganizerEventSettings;
      const partId = before.parts[0].id;
      const bad: [unknown, RegExp, number][] = [
        [{ parts: [{ id: partId, streamDelaySeconds: 601 }] }, /streamDelaySeconds.*0 to 600/, 400],
        [{ parts: [{ id: partId, streamDelaySeconds: 2.5 }] }, /whole number/, 400],
        [{ parts: [{ id: partId, streamUrl: 'javascript:alert(1)' }] }, /https:\/\//, 400],
        [{ parts: [{ id: partId, streamUrl: 'http://example.org/live.m3u8' }] }, /https:\/\//, 400],
        [{ qaOpensBeforeMinutes: 1441 }, /qaOpensBeforeMinutes/, 400],
        [{ preModeration: 'yes' }, /preModeration/, 400],
        [{ colour: 'red' }, /unknown field "colour"/, 400],
        [
          { preModeration: true, parts: [{ id: randomUUID(), streamDelaySeconds: 5 }] },
          /no part with the id/,
          404,
        ],
      ];
      for (const [body, message, status] of bad) {
        const response = await api()
          .patch(`/api/events/${SEED_SLUG}/settings`)
          .set('Cookie', cookie)
          .send(body as object);
        expect(response.status, JSON.stringify(body)).toBe(status);
        expect(response.body.message).toMatch(message);
      }
      expect((await api().get(`/api/events/${SEED_SLUG}/settings`).set('Cookie', cookie)).body).toEqual(
        before,
      );
      await api().patch(`/api/events/${SEED_SLUG}/settings`).send({ preModeration: true }).expect(401);
      await api().get('/api/events/no-such-event/settings').set('Cookie', cookie).expect(404);
    });
  });
});
