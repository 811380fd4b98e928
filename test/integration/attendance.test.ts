import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttendanceLive, BeatResult, MyAttendance } from '../../shared/attendance.js';
import type { EventView } from '../../shared/events-api.js';
import type { Programme } from '../../shared/programme.js';
import { connectViewer, dataOf, request as emit, type LiveClient } from '../utils/live-client.js';
import { ManualClock } from '../utils/manual-clock.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../utils/test-app.js';

const SLUG = 'cme-test-course';
/**
 * These suites move the clock by hand and send an hour of 30-second heartbeats in a few real
 * seconds, far over the real-time rate limits; the limits have their own suite below at 1.
 */
const CLOCK_DRIVEN = { RATE_LIMIT_PARTICIPANT_FACTOR: '100' };
const at = (hhmmss: string) => new Date(`2024-03-01T${hhmmss}Z`);

/** One afternoon, 13:00-14:00 UTC: talk A, talk B, a Q&A block, twenty minutes each. */
function programme(): Programme {
  const item = (kind: 'talk' | 'qa', title: string, start: string, end: string) => ({
    kind,
    title,
    start: at(start).toISOString(),
    end: at(end).toISOString(),
    speakers: [],
  });
  return {
    slug: SLUG,
    title: 'CME Test Course',
    description: 'A course for the attendance tests.',
    notes: '',
    timezone: 'Europe/Vienna',
    parts: [
      {
        title: 'Afternoon',
        date: '2024-03-01',
        start: at('13:00:00').toISOString(),
        end: at('14:00:00').toISOString(),
        streamUrl: null,
        streamNote: '',
        about: '',
        objectives: [],
        items: [
          item('talk', 'Talk A', '13:00:00', '13:20:00'),
          item('talk', 'Talk B', '13:20:00', '13:40:00'),
          item('qa', 'Questions', '13:40:00', '14:00:00'),
        ],
      },
    ],
  };
}

interface Viewer {
  socket: LiveClient;
  token: string;
  participantId: string;
}

type CsvRow = Record<string, string>;

async function setUp(server: TestApp): Promise<EventView> {
  const api = request(server.url);
  await api
    .post('/api/events')
    .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
    .send(programme())
    .expect(201);
  return (await api.get(`/api/events/${SLUG}`).expect(200)).body as EventView;
}

async function settings(server: TestApp, body: unknown): Promise<void> {
  await request(server.url)
    .put(`/api/events/${SLUG}/attendance/settings`)
    .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
    .send(body as object)
    .expect(200);
}

async function register(server: TestApp, viewer: Viewer, name: string): Promise<string> {
  const response = await request(server.url)
    .post(`/api/events/${SLUG}/attendees`)
    .set('Authorization', `Bearer ${viewer.token}`)
    .send({ name, email: `${name.toLowerCase().replace(/\W/g, '')}@example.org`, consent: true })
    .expect(201);
  return (response.body as { id: string }).id;
}

function beat(viewer: Viewer, partId: string, streamTime: Date | null, playing = true) {
  return emit(viewer.socket, 'attendance:beat', {
    partId,
    playing,
    visible: true,
    streamTime: streamTime === null ? null : streamTime.toISOString(),
  });
}

async function csv(server: TestApp): Promise<CsvRow[]> {
  const response = await request(server.url)
    .get(`/api/events/${SLUG}/attendance.csv`)
    .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
    .expect(200);
  expect(response.headers['content-type']).toMatch(/^text\/csv/);
  return parse<CsvRow>(response.text, { columns: true, bom: true });
}

const seconds = (rows: CsvRow[], name: string) =>
  Object.fromEntries(rows.filter((r) => r.name === name).map((r) => [r.talk, Number(r.live_seconds)]));

