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
const CEILING_FILE = 'bench/ceiling-server.mjs';
const PROXY_FILE = 'bench/sticky-proxy.mjs';

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
 * What the load runs against: our server (one instance, or several behind the sticky proxy,
 * sharing one PostgreSQL database and Redis), or the bare socket.io ceiling.
 * @param {{ root: string, fanout: 'batched' | 'naive' | 'ceiling', databaseUrl: string | null, fdLimit: number, instances?: number, redisUrl?: string | null }} options
 * @returns {Promise<{ url: string, pids: number[], healthUrls: string[], proxyPid: number | null, engine: string, logFile: string, stop: () => Promise<void> }>}
 */
export async function startTarget({ root, fanout, databaseUrl, fdLimit, instances = 1, redisUrl = null }) {
  const scratch = await mkdtemp(path.join(os.tmpdir(), `bench-${fanout}-`));
  const children = [];
  let database = null;
  const stop = async () => {
    for (const child of children.reverse()) await child.stop();
    if (database) await database.drop();
    await rm(scratch, { recursive: true, force: true });
  };
  try {
    if (fanout === 'ceiling') {
      const port = await freePort();
      const ceiling = spawnChild(
        fdLimit,
        [path.join(root, CEILING_FILE)],
        { ...process.env, PORT: String(port) },
        scratch,
        'ceiling',
      );
      children.push(ceiling);
      const url = `http://127.0.0.1:${port}`;
      await waitForHealth(url, ceiling, 60_000);
      return {
        url,
        pids: [ceiling.pid],
        healthUrls: [url],
        proxyPid: null,
        engine: 'none (bare socket.io)',
        logFile: ceiling.logFile,
        stop,
      };
    }
    database = databaseUrl ? await createDatabase(databaseUrl) : null;
    const servers = [];
    for (let k = 0; k < instances; k++) {
      const port = await freePort();
      const env = serverEnv(fanout, port);
      if (database) env.DATABASE_URL = database.url;
      else env.DATA_DIR = path.join(scratch, `data-${k}`);
      if (instances > 1) env.REDIS_URL = redisUrl;
      const server = spawnChild(fdLimit, [path.join(root, MAIN_FILE)], env, scratch, `server-${k}`);
      children.push(server);
      servers.push({ server, url: `http://127.0.0.1:${port}` });
    }
    // Started together: the instances queue for the migrations on an advisory lock.
    await Promise.all(servers.map(({ server, url }) => waitForHealth(url, server, 300_000)));
    const healthUrls = servers.map(({ url }) => url);
    const engine = database ? 'postgres' : 'embedded';
    if (instances === 1) {
      return {
        url: healthUrls[0],
        pids: [servers[0].server.pid],
        healthUrls,
        proxyPid: null,
        engine,
        logFile: servers[0].server.logFile,
        stop,
      };
    }
    const port = await freePort();
    const proxy = spawnChild(
      fdLimit,
      [path.join(root, PROXY_FILE), String(port), ...healthUrls],
      process.env,
      scratch,
      'proxy',
    );
    children.push(proxy);
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url, proxy, 30_000);
    return {
      url,
      pids: servers.map(({ server }) => server.pid),
      healthUrls,
      proxyPid: proxy.pid,
      engine,
      instances,
      logFile: servers[0].server.logFile,
      stop,
    };
  } catch (error) {
    const tail = children
      .map(
        (c) =>
          `--- ${c.name} log (last lines) ---\n${existsSync(c.logFile) ? readFileSync(c.logFile, 'utf8').split('\n').slice(-30).join('\n') : ''}`,
      )
      .join('\n');
    await stop();
    throw new Error(`${error.message}\n${tail}`, { cause: error });
  }
}

function serverEnv(fanout, port) {
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
  for (const name of ['SEED_FILE', 'CLOCK_RATE', 'DATABASE_URL', 'DATA_DIR', 'REDIS_URL']) delete env[name];
  return env;
}

/** A child process of the benchmark with its output in a log file, and a bounded stop. */
function spawnChild(fdLimit, args, env, scratch, name) {
  const logFile = path.join(scratch, `${name}.log`);
  const log = createWriteStream(logFile);
  const child = spawnWithFdLimit(fdLimit, process.execPath, args, {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = null;
  const exit = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve((exited = { code, signal }))),
  );
  return {
    name,
    pid: child.pid,
    logFile,
    exited: () => exited,
    stop: async () => {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exit;
        clearTimeout(timer);
      }
      log.end();
    },
  };
}

async function waitForHealth(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const exit = child.exited();
    if (exit)
      throw new Error(`The ${child.name} exited during start (code ${exit.code}, signal ${exit.signal})`);
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The ${child.name} did not answer /api/health within ${timeoutMs / 1000} s`);
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
