import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PartView } from '../../shared/events-api.js';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import {
  connectLive,
  connectViewer,
  dataOf,
  fetchEvent,
  issueGrant,
  request,
  SEED_SLUG,
  waitFor,
  waitForCount,
  waitForQuestion,
  waitForRemoval,
  type LiveClient,
} from '../utils/live-client.js';
import { ManualClock } from '../utils/manual-clock.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../utils/test-app.js';
import { testEngine } from '../utils/test-database.js';

// Two instances on one PostgreSQL and one Redis. The embedded database belongs to one process,
// so this runs in the PostgreSQL tier only, and only when REDIS_URL is set (CI sets both).
const redisUrl = process.env.REDIS_URL;
const runs = testEngine() === 'postgres' && Boolean(redisUrl);
if (!runs) {
  console.warn(
    `*** SKIPPED multi-instance tests on ${testEngine()}: they need PostgreSQL and REDIS_URL (embedded databases are single-process).`,
  );
}

describe.runIf(runs)('two instances over Redis', () => {
  let first: TestApp;
  let second: TestApp;
  let part: PartView;
  let blockId: string;
  const sockets: LiveClient[] = [];
  const env = {
    SEED_FILE: DEFAULT_SEED_FILE,
    CLOCK_START: '2024-02-22T13:20:00+01:00',
    REDIS_URL: redisUrl ?? '',
  };

  async function viewerOn(app: TestApp) {
    const { socket } = await connectViewer(app.url);
    sockets.push(socket);
    dataOf(await request(socket, 'part:join', { partId: part.id }));
    return socket;
  }

  beforeAll(async () => {
    first = await startTestApp(env);
    second = await startTestApp(env, first.database);
    part = (await fetchEvent(first.url, SEED_SLUG)).parts[0];
    blockId = part.items.find((item) => item.kind === 'qa')!.id;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await second?.close({ keepDatabase: true });
    await first?.close();
  });

  it('delivers a question asked on one instance to viewers on the other', async () => {
    const asker = await viewerOn(first);
    const farViewer = await viewerOn(second);
    const arrived = waitForQuestion(farViewer, (q) => q.body === 'Across the cluster?');
    dataOf(await request(asker, 'question:ask', { id: randomUUID(), blockId, body: 'Across the cluster?' }));
    expect((await arrived).body).toBe('Across the cluster?');
  });

  it('adds up votes cast on both instances exactly', async () => {
    const asker = await viewerOn(first);
    const question = dataOf(
      await request(asker, 'question:ask', { id: randomUUID(), blockId, body: 'Count us' }),
    );
    const voters = await Promise.all(
      Array.from({ length: 30 }, (_, i) => viewerOn(i % 2 === 0 ? first : second)),
    );
    const watcher = await viewerOn(second);
    const sawThirty = waitForCount(watcher, question.id, 30);
    await Promise.all(
      voters.map((socket) => request(socket, 'question:vote', { questionId: question.id, voted: true })),
    );
    await sawThirty;
    const snapshot = dataOf(await request(watcher, 'part:join', { partId: part.id }));
    expect(snapshot.questions.find((q) => q.id === question.id)?.votes).toBe(30);
  });

  it('holds a participant’s rate limit across instances', async () => {
    const { newParticipant } = await import('../utils/live-client.js');
    const { token } = await newParticipant(first.url);
    const onFirst = await connectLive(first.url, { token });
    const onSecond = await connectLive(second.url, { token });
    sockets.push(onFirst, onSecond);
    const acks = [];
    for (let i = 0; i < 6; i++) {
      const socket = i % 2 === 0 ? onFirst : onSecond;
      acks.push(await request(socket, 'question:ask', { id: randomUUID(), blockId, body: `Limit ${i}` }));
    }
    expect(acks.map((a) => a.ok)).toEqual([true, true, true, true, true, false]);
    expect(acks[5]).toMatchObject({ ok: false, error: 'rate/limited' });
  });

  it('shows moderation done on one instance to moderators and viewers on the other', async () => {
    const { secret } = await issueGrant(first.url, TEST_ADMIN_TOKEN, SEED_SLUG, { role: 'moderator' });
    const moderatorA = await connectLive(first.url, { grant: secret });
    const moderatorB = await connectLive(second.url, { grant: secret });
    sockets.push(moderatorA, moderatorB);
    for (const m of [moderatorA, moderatorB]) dataOf(await request(m, 'mod:join', { partId: part.id }));
    const asker = await viewerOn(second);
    const question = dataOf(
      await request(asker, 'question:ask', { id: randomUUID(), blockId, body: 'Hide me everywhere' }),
    );
    const viewerOnB = await viewerOn(second);
    const removedOnB = waitForRemoval(viewerOnB, question.id);
    const moderatorBSaw = waitFor(
      moderatorB,
      'mod:question',
      (q) => q.id === question.id && q.status === 'hidden',
    );
    dataOf(await request(moderatorA, 'mod:act', { action: 'hide', questionId: question.id, revision: 0 }));
    await Promise.all([removedOnB, moderatorBSaw]);
  });

  it('gives a viewer joining on one instance the labels a moderator just created on the other', async () => {
    const { secret } = await issueGrant(first.url, TEST_ADMIN_TOKEN, SEED_SLUG, { role: 'moderator' });
    const moderatorA = await connectLive(first.url, { grant: secret });
    sockets.push(moderatorA);
    // The second instance has read (and keeps) the event's label list before the change.
    const viewerOnB = await viewerOn(second);
    const name = `Cluster ${randomUUID().slice(0, 8)}`;
    // The first instance signals the change before it pushes `labels:changed`, on the same stream.
    const listOnB = waitFor(viewerOnB, 'labels:changed', (update) =>
      update.labels.some((label) => label.name === name),
    );
    dataOf(await request(moderatorA, 'mod:labels', { action: 'create', name }));
    await listOnB;
    const { socket: laterViewer } = await connectViewer(second.url);
    sockets.push(laterViewer);
    const snapshot = dataOf(await request(laterViewer, 'part:join', { partId: part.id }));
    expect(snapshot.labels.map((label) => label.name)).toContain(name);
  });

  it('applies a block closed and pre-moderation turned on by a moderator on one instance to questions asked on the other', async () => {
    const { secret } = await issueGrant(first.url, TEST_ADMIN_TOKEN, SEED_SLUG, { role: 'moderator' });
    const moderatorA = await connectLive(first.url, { grant: secret });
    const moderatorB = await connectLive(second.url, { grant: secret });
    sockets.push(moderatorA, moderatorB);
    for (const m of [moderatorA, moderatorB]) dataOf(await request(m, 'mod:join', { partId: part.id }));
    const viewerOnB = await viewerOn(second);
    // The second instance has read the part's live state (and keeps it) before the changes.
    expect(
      dataOf(await request(viewerOnB, 'question:ask', { id: randomUUID(), blockId, body: 'Before' })).status,
    ).toBe('visible');

    // The first instance signals the change before it pushes `settings:changed`, through the same
    // Redis stream: once the moderator on the second instance has the push, that instance knows.
    const settingsOnB = waitFor(moderatorB, 'settings:changed', (s) => s.preModeration);
    dataOf(await request(moderatorA, 'mod:settings', { partId: part.id, preModeration: true }));
    await settingsOnB;
    const held = dataOf(
      await request(viewerOnB, 'question:ask', { id: randomUUID(), blockId, body: 'Held for review?' }),
    );
    expect(held.status).toBe('pending');

    // The same for a block closed by hand: the viewer on the second instance sees it closed, and
    // the second instance refuses the question.
    const closedOnB = waitFor(viewerOnB, 'agenda:changed', (u) =>
      u.blocks.some((b) => b.blockId === blockId && !b.open),
    );
    dataOf(await request(moderatorA, 'mod:block', { blockId, state: 'closed' }));
    await closedOnB;
    const refused = await request(viewerOnB, 'question:ask', {
      id: randomUUID(),
      blockId,
      body: 'Too late?',
    });
    expect(refused).toMatchObject({ ok: false, error: 'block/closed' });

    // Back as it was, for the tests after this one.
    const reopenedOnB = waitFor(viewerOnB, 'agenda:changed', (u) =>
      u.blocks.some((b) => b.blockId === blockId && b.open),
    );
    dataOf(await request(moderatorA, 'mod:block', { blockId, state: null }));
    dataOf(await request(moderatorA, 'mod:settings', { partId: part.id, preModeration: false }));
    await reopenedOnB;
  });
});