describe('CME attendance over real sockets', () => {
  const clock = new ManualClock(at('12:59:00'));
  let server: TestApp;
  let partId: string;
  const viewers: Record<string, Viewer> = {};

  beforeAll(async () => {
    server = await startTestApp(CLOCK_DRIVEN, undefined, { clock });
    partId = (await setUp(server)).parts[0].id;
    for (const name of ['live', 'replay', 'pauser', 'stranger', 'prompted']) {
      viewers[name] = await connectViewer(server.url);
    }
  });

  afterAll(async () => {
    for (const viewer of Object.values(viewers)) viewer.socket.close();
    await server.close();
  });

  it('is off by default: the page shows nothing and registration is refused', async () => {
    const api = request(server.url);
    const open = await api.get(`/api/events/${SLUG}/attendance`).expect(200);
    expect(open.body).toMatchObject({ enabled: false, consentText: '' });
    const refused = await api
      .post(`/api/events/${SLUG}/attendees`)
      .set('Authorization', `Bearer ${viewers.live.token}`)
      .send({ name: 'Early', email: 'early@example.org', consent: true })
      .expect(409);
    expect(refused.body.error).toBe('attendance/disabled');
  });

  it('keeps the settings for the organizer only and validates them', async () => {
    const api = request(server.url);
    await api.put(`/api/events/${SLUG}/attendance/settings`).send({ enabled: true }).expect(401);
    const bad = await api
      .put(`/api/events/${SLUG}/attendance/settings`)
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .send({ rule: { minShare: 2 } })
      .expect(400);
    expect(bad.body.error).toBe('request/invalid');
    await settings(server, {
      enabled: true,
      consentText: 'I agree to the recording of my attendance.',
      accreditationStatement: 'Accredited by the EACCME with 1.5 European CME credits.',
      rule: { promptsPerHour: 0, minShare: 0.5 },
    });
    const shown = await api.get(`/api/events/${SLUG}/attendance`).expect(200);
    expect(shown.body).toMatchObject({
      enabled: true,
      consentText: 'I agree to the recording of my attendance.',
      beatIntervalSeconds: 30,
    });
  });

  it('registers with a participant token, consent, a name and a valid email', async () => {
    const api = request(server.url);
    const url = `/api/events/${SLUG}/attendees`;
    const good = { name: 'Dr Ada Live', email: 'ada@example.org', consent: true, profession: 'Radiologist' };
    expect((await api.post(url).send(good).expect(401)).body.error).toBe('auth/participant_required');
    await api.post(url).set('Authorization', 'Bearer p1.forged.token').send(good).expect(401);
    const as = (body: object) =>
      api.post(url).set('Authorization', `Bearer ${viewers.live.token}`).send(body);
    for (const body of [
      { ...good, consent: false },
      { name: good.name, email: good.email },
      { ...good, name: '  ' },
      { ...good, email: 'not-an-email' },
      { ...good, name: 'x'.repeat(81) },
    ]) {
      expect((await as(body).expect(400)).body.error).toBe('request/invalid');
    }
    const created = await as(good).expect(201);
    expect(created.body).toMatchObject({ name: 'Dr Ada Live', email: 'ada@example.org', evaluated: false });
    await register(server, viewers.replay, 'Replay Viewer');
    await register(server, viewers.pauser, 'Pausing Viewer');
  });

  it('refuses beats from a viewer who did not register, and malformed beats', async () => {
    const refused = await beat(viewers.stranger, partId, at('12:58:40'));
    expect(refused).toMatchObject({ ok: false, error: 'attendance/not_registered' });
    const malformed = await emit(viewers.live.socket, 'attendance:beat', {
      partId,
      playing: true,
      visible: true,
      streamTime: 'yesterday',
    });
    expect(malformed).toMatchObject({ ok: false, error: 'request/invalid' });
  });

  it('credits exactly the live seconds per talk; a replay 5 minutes behind earns nothing', async () => {
    let last: BeatResult | null = null;
    // Every 30 s from 13:00:00 to 14:00:30 on the event clock.
    for (let t = at('13:00:00').getTime(); t <= at('14:00:30').getTime(); t += 30_000) {
      clock.set(new Date(t));
      const lagged = (s: number) => new Date(t - s * 1000);
      last = dataOf(await beat(viewers.live, partId, lagged(20)));
      dataOf(await beat(viewers.replay, partId, lagged(300)));
      // The pauser pauses from 13:25:00 to 13:30:00 (server clock), 20 s behind.
      const paused = t >= at('13:25:00').getTime() && t <= at('13:30:00').getTime();
      dataOf(await beat(viewers.pauser, partId, lagged(20), !paused));
    }
    // Stream 12:59:40 to 14:00:10 covers the whole hour of items.
    expect(last).toEqual({ liveSeconds: 3600, prompt: null });

    const rows = await csv(server);
    expect(Object.keys(rows[0])).toEqual(
      expect.arrayContaining([
        'name',
        'email',
        'part',
        'talk',
        'live_seconds',
        'share',
        'prompts_shown',
        'prompts_answered',
        'credits',
      ]),
    );
    expect(seconds(rows, 'Dr Ada Live')).toEqual({ 'Talk A': 1200, 'Talk B': 1200, Questions: 1200 });
    expect(seconds(rows, 'Replay Viewer')).toEqual({ 'Talk A': 0, 'Talk B': 0, Questions: 0 });
    // Twelve 30 s spans touch a paused beat: 13:24:10-13:30:10 of stream time, all in talk B.
    expect(seconds(rows, 'Pausing Viewer')).toEqual({ 'Talk A': 1200, 'Talk B': 840, Questions: 1200 });
    const ada = rows.find((r) => r.name === 'Dr Ada Live' && r.talk === 'Talk A') as CsvRow;
    expect(ada).toMatchObject({ part: 'Afternoon', share: '1', counted: 'yes', credits: '0.33' });
    const replay = rows.find((r) => r.name === 'Replay Viewer' && r.talk === 'Talk A') as CsvRow;
    expect(replay).toMatchObject({ share: '0', counted: 'no', credits: '0' });
  });

  it('refuses a re-publish that would drop a talk with credits, naming it in the preview too', async () => {
    const api = request(server.url);
    const before = await csv(server);
    const creditedB = before.filter((r) => r.talk === 'Talk B' && Number(r.live_seconds) > 0).length;
    // The live viewer and the pauser earned time in talk B; the replay viewer earned nothing.
    expect(creditedB).toBe(2);
    const withoutB = programme();
    withoutB.parts[0].items.splice(1, 1);
    const preview = await api
      .post('/api/events/preview')
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .send(withoutB)
      .expect(200);
    expect(preview.body.orphans).toEqual([
      {
        partTitle: 'Afternoon',
        title: 'Talk B',
        start: at('13:20:00').toISOString(),
        questions: 0,
        attendees: 2,
      },
    ]);
    const refused = await api
      .put(`/api/events/${SLUG}`)
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .send(withoutB)
      .expect(409);
    expect(refused.body.error).toBe('programme/would_orphan');
    expect(refused.body.message).toContain(
      '"Talk B" (Afternoon, 1 Mar 2024, 14:20): 2 attendees with CME credits',
    );
    expect(await csv(server)).toEqual(before);

    // Keeping its start keeps the talk and its credits, whatever else changes about it.
    const renamed = programme();
    renamed.parts[0].items[1].title = 'Talk B, revised';
    await api
      .put(`/api/events/${SLUG}`)
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .send(renamed)
      .expect(200);
    const after = await csv(server);
    expect(after.filter((r) => r.talk === 'Talk B, revised').map((r) => r.live_seconds)).toEqual(
      before.filter((r) => r.talk === 'Talk B').map((r) => r.live_seconds),
    );
    await api
      .put(`/api/events/${SLUG}`)
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .send(programme())
      .expect(200);
  });

  it('keeps the raw beat log as JSON lines', async () => {
    const response = await request(server.url)
      .get(`/api/events/${SLUG}/attendance/beats.jsonl`)
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .expect(200);
    const lines = response.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    // 122 beats each from three registered viewers; the refused ones left no trace.
    expect(lines).toHaveLength(3 * 122);
    expect(lines[0]).toMatchObject({ partId, playing: true, visible: true, creditedMs: 0 });
    expect(lines.reduce((sum, l) => sum + (l.creditedMs as number), 0)).toBe((3600 + 3240) * 1000);
  });

  it('applies an audited manual correction with a reason', async () => {
    const api = request(server.url);
    const pauser = (
      await api
        .get(`/api/events/${SLUG}/attendees/me`)
        .set('Authorization', `Bearer ${viewers.pauser.token}`)
        .expect(200)
    ).body as MyAttendance;
    const talkB = pauser.items.find((i) => i.talk === 'Talk B') as MyAttendance['items'][number];
    const url = `/api/events/${SLUG}/attendance/corrections`;
    const body = {
      attendeeId: pauser.attendee.id,
      itemId: talkB.itemId,
      seconds: 300,
      reason: 'Stream outage on our side',
    };
    await api.post(url).send(body).expect(401);
    for (const bad of [
      { ...body, reason: '' },
      { ...body, seconds: 0 },
      { ...body, seconds: 1e6 },
      { ...body, itemId: 'x' },
    ]) {
      await api.post(url).set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`).send(bad).expect(400);
    }
    await api.post(url).set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`).send(body).expect(201);
    const audit = (await api.get(url).set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`).expect(200))
      .body as {
      reason: string;
      actor: string;
      seconds: number;
    }[];
    expect(audit).toEqual([
      expect.objectContaining({ reason: 'Stream outage on our side', actor: 'organizer', seconds: 300 }),
    ]);
    const row = (await csv(server)).find((r) => r.name === 'Pausing Viewer' && r.talk === 'Talk B');
    expect(row).toMatchObject({ live_seconds: '1140', correction_seconds: '300' });
  });

  it('shows presence prompts while watching live; a missed one costs the window since the previous', async () => {
    await settings(server, { rule: { promptsPerHour: 60, missedPrompt: 'window' } });
    const viewer = viewers.prompted;
    await register(server, viewer, 'Prompted Viewer');
    const prompts: { id: string; shownAt: number; expiresAt: number }[] = [];
    const beatTimes: number[] = [];
    for (let t = at('13:00:00').getTime(); t <= at('13:10:00').getTime(); t += 30_000) {
      clock.set(new Date(t));
      beatTimes.push(t);
      const result = dataOf(await beat(viewer, partId, new Date(t - 20_000)));
      if (result.prompt && !prompts.some((p) => p.id === result.prompt?.id)) {
        prompts.push({ id: result.prompt.id, shownAt: t, expiresAt: Date.parse(result.prompt.expiresAt) });
        expect(Date.parse(result.prompt.expiresAt) - t).toBe(90_000);
        // Answer every prompt but the second, which is left to expire.
        if (prompts.length !== 2) {
          expect(
            dataOf(await emit(viewer.socket, 'attendance:confirm', { promptId: result.prompt.id })),
          ).toEqual({
            answered: true,
          });
        }
      }
    }
    // At 60 an hour, a prompt comes within 30-60 s of the previous one being cleared.
    expect(prompts.length).toBeGreaterThanOrEqual(3);
    const late = await emit(viewer.socket, 'attendance:confirm', { promptId: prompts[1].id });
    expect(late).toMatchObject({ ok: false, error: 'attendance/prompt_expired' });
    const foreign = await emit(viewers.live.socket, 'attendance:confirm', { promptId: prompts[0].id });
    expect(foreign).toMatchObject({ ok: false, error: 'attendance/prompt_not_found' });

    // Beats after the first one earn 30 s each (stream 12:59:40-13:09:40: 580 s of talk A), minus
    // those received after the first prompt and until the missed second one expired.
    const lost = beatTimes.slice(1).filter((t) => t > prompts[0].shownAt && t <= prompts[1].expiresAt).length;
    const row = (await csv(server)).find((r) => r.name === 'Prompted Viewer' && r.talk === 'Talk A');
    expect(row).toMatchObject({
      live_seconds: String(580 - 30 * lost),
      prompts_shown: String(prompts.length),
      prompts_answered: String(prompts.length - 1),
    });
  });

  it('gives the certificate after the evaluation, verifiable by its id', async () => {
    const api = request(server.url);
    const auth = `Bearer ${viewers.live.token}`;
    const pdfUrl = `/api/events/${SLUG}/attendees/me/certificate.pdf`;
    clock.set(at('13:59:59'));
    const early = await api.get(pdfUrl).set('Authorization', auth).expect(409);
    expect(early.body.message).toMatch(/once the course has ended/);
    clock.set(at('14:05:00'));
    const blocked = await api.get(pdfUrl).set('Authorization', auth).expect(409);
    expect(blocked.body).toMatchObject({
      error: 'attendance/not_eligible',
      message: expect.stringMatching(/evaluation/),
    });
    const evaluation = `/api/events/${SLUG}/attendees/me/evaluation`;
    await api
      .post(evaluation)
      .set('Authorization', auth)
      .send({ answers: { overall: 9 } })
      .expect(400);
    await api
      .post(evaluation)
      .set('Authorization', auth)
      .send({ answers: { overall: 5 } })
      .expect(400);
    await api
      .post(evaluation)
      .set('Authorization', auth)
      .send({ answers: { overall: 5, relevance: 4, bias: false, comments: 'Very useful.' } })
      .expect(200);
    const mine = (await api.get(`/api/events/${SLUG}/attendees/me`).set('Authorization', auth).expect(200))
      .body as MyAttendance;
    // 60 minutes at 0.5 per 30 minutes, rounded down to 0.5: 1.
    expect(mine).toMatchObject({ totalCredits: 1, certificateBlockedBy: null });

    const pdf = await fetch(`${server.url}${pdfUrl}`, { headers: { Authorization: auth } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const issued = (await api.get(`/api/events/${SLUG}/attendees/me`).set('Authorization', auth).expect(200))
      .body as MyAttendance;
    const id = issued.certificate?.id as string;
    expect(issued.certificate?.url).toBe(`/verify/${id}`);
    const verified = await api.get(`/api/certificates/${id}`).expect(200);
    expect(verified.body).toEqual({
      id,
      valid: true,
      name: 'Dr Ada Live',
      event: 'CME Test Course',
      credits: 1,
      issuedAt: expect.any(String) as string,
    });
    expect((await api.get('/api/certificates/0123456789abcdef0123').expect(404)).body.error).toBe(
      'certificate/not_found',
    );
    // A second download is the same certificate, not a new one.
    expect((await fetch(`${server.url}${pdfUrl}`, { headers: { Authorization: auth } })).status).toBe(200);
    const again = (await api.get(`/api/events/${SLUG}/attendees/me`).set('Authorization', auth))
      .body as MyAttendance;
    expect(again.certificate?.id).toBe(id);

    const rendered = await renderFirstPage(bytes);
    if (rendered) expect(rendered.length).toBeGreaterThan(10_000);
  });

  it('lets an attendee download and delete their data; deleting voids the certificate', async () => {
    const api = request(server.url);
    const auth = `Bearer ${viewers.live.token}`;
    const mine = (await api.get(`/api/events/${SLUG}/attendees/me`).set('Authorization', auth))
      .body as MyAttendance;
    const data = await api
      .get(`/api/events/${SLUG}/attendees/me/data`)
      .set('Authorization', auth)
      .expect(200);
    expect(data.headers['content-disposition']).toMatch(/attachment/);
    expect(data.body).toMatchObject({
      registration: { name: 'Dr Ada Live', email: 'ada@example.org' },
      evaluation: { overall: 5 },
    });
    expect((data.body as { beats: unknown[] }).beats).toHaveLength(122);
    await api.delete(`/api/events/${SLUG}/attendees/me`).expect(401);
    await api.delete(`/api/events/${SLUG}/attendees/me`).set('Authorization', auth).expect(204);
    expect(
      (await api.get(`/api/events/${SLUG}/attendees/me`).set('Authorization', auth).expect(404)).body.error,
    ).toBe('attendance/not_registered');
    expect((await api.get(`/api/certificates/${mine.certificate?.id}`).expect(200)).body).toEqual({
      id: mine.certificate?.id,
      valid: false,
    });
    expect((await csv(server)).some((r) => r.name === 'Dr Ada Live')).toBe(false);
  });

  it('shows the organizer a live view', async () => {
    clock.set(at('13:10:10'));
    const live = await request(server.url)
      .get(`/api/events/${SLUG}/attendance/live`)
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .expect(200);
    expect(live.body).toMatchObject({ registered: 3, watchingNow: 1 });
    const items = (live.body as AttendanceLive).items;
    expect(items.map((i) => i.title)).toEqual(['Talk A', 'Talk B', 'Questions']);
  });

  it('purges attendance after ATTENDANCE_RETENTION_YEARS and not before', async () => {
    const api = request(server.url);
    const purge = () => api.post('/api/attendance/purge').set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`);
    await api.post('/api/attendance/purge').expect(401);
    clock.set(new Date('2030-02-28T00:00:00Z'));
    expect((await purge().expect(200)).body).toMatchObject({ purgedAttendees: 0 });
    clock.set(new Date('2030-03-02T00:00:00Z'));
    expect((await purge().expect(200)).body).toMatchObject({ purgedAttendees: 3 });
    expect(await csv(server)).toEqual([]);
  });
});

