import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import {
  connectLive,
  connectViewer,
  dataOf,
  fetchEvent,
  issueGrant,
  request as emit,
  SEED_SLUG,
  type LiveClient,
} from '../utils/live-client.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../utils/test-app.js';

const run = promisify(execFile);
const DURING_THE_COURSE = { SEED_FILE: DEFAULT_SEED_FILE, CLOCK_START: '2024-02-22T13:20:00+01:00' };

describe('QUESTION_RETENTION_DAYS and npm run admin -- purge', () => {
  const sockets: LiveClient[] = [];
  let server: TestApp | undefined;
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server?.close();
  });

  const purge = (url: string) =>
    run('node', ['scripts/admin.mjs', 'purge'], {
      env: { ...process.env, ADMIN_URL: url, ADMIN_TOKEN: TEST_ADMIN_TOKEN },
    });
  const count = async (app: TestApp, table: string) => {
    const rows = await app.app
      .get(DataSource)
      .query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`);
    return rows[0].n;
  };

  it('keeps questions without the setting, and of events not ended long enough; purges them after', async () => {
    server = await startTestApp({ ...DURING_THE_COURSE, QUESTION_RETENTION_DAYS: '30' });
    const part = (await fetchEvent(server.url, SEED_SLUG)).parts[0];
    const blockId = part.items.find((item) => item.kind === 'qa')!.id;
    const asker = await connectViewer(server.url);
    const voter = await connectViewer(server.url);
    sockets.push(asker.socket, voter.socket);
    const asked = [];
    for (const body of ['One?', 'Two?', 'Three?']) {
      asked.push(dataOf(await emit(asker.socket, 'question:ask', { id: randomUUID(), blockId, body })));
    }
    for (const question of asked) {
      dataOf(await emit(voter.socket, 'question:vote', { questionId: question.id, voted: true }));
    }
    const grant = await issueGrant(server.url, TEST_ADMIN_TOKEN, SEED_SLUG, { role: 'moderator' });
    const moderator = await connectLive(server.url, { grant: grant.secret });
    sockets.push(moderator);
    dataOf(await emit(moderator, 'mod:act', { action: 'hide', questionId: asked[2].id, revision: 0 }));
    expect(await count(server, 'audit_entry')).toBe(1);

    // The course is on: nothing to purge.
    expect((await purge(server.url)).stdout).toContain(
      'Purged 0 questions of events that ended before 2024-01-23',
    );
    expect(await count(server, 'question')).toBe(3);
    for (const socket of sockets) socket.close();
    await server.close({ keepDatabase: true });

    // Without the setting: kept, and the command says why it did nothing.
    const database = server.database;
    server = await startTestApp(
      { SEED_FILE: DEFAULT_SEED_FILE, CLOCK_START: '2024-06-01T00:00:00Z' },
      database,
    );
    const refused = await purge(server.url).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toContain('retention/not_set');
    expect(await count(server, 'question')).toBe(3);
    await server.close({ keepDatabase: true });

    // Forty days after the course's second afternoon (March 21), with 30 days' retention: the questions go, with their
    // votes and audit; the programme stays.
    server = await startTestApp(
      { SEED_FILE: DEFAULT_SEED_FILE, CLOCK_START: '2024-05-01T00:00:00Z', QUESTION_RETENTION_DAYS: '30' },
      database,
    );
    const purged = await purge(server.url);
    expect(purged.stdout).toMatch(
      /^Purged 3 questions of events that ended before 2024-04-01T00:00:\d\d\.\d{3}Z \(QUESTION_RETENTION_DAYS=30\)\.$/m,
    );
    expect(purged.stdout).toContain(`${SEED_SLUG}\t3`);
    expect(await count(server, 'question')).toBe(0);
    expect(await count(server, 'vote')).toBe(0);
    expect(await count(server, 'audit_entry')).toBe(0);
    expect(await count(server, 'access_grant')).toBe(1);
    await request(server.url).get(`/api/events/${SEED_SLUG}`).expect(200);
    const exported = await request(server.url)
      .get(`/api/events/${SEED_SLUG}/questions.json`)
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .expect(200);
    expect(exported.body).toEqual([]);
  }, 120_000);
});
