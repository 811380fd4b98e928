import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, describe, it } from 'vitest';
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
import { serverBuilt, startServerProcess } from '../utils/server-process.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../utils/test-database.js';

// Two built instances on one PostgreSQL and Redis behind a small TCP proxy that, like the
// deployment's reverse proxy, sends each new connection to the first instance that answers.
const redisUrl = process.env.REDIS_URL;
const runs = serverBuilt && testEngine() === 'postgres' && Boolean(redisUrl);
if (!runs)
  console.warn(
    `*** SKIPPED failover test on ${testEngine()}: it needs the built server, PostgreSQL and REDIS_URL.`,
  );

/** Forwards each connection to the first backend port that accepts it. */
function failoverProxy(port: number, backends: number[]): Promise<Server> {
  const server = createServer((client: Socket) => {
    const tryBackend = (index: number) => {
      if (index >= backends.length) return client.destroy();
      const upstream = connect(backends[index], '127.0.0.1');
      upstream.once('connect', () => {
        client.pipe(upstream).pipe(client);
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
      });
      upstream.once('error', () => tryBackend(index + 1));
    };
    tryBackend(0);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

describe.runIf(runs)('kill -9 of one of two instances', () => {
  let database: TestDatabase;
  const children: ChildProcess[] = [];
  let proxy: Server | undefined;
  const sockets: LiveClient[] = [];

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    for (const child of children) child.kill('SIGKILL');
    proxy?.close();
    await database?.drop();
  });

  it('moves the clients to the other instance with nothing lost or doubled', async () => {
    database = await createTestDatabase();
    const [portA, portB, proxyPort] = [await freePort(), await freePort(), await freePort()];
    children.push(await startServerProcess(database, portA, { REDIS_URL: redisUrl ?? '' }));
    children.push(await startServerProcess(database, portB, { REDIS_URL: redisUrl ?? '' }));
    proxy = await failoverProxy(proxyPort, [portA, portB]);
    const url = `http://127.0.0.1:${proxyPort}`;

    const part = (await fetchEvent(url, SEED_SLUG)).parts[0];
    const blockId = part.items.find((item) => item.kind === 'qa')!.id;
    const viewers = await Promise.all(Array.from({ length: 6 }, () => connectViewer(url)));
    sockets.push(...viewers.map((v) => v.socket));
    for (const { socket } of viewers) dataOf(await request(socket, 'part:join', { partId: part.id }));
    const seed = dataOf(
      await request(viewers[0].socket, 'question:ask', { id: randomUUID(), blockId, body: 'Vote here' }),
    );

    const traffic = startTraffic(
      viewers.map((v) => v.socket),
      blockId,
      seed.id,
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    children[0].kill('SIGKILL'); // every client was on instance A (the proxy's first choice)
    // socket.io reconnects through the proxy, which now reaches B.
    await traffic.resendUnacknowledged();
    await traffic.expectNothingLostOrDoubled(part.id);
  }, 90_000);
});
