import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import {
  connectViewer,
  dataOf,
  fetchEvent,
  request,
  SEED_SLUG,
  waitForQuestion,
  type LiveClient,
} from '../utils/live-client.js';
import { freePort } from '../utils/free-port.js';
import { startTestApp, type TestApp } from '../utils/test-app.js';
import { testEngine } from '../utils/test-database.js';

// A Redis of the test's own (the machine's redis-server on a free port), stopped and started
// again under two instances: the shared Redis is never touched.
const REDIS_SERVER = '/usr/bin/redis-server';
const runs = testEngine() === 'postgres' && existsSync(REDIS_SERVER);
if (!runs)
  console.warn(
    `*** SKIPPED Redis outage test on ${testEngine()}: it needs the PostgreSQL tier and ${REDIS_SERVER}.`,
  );

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  for (let attempt = 0; attempt < 50; attempt++) {
    const up = await new Promise<boolean>((resolve) => {
      const probe = connect(port, '127.0.0.1');
      probe.once('connect', () => (probe.end(), resolve(true)));
      probe.once('error', () => resolve(false));
    });
    if (up) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('redis-server did not start');
}

function stopRedis(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe.runIf(runs)('Redis stopped under two instances', () => {
  let redis: ChildProcess | undefined;
  let first: TestApp | undefined;
  let second: TestApp | undefined;
  const sockets: LiveClient[] = [];

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await second?.close({ keepDatabase: true });
    await first?.close();
    if (redis && redis.exitCode === null) await stopRedis(redis);
  });

  it('keeps each instance serving its own viewers, and delivery across them resumes when Redis returns', async () => {
    const port = await freePort();
    redis = await startRedis(port);
    const env = {
      SEED_FILE: DEFAULT_SEED_FILE,
      CLOCK_START: '2024-02-22T13:20:00+01:00',
      REDIS_URL: `redis://127.0.0.1:${port}`,
    };
    first = await startTestApp(env);
    second = await startTestApp(env, first.database);
    const part = (await fetchEvent(first.url, SEED_SLUG)).parts[0];
    const blockId = part.items.find((item) => item.kind === 'qa')!.id;
    const join = async (app: TestApp) => {
      const { socket } = await connectViewer(app.url);
      sockets.push(socket);
      dataOf(await request(socket, 'part:join', { partId: part.id }));
      return socket;
    };
    const [asker, neighbour, far] = [await join(first), await join(first), await join(second)];
    const ask = (body: string) => request(asker, 'question:ask', { id: randomUUID(), blockId, body });

    await stopRedis(redis);
    const neighbourSaw = waitForQuestion(neighbour, (q) => q.body === 'While Redis is away');
    expect(dataOf(await ask('While Redis is away')).body).toBe('While Redis is away');
    await neighbourSaw; // same instance: delivered locally

    redis = await startRedis(port);
    // Once both instances are back on Redis, a new question crosses over again.
    await expect
      .poll(
        async () => {
          const arrived = waitForQuestion(far, (q) => q.body.startsWith('After Redis returned'), 1500)
            .then(() => true)
            .catch(() => false);
          dataOf(await ask(`After Redis returned ${randomUUID().slice(0, 8)}`));
          return arrived;
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(true);
    // And the far viewer catches up on what it missed by rejoining with its version.
    const snapshot = dataOf(await request(far, 'part:join', { partId: part.id }));
    expect(snapshot.questions.some((q) => q.body === 'While Redis is away')).toBe(true);
  }, 60_000);
});
