import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_EVENT_NAMES } from '../../shared/realtime.js';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import { connectViewer, dataOf, fetchEvent, request, SEED_SLUG } from '../utils/live-client.js';
import { startTestApp, type TestApp } from '../utils/test-app.js';

// A seeded generator, so a failure can be replayed.
function generator(seed: number) {
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const value = (depth: number): unknown =>
    pick<() => unknown>([
      () => null,
      () => undefined,
      () => next() > 0.5,
      () => Math.floor(next() * 1e9) - 5e8,
      () => next() * 1e308,
      () => NaN,
      () => randomUUID(),
      () => 'x'.repeat(Math.floor(next() * 2000)),
      () => '<script>alert(1)</script>',
      () => '\u0000\uFFFF\uD800',
      () => (depth > 2 ? [] : Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1))),
      () =>
        depth > 2
          ? {}
          : Object.fromEntries(
              Array.from({ length: Math.floor(next() * 5) }, () => [
                pick([
                  'id',
                  'blockId',
                  'body',
                  'partId',
                  'questionId',
                  'voted',
                  'since',
                  'action',
                  'revision',
                  '__proto__',
                  'x',
                ]),
                value(depth + 1),
              ]),
            ),
    ])();
  return { next, pick, value };
}

describe('fuzzing the live namespace', () => {
  let server: TestApp;

  beforeAll(async () => {
    server = await startTestApp({ SEED_FILE: DEFAULT_SEED_FILE, CLOCK_START: '2024-02-22T13:20:00+01:00' });
  });
  afterAll(() => server.close());

  it('survives thousands of random and malformed events with memory flat and the database unchanged', async () => {
    const counts = async () =>
      (
        await server.app
          .get(DataSource)
          .query<{ q: number; v: number; a: number }[]>(
            'SELECT (SELECT count(*) FROM question)::int AS q, (SELECT count(*) FROM vote)::int AS v, (SELECT count(*) FROM audit_entry)::int AS a',
          )
      )[0];
    const before = await counts();
    const heapBefore = process.memoryUsage().heapUsed;
    const { pick, value, next } = generator(20_240_222);
    const names = [...CLIENT_EVENT_NAMES, 'mod:nope', 'question:delete', 'constructor', '', 'x'.repeat(300)];
    const sockets = await Promise.all(Array.from({ length: 4 }, () => connectViewer(server.url)));

    // Every event sent with an acknowledgement callback must be answered: a reply that never
    // comes would be a handler that threw or hung. The timeout is generous (a loaded machine),
    // and a missing reply is counted as one, not dropped.
    const NO_REPLY = Symbol('no reply');
    const asked: { name: string; reply: Promise<unknown> }[] = [];
    for (let i = 0; i < 3000; i++) {
      const { socket } = pick(sockets);
      const name = pick(names);
      const args = Array.from({ length: Math.floor(next() * 3) }, () => value(0));
      if (next() > 0.3) {
        asked.push({
          name,
          reply: (socket.timeout(60_000) as unknown as { emitWithAck(...a: unknown[]): Promise<unknown> })
            .emitWithAck(name, ...args)
            .catch(() => NO_REPLY),
        });
      } else {
        (socket as unknown as { emit(...a: unknown[]): void }).emit(name, ...args);
      }
    }
    const replies = await Promise.all(asked.map((a) => a.reply));
    expect(asked.length).toBeGreaterThan(1500);
    expect(replies.filter((r) => r === NO_REPLY)).toHaveLength(0);
    for (const [i, reply] of replies.entries()) {
      expect(reply).toHaveProperty('ok');
      if (!(reply as { ok: boolean }).ok)
        expect(typeof (reply as { message: unknown }).message).toBe('string');
      // A name the server does not know is answered as such, never handled.
      if (!(CLIENT_EVENT_NAMES as readonly string[]).includes(asked[i].name))
        expect(reply).toMatchObject({ ok: false, error: 'request/unknown_event' });
    }
    // Known events were asked and refused with their own codes, not only as unknown.
    const knownRefusals = new Set(
      replies
        .filter((r, i) => (CLIENT_EVENT_NAMES as readonly string[]).includes(asked[i].name))
        .map((r) => (r as { error?: string }).error),
    );
    expect(knownRefusals).toContain('request/invalid');

    const after = await counts();
    expect(after).toEqual(before);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    // Still serving: a real client joins and asks normally.
    const part = (await fetchEvent(server.url, SEED_SLUG)).parts[0];
    const viewer = await connectViewer(server.url);
    dataOf(await request(viewer.socket, 'part:join', { partId: part.id }));
    const blockId = part.items.find((item) => item.kind === 'qa')!.id;
    expect(
      dataOf(await request(viewer.socket, 'question:ask', { id: randomUUID(), blockId, body: 'Still here?' }))
        .body,
    ).toBe('Still here?');
    for (const { socket } of sockets) socket.close();
    viewer.socket.close();
    // The server runs in this process: its heap may not grow by more than a few MB per thousand events.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
  }, 120_000);
});
