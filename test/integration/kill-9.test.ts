import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectViewer,
  dataOf,
  fetchEvent,
  request,
  SEED_SLUG,
  type LiveClient,
} from '../utils/live-client.js';
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
    const asked = viewers.flatMap(({ socket }) =>
      [0, 1].map(() => {
        const id = randomUUID();
        return {
          socket,
          id,
          ack: request(socket, 'question:ask', { id, blockId, body: `Question ${id}` }).catch(() => null),
        };
      }),
    );
    const votes = viewers.map(({ socket }) =>
      request(socket, 'question:vote', { questionId: seed.id, voted: true }).catch(() => null),
    );
    await new Promise((resolve) => setTimeout(resolve, 15));
    child.kill('SIGKILL');
    const askAcks = await Promise.all(asked.map((a) => a.ack));
    const voteAcks = await Promise.all(votes);

    child = await startServerProcess(database, port);

    // socket.io reconnects by itself; a real client then resends what was not acknowledged, same ids.
    await Promise.all(
      sockets.map((s) =>
        s.connected ? Promise.resolve() : new Promise<void>((resolve) => s.once('connect', () => resolve())),
      ),
    );
    for (const [i, a] of asked.entries()) {
      if (!askAcks[i]?.ok)
        dataOf(await request(a.socket, 'question:ask', { id: a.id, blockId, body: `Question ${a.id}` }));
    }
    for (const [i, { socket }] of viewers.entries()) {
      if (!voteAcks[i]?.ok)
        dataOf(await request(socket, 'question:vote', { questionId: seed.id, voted: true }));
    }

    const final = dataOf(await request(viewers[0].socket, 'part:join', { partId: part.id }));
    for (const a of asked) expect(final.questions.filter((q) => q.id === a.id)).toHaveLength(1);
    expect(final.questions.find((q) => q.id === seed.id)?.votes).toBe(viewers.length);
    for (const { socket } of viewers) {
      const view = dataOf(await request(socket, 'part:join', { partId: part.id }));
      expect(view.questions.map((q) => [q.id, q.votes]).sort()).toEqual(
        final.questions.map((q) => [q.id, q.votes]).sort(),
      );
    }
  }, 90_000);
});
