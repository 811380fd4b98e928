import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import { SEED_SLUG } from '../utils/live-client.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../utils/test-app.js';

const run = promisify(execFile);

describe('npm run admin', () => {
  let server: TestApp;
  const admin = (...args: string[]) =>
    run('node', ['scripts/admin.mjs', ...args], {
      env: { ...process.env, ADMIN_URL: server.url, ADMIN_TOKEN: TEST_ADMIN_TOKEN },
    });

  beforeAll(async () => {
    server = await startTestApp({ SEED_FILE: DEFAULT_SEED_FILE });
  });
  afterAll(() => server.close());

  it('hands out, lists and revokes links', async () => {
    const created = await admin('grant', SEED_SLUG, 'speaker', '--speaker', 'R. Sinnatamby', '--hours', '48');
    expect(created.stdout).toContain(`/e/${SEED_SLUG}/speaker#key=`);
    const id = /id ([0-9a-f-]{36})/.exec(created.stdout)![1];
    expect((await admin('grants', SEED_SLUG)).stdout).toMatch(
      new RegExp(`${id}\\tspeaker\\tR. Sinnatamby\\t.*\\tactive`),
    );
    expect((await admin('revoke', SEED_SLUG, id)).stdout).toContain('Revoked');
    expect((await admin('grants', SEED_SLUG)).stdout).toMatch(new RegExp(`${id}.*\\trevoked`));
  });

  it('says what went wrong, with a non-zero exit', async () => {
    const failure = await admin('grant', 'no-such-course', 'moderator').catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain('event/not_found');
  });
});
