import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../server/src/database/data-source.js';
import { adminQuery, withDatabase, type TestEngine } from './test-database.js';

/** Builds the migrated template this project's test files clone; removes it afterwards. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The project's `env` reaches its test files, not this setup: tell the engine by the project's name.
  const engine: TestEngine = project.name.endsWith('postgres') ? 'postgres' : 'embedded';
  project.provide('dbEngine', engine);
  if (engine === 'embedded') {
    const dir = await mkdtemp(path.join(tmpdir(), 'lsc-template-'));
    const dataSource = await openDatabase({ engine: 'embedded', dataDir: dir });
    await dataSource.destroy();
    project.provide('dbTemplate', dir);
    project.provide('dbAdminUrl', '');
    return () => rm(dir, { recursive: true, force: true });
  }
  const adminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? '';
  const template = `lsc_template_${process.pid}`;
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await adminQuery(adminUrl, `CREATE DATABASE ${template}`);
  const dataSource = await openDatabase({ engine: 'postgres', url: withDatabase(adminUrl, template) });
  await dataSource.destroy();
  project.provide('dbTemplate', template);
  project.provide('dbAdminUrl', adminUrl);
  return () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
}
