import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PartView } from '../../shared/events-api.js';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import type { JsonLogRecord } from '../../server/src/common/logging/json-logger.js';
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

const METRICS_TOKEN = 'metrics-token-0123456789';

/** `name{labels} value` lines of the Prometheus text, as a map from the series to its value. */
function series(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    values.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return values;
}

describe('GET /metrics after real socket traffic', () => {
  let server: TestApp;
  let part: PartView;
  const sockets: LiveClient[] = [];
  const ids: string[] = [];
  const logLines: string[] = [];

  beforeAll(async () => {
    // LOG_FORMAT=json: the lines go to stdout; kept here so the test can read them.
    const write = process.stdout.write.bind(process.stdout);
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (typeof chunk === 'string' && chunk.startsWith('{"time"')) {
        logLines.push(chunk);
        return true;
      }
      return (write as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean)(chunk, ...rest);
    });
    server = await startTestApp({
      SEED_FILE: DEFAULT_SEED_FILE,
      CLOCK_START: '2024-02-22T13:20:00+01:00',
      METRICS_TOKEN,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'log',
    });
    part = (await fetchEvent(server.url, SEED_SLUG)).parts[0];
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server.close();
    vi.restoreAllMocks();
  });

  it('asks for METRICS_TOKEN when it is set', async () => {
    expect((await request(server.url).get('/metrics').expect(401)).body).toMatchObject({
      error: 'auth/missing_token',
    });
    await request(server.url).get('/metrics').set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`).expect(401);
  });

  it('counts sockets, questions, votes, moderation, refusals, batches and acknowledgements', async () => {
    const blockId = part.items.find((item) => item.kind === 'qa')!.id;
    const grant = await issueGrant(server.url, TEST_ADMIN_TOKEN, SEED_SLUG, { role: 'moderator' });
    ids.push(grant.id);
    const moderator = await connectLive(server.url, { grant: grant.secret });
    sockets.push(moderator);
    dataOf(await emit(moderator, 'mod:join', { partId: part.id }));
    const viewers = [
      await connectViewer(server.url),
      await connectViewer(server.url),
      await connectViewer(server.url),
    ];
    for (const viewer of viewers) {
      sockets.push(viewer.socket);
      ids.push(viewer.participantId);
      dataOf(await emit(viewer.socket, 'part:join', { partId: part.id }));
    }
    const asked = [];
    for (const body of ['How do I break bad news?', 'What about interpreters?']) {
      const question = dataOf(
        await emit(viewers[0].socket, 'question:ask', { id: randomUUID(), blockId, body }),
      );
      asked.push(question);
      ids.push(question.id);
    }
    const batch = waitFor(viewers[0].socket, 'votes:changed');
    dataOf(await emit(viewers[1].socket, 'question:vote', { questionId: asked[0].id, voted: true }));
    dataOf(await emit(viewers[2].socket, 'question:vote', { questionId: asked[0].id, voted: true }));
    dataOf(await emit(viewers[2].socket, 'question:vote', { questionId: asked[1].id, voted: true }));
    dataOf(await emit(viewers[2].socket, 'question:vote', { questionId: asked[1].id, voted: false }));
    await batch;
    const empty = await emit(viewers[1].socket, 'question:ask', { id: randomUUID(), blockId, body: '   ' });
    expect(empty).toMatchObject({ ok: false, error: 'question/empty' });
    dataOf(
      await emit(moderator, 'mod:act', {
        action: 'star',
        questionId: asked[0].id,
        revision: 0,
        starred: true,
      }),
    );
    await connectLive(server.url, { token: 'forged' }).catch(() => undefined);
    await request(server.url).get('/api/events/no-such-course').expect(404);

    const response = await request(server.url)
      .get('/metrics')
      .set('Authorization', `Bearer ${METRICS_TOKEN}`)
      .expect(200)
      .expect('Content-Type', /^text\/plain; version=0\.0\.4/);
    const text = response.text;
    const values = series(text);
    const at = `event="${SEED_SLUG}",part="1"`;
    expect(values.get(`lsc_connected_sockets{${at},role="viewer"}`)).toBe(3);
    expect(values.get(`lsc_connected_sockets{${at},role="staff"}`)).toBe(1);
    expect(values.get('lsc_sockets{role="viewer"}')).toBe(3);
    expect(values.get('lsc_sockets{role="staff"}')).toBe(1);
    expect(values.get(`lsc_questions_asked_total{${at}}`)).toBe(2);
    expect(values.get(`lsc_votes_total{${at},change="cast"}`)).toBe(3);
    expect(values.get(`lsc_votes_total{${at},change="withdrawn"}`)).toBe(1);
    expect(values.get(`lsc_moderation_actions_total{${at},action="star"}`)).toBe(1);
    expect(values.get('lsc_refused_requests_total{code="question/empty",transport="socket"}')).toBe(1);
    expect(values.get('lsc_refused_requests_total{code="auth/bad_participant",transport="handshake"}')).toBe(
      1,
    );
    expect(values.get('lsc_refused_requests_total{code="event/not_found",transport="http"}')).toBe(1);
    expect(values.get('lsc_refused_requests_total{code="auth/missing_token",transport="http"}')).toBe(1);
    expect(values.get('lsc_socket_ack_seconds_count{event="question:ask"}')).toBe(3);
    expect(values.get('lsc_socket_ack_seconds_count{event="question:vote"}')).toBe(4);
    expect(values.get('lsc_vote_batch_size_count')).toBeGreaterThanOrEqual(1);
    expect(values.get('lsc_vote_batch_size_sum')).toBeGreaterThanOrEqual(1);
    expect(values.get('lsc_vote_batch_send_seconds_count')).toBe(values.get('lsc_vote_batch_size_count'));
    expect(values.get('lsc_database_pool_connections{state="idle"}')).toBeGreaterThanOrEqual(0);
    expect(values.has('lsc_database_pool_connections{state="waiting"}')).toBe(true);
    expect(values.has('lsc_redis_adapter_up')).toBe(false); // no REDIS_URL here
    expect(values.get('nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(values.get('process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    expect(values.get('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    // Bounded labels: no participant, question or link id anywhere.
    for (const id of ids) expect(text).not.toContain(id);
  });

  it('writes one JSON object per line with the request id the response carried', async () => {
    const before = logLines.length;
    const response = await request(server.url)
      .delete(`/api/events/${SEED_SLUG}`)
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .set('X-Request-Id', 'proxy-id-42')
      .expect(204);
    expect(response.headers['x-request-id']).toBe('proxy-id-42');
    const records = logLines.slice(before).map((line) => JSON.parse(line) as JsonLogRecord);
    expect(records).toContainEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown,
      level: 'log',
      context: 'Events',
      message: `Deleted event "${SEED_SLUG}" with its 2 parts and all their data`,
      requestId: 'proxy-id-42',
    });
    const fresh = await request(server.url).get('/api/health');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    // The start-up lines came out as JSON too.
    expect(logLines.map((line) => (JSON.parse(line) as JsonLogRecord).context)).toContain('NestApplication');
    // After the deletion its series are gone, not left behind with stale labels.
    const text = (await request(server.url).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`))
      .text;
    expect(text).not.toContain(`event="${SEED_SLUG}"`);
  });
});
