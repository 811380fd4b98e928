import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import type { TestDatabase } from './test-database.js';

/** The built server, run as a real process by the fault tests (`npm test` builds it first). */
export const SERVER_ENTRY = 'dist/server/src/main.js';
export const serverBuilt = existsSync(SERVER_ENTRY);

/** Starts the built server on `port` against `database`, the seed course on a rehearsal clock; resolves once healthy. */
export async function startServerProcess(
  database: TestDatabase,
  port: number,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      REDIS_URL: '',
      ...database.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      ADMIN_TOKEN: 'process-test-admin-token',
      SEED_FILE: DEFAULT_SEED_FILE,
      CLOCK_START: '2024-02-22T13:20:00+01:00',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: 'ignore',
  });
  for (let attempt = 0; attempt < 150; attempt++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const up = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return child;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start within 30 s');
}
