import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, describe, expect, it } from 'vitest';
import type { QuestionView } from '../../shared/questions.js';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import {
  connectViewer,
  dataOf,
  fetchEvent,
  request as emit,
  SEED_SLUG,
  type LiveClient,
} from '../utils/live-client.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../utils/test-app.js';
import { testEngine } from '../utils/test-database.js';

const run = promisify(execFile);
const REHEARSAL = { SEED_FILE: DEFAULT_SEED_FILE, CLOCK_START: '2024-02-22T13:20:00+01:00' };

interface ExportedQuestion {
  id: string;
  votes: number;
}

async function exported(url: string): Promise<ExportedQuestion[]> {
  const response = await request(url)
    .get(`/api/events/${SEED_SLUG}/questions.json`)
    .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
    .expect(200);
  return (response.body as ExportedQuestion[]).map(({ id, votes }) => ({ id, votes }));
}

describe.runIf(testEngine() === 'embedded')('backup and restore of the embedded database', () => {
  const servers: TestApp[] = [];
  const sockets: LiveClient[] = [];
  let folder: string;
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    for (const server of servers) await server.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('backs up a running server, restores into a new folder, and the new server has every question and vote', async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'lsc-backup-'));
    const server = await startTestApp(REHEARSAL);
    servers.push(server);
    const part = (await fetchEvent(server.url, SEED_SLUG)).parts[0];
    const blockId = part.items.find((item) => item.kind === 'qa')!.id;
    const viewers: { socket: LiveClient }[] = [];
    for (let i = 0; i < 4; i++) {
      const viewer = await connectViewer(server.url);
      sockets.push(viewer.socket);
      viewers.push(viewer);
    }
    const ask = (viewer: { socket: LiveClient }, body: string) =>
      emit(viewer.socket, 'question:ask', { id: randomUUID(), blockId, body }).then((ack) => dataOf(ack));
    const voteAll = (questions: QuestionView[]) =>
      Promise.all(
        questions.flatMap((question, index) =>
          // Question i was asked by viewer i, who may not vote for it: up to i + 1 others do.
          viewers
            .filter((_, v) => v !== index % viewers.length)
            .slice(0, index + 1)
            .map((viewer) => emit(viewer.socket, 'question:vote', { questionId: question.id, voted: true })),
        ),
      );
    // Acknowledged before the backup starts: all of it must come back.
    const before = await Promise.all(
      viewers.map((viewer, i) => ask(viewer, `Question ${i} before the backup?`)),
    );
    await voteAll(before);
    const expected = await exported(server.url);
    expect(expected).toHaveLength(4);
    expect(expected.reduce((sum, q) => sum + q.votes, 0)).toBe(1 + 2 + 3 + 3);

    // The backup runs while viewers keep asking and voting.
    const file = path.join(folder, 'backup.tar.gz');
    const admin = (...args: string[]) =>
      run('node', ['scripts/admin.mjs', ...args], {
        env: { ...process.env, ADMIN_URL: server.url, ADMIN_TOKEN: TEST_ADMIN_TOKEN, DATA_DIR: '' },
      });
    const started = performance.now();
    const [backup, during] = await Promise.all([
      admin('backup', file),
      Promise.all(viewers.map((viewer, i) => ask(viewer, `Question ${i} during the backup?`))),
    ]);
    const backupMs = performance.now() - started;
    await voteAll(during);
    expect(backup.stdout).toContain(`Backed up the embedded database to ${file}`);
    expect((await stat(file)).size).toBeGreaterThan(100_000);

    // Restore refuses a folder that holds data, then fills a new one.
    const taken = path.join(folder, 'taken');
    await run('mkdir', ['-p', taken]);
    await writeFile(path.join(taken, 'something'), 'x');
    const refused = await admin('restore', file, '--data-dir', taken).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toContain('is not empty');
    const dataDir = path.join(folder, 'restored');
    const restored = await admin('restore', file, '--data-dir', dataDir);
    expect(restored.stdout).toContain(`Restored ${file} into ${dataDir} (1 events)`);

    const second = await startTestApp(REHEARSAL, {
      engine: 'embedded',
      env: { DATA_DIR: dataDir },
      drop: () => rm(dataDir, { recursive: true, force: true }),
    });
    servers.push(second);
    const back = await exported(second.url);
    for (const question of expected) expect(back).toContainEqual(question);
    // The vote rows themselves, not only the counts beside the questions.
    const voteRows: { question_id: string; votes: number }[] = await second.app
      .get(DataSource)
      .query('SELECT question_id, count(*)::int AS votes FROM vote GROUP BY question_id');
    for (const question of expected) {
      expect(voteRows.find((row) => row.question_id === question.id)?.votes).toBe(question.votes);
    }
    // What was asked during the backup is either in it whole or not at all.
    const asked = new Set(during.map((q) => q.id));
    for (const question of back.filter((q) => asked.has(q.id))) expect(question.votes).toBe(0);
    // The restored server works: it takes a new question.
    const viewer = await connectViewer(second.url);
    sockets.push(viewer.socket);
    await ask(viewer, 'After the restore?');
    expect(await exported(second.url)).toHaveLength(back.length + 1);
    console.info(`Backup of a running server: ${Math.round(backupMs)} ms, ${(await stat(file)).size} bytes`);
  }, 180_000);

  it('says what to do with a file that is not a backup', async () => {
    const bogus = path.join(folder, 'bogus.tar.gz');
    await writeFile(bogus, 'not a tarball');
    const dataDir = path.join(folder, 'bogus-restore');
    const failure = await run('node', ['scripts/admin.mjs', 'restore', bogus, '--data-dir', dataDir]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain('Nothing was restored');
    await expect(stat(dataDir)).rejects.toMatchObject({ code: 'ENOENT' });
  }, 60_000);
});

describe.runIf(testEngine() === 'postgres')('backup on PostgreSQL', () => {
  it('points to pg_dump', async () => {
    const server = await startTestApp();
    try {
      const response = await request(server.url)
        .get('/api/admin/backup')
        .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
        .expect(409);
      expect(response.body).toMatchObject({ error: 'backup/embedded_only' });
      expect((response.body as { message: string }).message).toContain('pg_dump');
    } finally {
      await server.close();
    }
  });
});
