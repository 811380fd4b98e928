import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../server/src/database/data-source.js';
import { createTestDatabase, type TestDatabase } from '../utils/test-database.js';

// The trap this guards against: a driver that shares one connection between callers lets
// another request's COMMIT commit an open transaction, so a rolled-back row stays.
describe('transactions are isolated from concurrent writes', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openDatabase(
      database.env.DATABASE_URL
        ? { engine: 'postgres', url: database.env.DATABASE_URL }
        : { engine: 'embedded', dataDir: database.env.DATA_DIR },
    );
    await dataSource.query('CREATE TABLE probe (label text NOT NULL)');
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('a rollback interleaved with another committed write leaves nothing of the rolled-back work', async () => {
    let insideTransaction!: () => void;
    const transactionHasWritten = new Promise<void>((resolve) => (insideTransaction = resolve));

    const rolledBack = dataSource
      .transaction(async (manager) => {
        await manager.query(`INSERT INTO probe (label) VALUES ('rolled-back')`);
        insideTransaction();
        // Give the concurrent write every chance to run (and, with a shared connection, COMMIT) now.
        await new Promise((resolve) => setTimeout(resolve, 100));
        throw new Error('abort on purpose');
      })
      .catch((error: Error) => error.message);

    await transactionHasWritten;
    const concurrentWrite = dataSource.transaction((manager) =>
      manager.query(`INSERT INTO probe (label) VALUES ('committed')`),
    );

    expect(await rolledBack).toBe('abort on purpose');
    await concurrentWrite;
    const rows: { label: string }[] = await dataSource.query('SELECT label FROM probe ORDER BY label');
    expect(rows.map((row) => row.label)).toEqual(['committed']);
  });

  it('many concurrent transactions each see only their own uncommitted rows', async () => {
    await dataSource.query('DELETE FROM probe');
    const labels = Array.from({ length: 20 }, (_, i) => `t${i}`);
    const outcomes = await Promise.allSettled(
      labels.map((label, i) =>
        dataSource.transaction(async (manager) => {
          await manager.query('INSERT INTO probe (label) VALUES ($1)', [label]);
          const [{ n }]: { n: number }[] = await manager.query(
            'SELECT count(*)::int AS n FROM probe WHERE label = $1',
            [label],
          );
          if (i % 2 === 1) throw new Error('odd ones roll back');
          return n;
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled').map((o) => o.value)).toEqual(Array(10).fill(1));
    const rows: { label: string }[] = await dataSource.query('SELECT label FROM probe ORDER BY label');
    expect(rows.map((r) => r.label).sort()).toEqual(labels.filter((_, i) => i % 2 === 0).sort());
  });
});
