import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import {
  connectViewer,
  dataOf,
  fetchEvent,
  request,
  SEED_SLUG,
  type LiveClient,
} from '../utils/live-client.js';
import { freePort } from '../utils/free-port.js';
import { findPostgresBinaries } from '../utils/postgres-binaries.js';
import { startTestApp, type TestApp } from '../utils/test-app.js';
import { testEngine } from '../utils/test-database.js';

// A PostgreSQL server of the test's own (the machine's binaries, a temporary cluster, its own
// port), stopped and started again while the app runs: the shared server is never touched.
const BIN = findPostgresBinaries();
const OUTAGE_MS = 30_000;
const run = promisify(execFile);
const runs = testEngine() === 'postgres' && BIN !== null;
if (!runs)
  console.warn(
    `*** SKIPPED database outage test on ${testEngine()}: it needs the PostgreSQL tier and PostgreSQL's server programs (pg_ctl, initdb; set PG_BINDIR if they are not found).`,
  );

/** Runs a PostgreSQL binary as the postgres user (initdb refuses root). */
function asPostgres(binary: string, args: string[]) {
  const asRoot = process.getuid?.() === 0;
  const program = path.join(BIN!, binary);
  return asRoot ? run('runuser', ['-u', 'postgres', '--', program, ...args]) : run(program, args);
}

describe.runIf(runs)('PostgreSQL stopped and started again', () => {
  let dir: string;
  let port: number;
  let server: TestApp | undefined;
  const sockets: LiveClient[] = [];
  const pgCtl = (action: 'start' | 'stop') =>
    asPostgres('pg_ctl', [
      '-D',
      path.join(dir, 'data'),
      '-o',
      `-p ${port} -k ${dir} -h 127.0.0.1`,
      '-l',
      path.join(dir, 'log'),
      '-w',
      '-m',
      'fast',
      action,
    ]);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lsc-outage-'));
    await chmod(dir, 0o777);
    port = await freePort();
    await asPostgres('initdb', [
      '-D',
      path.join(dir, 'data'),
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
    ]);
    await pgCtl('start');
  }, 60_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server?.close({ keepDatabase: true }).catch(() => undefined);
    await pgCtl('stop').catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('reports degraded, answers retryable errors (never a false acknowledgement), and recovers within 10 s', async () => {
    const database = {
      engine: 'postgres' as const,
      env: { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres` },
      drop: async () => {},
    };
    server = await startTestApp(
      { SEED_FILE: DEFAULT_SEED_FILE, CLOCK_START: '2024-02-22T13:20:00+01:00' },
      database,
    );
    const part = (await fetchEvent(server.url, SEED_SLUG)).parts[0];
    const blockId = part.items.find((item) => item.kind === 'qa')!.id;
    const viewer = await connectViewer(server.url);
    sockets.push(viewer.socket);
    dataOf(await request(viewer.socket, 'part:join', { partId: part.id }));

    await pgCtl('stop');
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'degraded', database: { state: 'down' } });
    const id = randomUUID();
    const during = await request(viewer.socket, 'question:ask', {
      id,
      blockId,
      body: 'Asked during the outage',
    });
    expect(during).toMatchObject({ ok: false, error: 'database/unavailable' });
    expect(!during.ok && during.retryAfterMs).toBeGreaterThan(0);

    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    await pgCtl('start');
    const back = Date.now();
    // The client retries with the same id until it lands, as a real client does.
    let landed = await request(viewer.socket, 'question:ask', {
      id,
      blockId,
      body: 'Asked during the outage',
    });
    while (!landed.ok && Date.now() - back < 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      landed = await request(viewer.socket, 'question:ask', { id, blockId, body: 'Asked during the outage' });
    }
    expect(landed).toMatchObject({ ok: true });
    expect(Date.now() - back).toBeLessThan(10_000);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    const snapshot = dataOf(await request(viewer.socket, 'part:join', { partId: part.id }));
    expect(snapshot.questions.filter((q) => q.id === id)).toHaveLength(1);
  }, 120_000);
});
