// The server under test: built if needed, started on a free port with a fresh embedded database
// (or a throwaway PostgreSQL database), waited for, and stopped again.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { spawnWithFdLimit } from './fd-limit.mjs';

export const MAIN_FILE = 'dist/server/src/main.js';

/** Builds when dist is missing or `force`; warns when sources are newer than the build. */
export function ensureBuilt(root, force) {
  const main = path.join(root, MAIN_FILE);
  if (force || !existsSync(main)) {
    console.log(force ? 'Building (--build)…' : `${MAIN_FILE} is missing: building…`);
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    return;
  }
  const built = statSync(main).mtimeMs;
  const newer = ['server/src', 'shared'].some((dir) => newestMtime(path.join(root, dir)) > built);
  if (newer)
    console.warn(`Note: server or shared sources are newer than ${MAIN_FILE}; pass --build to rebuild.`);
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) {
      newest = Math.max(newest, statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
    }
  }
  return newest;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * @param {{ root: string, fanout: 'batched' | 'naive', databaseUrl: string | null, fdLimit: number }} options
 * @returns {Promise<{ url: string, pid: number, engine: string, logFile: string, stop: () => Promise<void> }>}
 */
export async function startServer({ root, fanout, databaseUrl, fdLimit }) {
  const scratch = await mkdtemp(path.join(os.tmpdir(), `bench-${fanout}-`));
  const database = databaseUrl ? await createDatabase(databaseUrl) : null;
  const port = await freePort();
  const logFile = path.join(scratch, 'server.log');
  const log = createWriteStream(logFile);
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    CLOCK_START: '2024-02-22T13:20:00+01:00',
    RATE_LIMIT_ADDRESS_FACTOR: '1000',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    ADMIN_TOKEN: randomBytes(18).toString('base64url'), // 24 characters
    VOTE_FANOUT: fanout,
  };
  delete env.SEED_FILE;
  delete env.CLOCK_RATE;
  if (database) env.DATABASE_URL = database.url;
  else {
    delete env.DATABASE_URL;
    env.DATA_DIR = path.join(scratch, 'data');
  }
  const child = spawnWithFdLimit(fdLimit, process.execPath, [path.join(root, MAIN_FILE)], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = null;
  const exit = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve((exited = { code, signal }))),
  );
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    }
    log.end();
    if (database) await database.drop();
    await rm(scratch, { recursive: true, force: true });
  };

  try {
    await waitForHealth(url, () => exited, 120_000);
  } catch (error) {
    const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n') : '';
    await stop();
    throw new Error(`${error.message}\n--- server log (last lines) ---\n${tail}`, { cause: error });
  }
  return {
    url,
    pid: child.pid,
    engine: database ? 'postgres' : 'embedded',
    logFile,
    stop,
    getExit: () => exited,
  };
}

async function waitForHealth(url, exited, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const exit = exited();
    if (exit) throw new Error(`The server exited during start (code ${exit.code}, signal ${exit.signal})`);
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The server did not answer /api/health within ${timeoutMs / 1000} s`);
}

/** A database `bench_<pid>` on the given PostgreSQL server, dropped again by `drop()`. */
async function createDatabase(serverUrl) {
  const name = `bench_${process.pid}`;
  const admin = async (sql) => {
    const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
