#!/usr/bin/env node
// `npm test`: every test tier in one vitest run. Database-touching tests run once per engine:
// embedded always, PostgreSQL when DATABASE_URL (or TEST_DATABASE_URL) is set. Browser tests
// run when Chromium is found (CHROMIUM_PATH, else /usr/bin/chromium). A skipped tier is
// announced loudly before and after the run, never hidden.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const postgresUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(chromium);

const skipped = [];
if (!postgresUrl) skipped.push('PostgreSQL integration tests: set DATABASE_URL=postgres://... to run them.');
if (!hasChromium)
  skipped.push(
    `Browser tests: no Chromium at ${chromium} (apt-get install -y chromium, or set CHROMIUM_PATH).`,
  );

function banner() {
  for (const line of skipped) console.warn(`\n*** SKIPPED: ${line}`);
  if (skipped.length) console.warn('');
}

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

banner();
// The kill -9 test runs the built server as a process; the browser tests drive the built client.
const built = run('npm', ['run', hasChromium ? 'build' : 'build:server', '--silent']);
if (built !== 0) process.exit(built);
const status = run('npx', ['vitest', 'run', ...process.argv.slice(2)], {
  ...(hasChromium ? { E2E_CHROMIUM: chromium } : {}),
});
banner();
process.exit(status);