describe.runIf(runs)('two instances over Redis, at an agenda boundary', () => {
  it('push the agenda change once per room, not once per instance', async () => {
    // "Breaking bad news" ends at 13:50 CET; both instances share one clock the test moves there.
    const boundary = new Date('2024-02-22T13:50:00+01:00');
    const clock = new ManualClock(new Date('2024-02-22T13:49:54+01:00'));
    // The claim of this boundary may still be held in Redis by an earlier run of this test.
    const redis = await createClient({ url: redisUrl }).connect();
    await redis.del(`lsc:claim:agenda:${boundary.getTime()}`);
    redis.destroy();
    const env = { SEED_FILE: DEFAULT_SEED_FILE, REDIS_URL: redisUrl ?? '' };
    const first = await startTestApp(env, undefined, { clock });
    const second = await startTestApp(env, first.database, { clock });
    const sockets: LiveClient[] = [];
    try {
      const part = (await fetchEvent(first.url, SEED_SLUG)).parts[0];
      const blockId = part.items.find((item) => item.kind === 'qa')!.id;
      const received = [0, 0];
      for (const [index, app] of [first, second].entries()) {
        const { socket } = await connectViewer(app.url);
        sockets.push(socket);
        dataOf(await request(socket, 'part:join', { partId: part.id }));
        socket.on('agenda:changed', (update) => {
          if (update.agenda.current?.title === 'Radiation Risk Discussion') received[index] += 1;
        });
      }
      // Each instance armed a timer for the boundary; both fire, and each sets its next one
      // after it claimed the boundary (and pushed) or lost the claim.
      expect(clock.pendingTimers().filter((t) => t.getTime() === boundary.getTime())).toHaveLength(2);
      const rearmed = [clock.nextTimerSet(), clock.nextTimerSet()];
      const pushed = sockets.map((socket) =>
        waitFor(socket, 'agenda:changed', (u) => u.agenda.current?.title === 'Radiation Risk Discussion'),
      );
      clock.set(boundary);
      await Promise.all([...pushed, ...rearmed]);
      // A second push would have left its instance before that instance set its next timer; one
      // question from each instance, after it through the same Redis stream, flushes it out.
      const flushed = sockets.flatMap((socket) =>
        ['From the first', 'From the second'].map((body) => waitForQuestion(socket, (q) => q.body === body)),
      );
      for (const [index, body] of ['From the first', 'From the second'].entries()) {
        dataOf(await request(sockets[index], 'question:ask', { id: randomUUID(), blockId, body }));
      }
      await Promise.all(flushed);
      expect(received).toEqual([1, 1]);
    } finally {
      for (const socket of sockets) socket.close();
      await second.close({ keepDatabase: true });
      await first.close();
    }
  });
});
