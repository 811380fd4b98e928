import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../server/src/database/data-source.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../utils/test-database.js';

// The embedded database runs in a worker thread (server/src/database/embedded/embedded-worker.ts).
// What must hold across the thread: PostgreSQL's error fields still reach the error mapping, and
// the server's event loop keeps running while a statement does.
describe.runIf(testEngine() === 'embedded')('the embedded database on its own thread', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openDatabase({ engine: 'embedded', dataDir: database.env.DATA_DIR });
    await dataSource.query('CREATE TABLE probe (label text PRIMARY KEY)');
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it("keeps PostgreSQL's error code and constraint across the thread", async () => {
    await dataSource.query(`INSERT INTO probe (label) VALUES ('once')`);
    const failure = await dataSource.query(`INSERT INTO probe (label) VALUES ('once')`).then(
      () => null,
      (error: { driverError?: Record<string, unknown>; message: string }) => error,
    );
    expect(failure?.message).toMatch(/duplicate key/);
    expect(failure?.driverError).toMatchObject({ code: '23505', constraint: 'probe_pkey' });
    // The session is still usable after a failed statement.
    expect(await dataSource.query('SELECT count(*)::int AS n FROM probe')).toEqual([{ n: 1 }]);
  });

  it('lets the event loop run while a long statement runs', async () => {
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 5);
    try {
      const started = performance.now();
      const [{ total }]: { total: string }[] = await dataSource.query(
        'SELECT sum(x)::text AS total FROM generate_series(1, 3000000) AS x',
      );
      const elapsed = performance.now() - started;
      expect(total).toBe('4500001500000');
      // On the main thread the loop would have been held for the whole statement: no tick at all.
      expect(elapsed).toBeGreaterThan(50);
      expect(ticks).toBeGreaterThanOrEqual(3);
    } finally {
      clearInterval(ticker);
    }
  });

  it('moves a backup of the data folder across the thread intact', async () => {
    const { embeddedSnapshot } = await import('../../server/src/database/data-source.js');
    const blob = await embeddedSnapshot(dataSource)!();
    const bytes = new Uint8Array(await blob.arrayBuffer());
    // A gzip stream: magic bytes 1f 8b, and a data folder is at least a few MB before compression.
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(bytes.length).toBeGreaterThan(100_000);
  });
});
