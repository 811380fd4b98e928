import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { startEmbeddedWorker, type EmbeddedSession } from './embedded-worker.js';

/**
 * PostgreSQL's page cache inside the WebAssembly heap. PGlite's default (PostgreSQL's 128 MB)
 * is touched as queries run and never given back; a course's whole database is a few MB, and
 * PGlite reads its files through Node's fs, so the operating system caches them anyway.
 * Measured on an idle server: 128 MB → 16 MB takes about 120 MB off the resident memory.
 */
const SHARED_BUFFERS = '16MB';

/** initdb takes a few seconds; on a machine busy with other work, much longer. */
const CREATE_TIMEOUT_MS = 300_000;

/** What the embedded engine runs with, in its first start (initdb) and every later one. */
export const EMBEDDED_POSTGRES_OPTIONS: PGliteOptions = {
  // Replacing startParams drops PGlite's defaults, so they are repeated first.
  startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${SHARED_BUFFERS}`],
};

/**
 * Opens the embedded database in `dataDir`, creating it first when the folder holds none. It runs
 * in a worker thread (embedded-worker.ts says why).
 *
 * Why the creation runs in a child process: on an empty folder PGlite starts a second,
 * temporary PostgreSQL (and initdb's own WebAssembly module) to build the data files. In the
 * server's process their heaps and compiled code (about 450 MB) stayed resident, so a freshly
 * installed server idled at 800 MB; a worker thread gave back only part of it (the allocator
 * keeps its arenas). A process that exits gives back everything; the server then opens the
 * folder like on any later start.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedSession> {
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await createDataFolder(dataDir);
  return startEmbeddedWorker(dataDir, EMBEDDED_POSTGRES_OPTIONS);
}

/**
 * The child's program: CommonJS, so it runs the same from the compiled server and from the
 * TypeScript sources under the test runner; it loads PGlite's CommonJS build by its path.
 */
const CREATE_DATA_FOLDER = `
const [pglite, dataDir, options] = process.argv.slice(1);
const { PGlite } = require(pglite);
(async () => {
  const db = new PGlite(dataDir, JSON.parse(options));
  await db.waitReady;
  await db.close();
})().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
`;

function createDataFolder(dataDir: string): Promise<void> {
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const args = ['-e', CREATE_DATA_FOLDER, pglite, dataDir, JSON.stringify(EMBEDDED_POSTGRES_OPTIONS)];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { timeout: CREATE_TIMEOUT_MS }, (error, _stdout, stderr) => {
      if (!error) resolve();
      else
        reject(
          new Error(`Creating the embedded database in ${dataDir} failed: ${stderr.trim() || error.message}`),
        );
    });
  });
}