describe('CME attendance on a rehearsal clock at rate 10', () => {
  const clock = new ManualClock(at('12:59:00'), 10);
  let server: TestApp;
  let partId: string;
  let viewer: Viewer;

  beforeAll(async () => {
    server = await startTestApp(CLOCK_DRIVEN, undefined, { clock });
    partId = (await setUp(server)).parts[0].id;
    await settings(server, { enabled: true, rule: { promptsPerHour: 0 } });
    viewer = await connectViewer(server.url);
    await register(server, viewer, 'Rehearsal Viewer');
  });

  afterAll(async () => {
    viewer.socket.close();
    await server.close();
  });

  it('credits ten event seconds per real second when beats come every 30 real seconds', async () => {
    let last: BeatResult | null = null;
    // 30 real seconds are 300 event seconds; the viewer is 20 real (200 event) seconds behind.
    for (let t = at('13:00:00').getTime(); t <= at('14:05:00').getTime(); t += 300_000) {
      clock.set(new Date(t));
      last = dataOf(await beat(viewer, partId, new Date(t - 200_000)));
    }
    expect(last?.liveSeconds).toBe(3600);
    expect(seconds(await csv(server), 'Rehearsal Viewer')).toEqual({
      'Talk A': 1200,
      'Talk B': 1200,
      Questions: 1200,
    });
  });
});

