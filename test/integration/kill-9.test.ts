import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  connectViewer,
  dataOf,
  fetchEvent,
  request,
  SEED_SLUG,
  type LiveClient,
} from '../utils/live-client.js';
import { startTraffic } from '../utils/crash-traffic.js';
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
  const sockets: LiveClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    child?.kill('SIGKILL');
    await database.drop();
  });

  it('loses no acknowledged question or vote, doubles none, and clients end agreeing with the database', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    child = await startServerProcess(database, port);
    const part = (await fetchEvent(url, SEED_SLUG)).parts[0];
    const blockId = part.items.find((item) => item.kind === 'qa')!.id;
    const viewers = await Promise.all(Array.from({ length: 8 }, () => connectViewer(url)));
    sockets.push(...viewers.map((v) => v.socket));
    for (const { socket } of viewers) dataOf(await request(socket, 'part:join', { partId: part.id }));
    const seed = dataOf(
      await request(viewers[0].socket, 'question:ask', { id: randomUUID(), blockId, body: 'Vote here' }),
    );

    // Traffic: each viewer asks two questions and votes once; the server dies in the middle.
    const traffic = startTraffic(
      viewers.map((v) => v.socket),
      blockId,
      seed.id,
      2,
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    child.kill('SIGKILL');
    child = await startServerProcess(database, port);
    // socket.io reconnects by itself; a real client then resends what was not acknowledged.
    await traffic.resendUnacknowledged();
    await traffic.expectNothingLostOrDoubled(part.id);
  }, 90_000);
});
