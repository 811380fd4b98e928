import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';

/**
 * One database per test file, cloned from a template that global-setup.ts migrated once per
 * run: PostgreSQL clones with CREATE DATABASE ... TEMPLATE, the embedded engine by copying the
 * template's data folder (a reopened folder starts in well under a second; a new one takes 4-7 s).
 */
export type TestEngine = 'embedded' | 'postgres';

export interface TestDatabase {
  engine: TestEngine;
  /** Environment for loadConfig(): DATABASE_URL or DATA_DIR. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

export function testEngine(): TestEngine {
  return inject('dbEngine');
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const engine = testEngine();
  const template = inject('dbTemplate');
  if (engine === 'embedded') {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'lsc-test-'));
    await cp(template, dataDir, { recursive: true });
    return { engine, env: { DATA_DIR: dataDir }, drop: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const adminUrl = inject('dbAdminUrl');
  const name = `lsc_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  return {
    engine,
    env: { DATABASE_URL: withDatabase(adminUrl, name) },
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dbEngine: TestEngine;
    /** A data folder (embedded) or a database name (postgres). */
    dbTemplate: string;
    dbAdminUrl: string;
  }
}