/** Renders page 1 with pdftoppm when it is installed (it proves the PDF is readable); null otherwise. */
async function renderFirstPage(pdf: Buffer): Promise<Buffer | null> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lsc-cert-'));
  try {
    await writeFile(path.join(dir, 'c.pdf'), pdf);
    await promisify(execFile)('pdftoppm', ['-png', '-r', '60', '-singlefile', 'c.pdf', 'page'], { cwd: dir });
    return await readFile(path.join(dir, 'page.png'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('CME attendance rate limits (real time, per participant and per address)', () => {
  let server: TestApp;
  let partId: string;
  const viewers: Viewer[] = [];

  beforeAll(async () => {
    server = await startTestApp({}, undefined, { clock: new ManualClock(at('13:05:00')) });
    partId = (await setUp(server)).parts[0].id;
    await settings(server, { enabled: true, rule: { promptsPerHour: 0 } });
    for (let k = 0; k < 2; k += 1) viewers.push(await connectViewer(server.url));
  });

  afterAll(async () => {
    for (const viewer of viewers) viewer.socket.close();
    await server.close();
  });

  const expectLimited = (
    refusal: { ok: boolean; error?: string; message?: string; retryAfterMs?: number },
    what: string,
  ) => {
    expect(refusal).toMatchObject({ ok: false, error: 'rate/limited' });
    expect(refusal.message).toMatch(
      new RegExp(`^Too many ${what} in a short time\\. Try again in \\d+ s\\.$`),
    );
    expect(refusal.retryAfterMs).toBeGreaterThan(0);
    expect(refusal.retryAfterMs).toBeLessThanOrEqual(60_000);
  };

  it('allows ten registrations a minute (corrections), then answers 429 saying when to retry', async () => {
    const [viewer] = viewers;
    for (let k = 0; k < 10; k += 1) await register(server, viewer, `Limited Viewer ${k}`);
    const refused = await request(server.url)
      .post(`/api/events/${SLUG}/attendees`)
      .set('Authorization', `Bearer ${viewer.token}`)
      .send({ name: 'Limited Viewer', email: 'limited@example.org', consent: true })
      .expect(429);
    expectLimited({ ok: false, ...refused.body }, 'attendance registrations');
    // The refused correction was not saved; another participant is not held up.
    const mine = await request(server.url)
      .get(`/api/events/${SLUG}/attendees/me`)
      .set('Authorization', `Bearer ${viewer.token}`)
      .expect(200);
    expect(JSON.stringify(mine.body)).toContain('Limited Viewer 9');
    await register(server, viewers[1], 'Other Viewer');
  });

  it('takes twelve heartbeats a minute (two from an honest page), then refuses the flood', async () => {
    const [viewer, other] = viewers;
    for (let k = 0; k < 12; k += 1) dataOf(await beat(viewer, partId, at('13:04:40')));
    expectLimited(await beat(viewer, partId, at('13:04:40')), 'attendance heartbeats');
    // The refused beat left no trace in the raw log; the other participant still beats.
    dataOf(await beat(other, partId, at('13:04:40')));
    const log = await request(server.url)
      .get(`/api/events/${SLUG}/attendance/beats.jsonl`)
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .expect(200);
    expect(log.text.trim().split('\n')).toHaveLength(13);
  });

  it('takes ten presence confirmations a minute, then refuses them', async () => {
    const [viewer] = viewers;
    const promptId = '00000000-0000-4000-8000-000000000000';
    for (let k = 0; k < 10; k += 1) {
      expect(await emit(viewer.socket, 'attendance:confirm', { promptId })).toMatchObject({
        ok: false,
        error: 'attendance/prompt_not_found',
      });
    }
    expectLimited(await emit(viewer.socket, 'attendance:confirm', { promptId }), 'presence confirmations');
  });
});
