import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { SERVER_ENTRY, serverBuilt, startServerProcess } from '../utils/server-process.js';
import { createTestDatabase, type TestDatabase } from '../utils/test-database.js';

// The built server as a real process, killed with SIGKILL mid-traffic and started again on the
// same database. `npm test` builds it first; a bare `vitest` run without a build skips, loudly.
if (!serverBuilt)
  console.warn(`*** SKIPPED kill -9 test: ${SERVER_ENTRY} is not built (npm run build:server).`);

describe.runIf(serverBuilt)('kill -9 of the server while viewers ask and vote', () => {
  let database: TestDatabase;
  let child: ChildProcess | undefined;
  let relay: HoldingRelay | undefined;
  const sockets: LiveClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await relay?.close();
    child?.kill('SIGKILL');
    await database.drop();
  });

  it('loses no acknowledged question or vote, doubles none, and clients end agreeing with the database', async () => {
    const port = await freePort();
    child = await startServerProcess(database, port);
    // The viewers reach the server through a relay that can hold its replies back; an observer
    // connects directly and sees what the server stores.
    relay = await startHoldingRelay(await freePort(), [port]);
    const url = relay.url;
    const part = (await fetchEvent(url, SEED_SLUG)).parts[0];
    const blockId = part.items.find((item) => item.kind === 'qa')!.id;
    const viewers = await Promise.all(Array.from({ length: 8 }, () => connectViewer(url)));
    sockets.push(...viewers.map((v) => v.socket));
    for (const { socket } of viewers) dataOf(await request(socket, 'part:join', { partId: part.id }));
    const seed = dataOf(
      await request(viewers[0].socket, 'question:ask', { id: randomUUID(), blockId, body: 'Vote here' }),
    );

    const observer = (await connectViewer(`http://127.0.0.1:${port}`)).socket;
    sockets.push(observer);
    dataOf(await request(observer, 'part:join', { partId: part.id }));

    // Traffic: each viewer asks two questions and votes once; the server dies in the middle, once
    // it has stored one of them and before any acknowledgement reached its viewer.
    const firstStored = waitForQuestion(observer, (q) => q.body.startsWith(trafficBody('')));
    relay.holdReplies();
    const traffic = startTraffic(
      viewers.map((v) => v.socket),
      blockId,
      seed.id,
      2,
    );
    const stored = await firstStored;
    const outstanding = traffic.outstanding();
    child.kill('SIGKILL');
    expect(outstanding).toContain(stored.id);
    expect(outstanding).toHaveLength(8 * 2 + 7);
    child = await startServerProcess(database, port);
    // socket.io reconnects by itself; a real client then resends what was not acknowledged.
    await traffic.resendUnacknowledged();
    await traffic.expectNothingLostOrDoubled(part.id);
  }, 90_000);
});
