import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  connectViewer,
  dataOf,
  fetchEvent,
  request,
  SEED_SLUG,
  waitForQuestion,
  type LiveClient,
} from '../utils/live-client.js';
import { startTraffic, trafficBody } from '../utils/crash-traffic.js';
import { startHoldingRelay, type HoldingRelay } from '../utils/holding-relay.js';
import { freePort } from '../utils/free-port.js';
import { serverBuilt, startServerProcess } from '../utils/server-process.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../utils/test-database.js';

// Two built instances on one PostgreSQL and Redis behind a small TCP proxy that, like the
// deployment's reverse proxy, sends each new connection to the first instance that answers
// (and can hold replies back, so a request is known to be outstanding when an instance dies).
const redisUrl = process.env.REDIS_URL;
const runs = serverBuilt && testEngine() === 'postgres' && Boolean(redisUrl);
if (!runs)
  console.warn(
    `*** SKIPPED failover test on ${testEngine()}: it needs the built server, PostgreSQL and REDIS_URL.`,
  );

describe.runIf(runs)('kill -9 of one of two instances', () => {
  let database: TestDatabase;
  const children: ChildProcess[] = [];
  let proxy: HoldingRelay | undefined;
  const sockets: LiveClient[] = [];

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    for (const child of children) child.kill('SIGKILL');
    await proxy?.close();
    await database?.drop();
  });

  it('moves the clients to the other instance with nothing lost or doubled', async () => {
    database = await createTestDatabase();
    const [portA, portB, proxyPort] = [await freePort(), await freePort(), await freePort()];
    children.push(await startServerProcess(database, portA, { REDIS_URL: redisUrl ?? '' }));
    children.push(await startServerProcess(database, portB, { REDIS_URL: redisUrl ?? '' }));
    proxy = await startHoldingRelay(proxyPort, [portA, portB]);
    const url = proxy.url;

    const part = (await fetchEvent(url, SEED_SLUG)).parts[0];
    const blockId = part.items.find((item) => item.kind === 'qa')!.id;
    const viewers = await Promise.all(Array.from({ length: 6 }, () => connectViewer(url)));
    sockets.push(...viewers.map((v) => v.socket));
    for (const { socket } of viewers) dataOf(await request(socket, 'part:join', { partId: part.id }));
    const seed = dataOf(
      await request(viewers[0].socket, 'question:ask', { id: randomUUID(), blockId, body: 'Vote here' }),
    );

    // An observer on instance A sees what A stores; A dies once it has stored one question of the
    // traffic and before any acknowledgement reached its viewer.
    const observer = (await connectViewer(`http://127.0.0.1:${portA}`)).socket;
    sockets.push(observer);
    dataOf(await request(observer, 'part:join', { partId: part.id }));
    const firstStored = waitForQuestion(observer, (q) => q.body.startsWith(trafficBody('')));
    proxy.holdReplies();
    const traffic = startTraffic(
      viewers.map((v) => v.socket),
      blockId,
      seed.id,
    );
    const stored = await firstStored;
    const outstanding = traffic.outstanding();
    children[0].kill('SIGKILL'); // every client was on instance A (the proxy's first choice)
    expect(outstanding).toContain(stored.id);
    expect(outstanding).toHaveLength(6 + 5);
    // socket.io reconnects through the proxy, which now reaches B.
    await traffic.resendUnacknowledged();
    await traffic.expectNothingLostOrDoubled(part.id);
  }, 90_000);
});
