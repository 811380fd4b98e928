import { mkdirSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { createPglitePgDriver } from './embedded/pglite-pg-driver.js';
import { startEmbeddedPostgres } from './embedded/start-embedded-postgres.js';
import { SafeQueryLogger } from './safe-query-logger.js';
import { MIGRATIONS } from './migration-list.js';

export type DatabaseTarget = { engine: 'postgres'; url: string } | { engine: 'embedded'; dataDir: string };

export function databaseTarget(config: { databaseUrl: string | null; dataDir: string }): DatabaseTarget {
  return config.databaseUrl
    ? { engine: 'postgres', url: config.databaseUrl }
    : { engine: 'embedded', dataDir: config.dataDir };
}

/** The snapshot function of each embedded database's driver (a backup needs the session lock). */
const embeddedSnapshots = new WeakMap<DataSource, () => Promise<Blob>>();

/** A consistent copy of the embedded database's data folder; null on PostgreSQL (use pg_dump). */
export function embeddedSnapshot(dataSource: DataSource): (() => Promise<Blob>) | null {
  return embeddedSnapshots.get(dataSource) ?? null;
}

/** Any number: the key under which concurrent starts queue for the migrations. */
const MIGRATION_LOCK_KEY = 74_210_531;

/**
 * Opens the database and brings its schema up to date. Several app instances may start at
 * once against one PostgreSQL; an advisory lock makes them run the migrations one at a time,
 * so the first migrates and the others find nothing left to do.
 */
export async function openDatabase(target: DatabaseTarget): Promise<DataSource> {
  const dataSource = createDataSource(target);
  await dataSource.initialize();
  try {
    await migrate(dataSource, target);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

export function createDataSource(target: DatabaseTarget): DataSource {
  const common = {
    type: 'postgres' as const,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: ['error' as const],
    logger: new SafeQueryLogger(),
  };
  if (target.engine === 'postgres') {
    return new DataSource({
      ...common,
      url: target.url,
      poolSize: 10,
      connectTimeoutMS: 5000,
    });
  }
  mkdirSync(target.dataDir, { recursive: true });
  const driver = createPglitePgDriver(startEmbeddedPostgres(target.dataDir));
  const dataSource = new DataSource({ ...common, driver, poolSize: 1 });
  embeddedSnapshots.set(dataSource, driver.snapshot);
  return dataSource;
}

async function migrate(dataSource: DataSource, target: DatabaseTarget): Promise<void> {
  if (target.engine === 'embedded') {
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
