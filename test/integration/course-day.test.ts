import { randomUUID } from 'node:crypto';
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
  waitForQuestion,
  type LiveClient,
} from '../utils/live-client.js';
import { ManualClock } from '../utils/manual-clock.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../utils/test-app.js';

// The event clock stands at 14:50 CET and moves only when a test moves it: the first Q&A block
// (14:30–15:00) ends when the block-end test sets it to 15:00 (that test runs first, while the
// block still takes questions); the others ask in the afternoon's block (17:30), which takes
// questions all day.
describe('the course day at its edges', () => {
  let server: TestApp;
  let part: PartView;
  let blockId: string;
  let laterBlockId: string;
  let moderatorSecret: string;
  const sockets: LiveClient[] = [];
  const clock = new ManualClock(new Date('2024-02-22T14:50:00+01:00'));

  beforeAll(async () => {
    server = await startTestApp({ SEED_FILE: DEFAULT_SEED_FILE }, undefined, { clock });
    part = (await fetchEvent(server.url, SEED_SLUG)).parts[0];
    blockId = part.items.find((item) => item.kind === 'qa')!.id;
    laterBlockId = part.items.findLast((item) => item.kind === 'qa')!.id;
    moderatorSecret = (
      await issueGrant(server.url, TEST_ADMIN_TOKEN, SEED_SLUG, { role: 'moderator', label: 'Anna' })
    ).secret;
  });

  afterAll(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await server.close();
  });

  async function viewer() {
    const connected = await connectViewer(server.url);
    sockets.push(connected.socket);
    dataOf(await request(connected.socket, 'part:join', { partId: part.id }));
    return connected;
  }

  async function staff(role: 'moderator' | 'speaker') {
    const secret =
      role === 'moderator'
        ? moderatorSecret
        : (await issueGrant(server.url, TEST_ADMIN_TOKEN, SEED_SLUG, { role })).secret;
    const socket = await connectLive(server.url, { grant: secret });
    sockets.push(socket);
    const snapshot =
      role === 'moderator'
        ? dataOf(await request(socket, 'mod:join', { partId: part.id }))
        : dataOf(await request(socket, 'speaker:join', { partId: part.id }));
    return { socket, snapshot };
  }

  async function revisionOf(mod: LiveClient, id: string) {
    const snapshot = dataOf(await request(mod, 'mod:join', { partId: part.id }));
    return snapshot.questions.find((q) => q.id === id)!.revision;
  }

  it('takes the question on air off air when its block ends; the moderator then decides', async () => {
    const asker = await viewer();
    const other = await viewer();
    const { socket: mod } = await staff('moderator');
    const { socket: stage } = await staff('speaker');
    const asked = dataOf(
      await request(asker.socket, 'question:ask', {
        id: randomUUID(),
        blockId,
        body: 'Still on air at three?',
      }),
    );
    const onAir = waitFor(stage, 'queue:changed', (q) => q.onAir?.id === asked.id);
    dataOf(
      await request(mod, 'mod:act', {
        action: 'on_air',
        questionId: asked.id,
        revision: await revisionOf(mod, asked.id),
        previous: 'answered',
      }),
    );
    await onAir;

    // 15:00 CET: the block ends, and with it the question's time on air.
    const offForSpeaker = waitFor(stage, 'queue:changed', (q) => q.onAir === null);
    const offForViewer = waitForQuestion(other.socket, (q) => q.id === asked.id && q.status === 'visible');
    const forModerator = waitFor(mod, 'mod:question', (q) => q.id === asked.id && q.airEndedAt !== null);
    const armedForNext = clock.nextTimerSet();
    expect(clock.pendingTimers()[0]).toEqual(new Date('2024-02-22T15:00:00+01:00'));
    clock.set(new Date('2024-02-22T15:00:00+01:00'));
    const [, viewed, moderated] = await Promise.all([offForSpeaker, offForViewer, forModerator]);
    expect(viewed.status).toBe('visible');
    expect(moderated.airEndedAt).toBe('2024-02-22T14:00:00.000Z');
    expect(moderated.status).toBe('visible');
    // A speaker who joins now (the overlay does) finds nothing on air.
    expect((await staff('speaker')).snapshot).toMatchObject({ onAir: null });
    const history = dataOf(await request(mod, 'mod:history', { questionId: asked.id }));
    // Each step names who did it: the link's label, or the block's end.
    expect(history.at(-2)).toMatchObject({ action: 'on_air', actorLabel: 'Anna' });
    expect(history.at(-1)).toMatchObject({
      actor: 'system:block_end',
      actorLabel: null,
      action: 'air_ended',
      before: { status: 'on_air' },
      after: { status: 'visible' },
    });

    // The moderator chooses: back to the queue. The mark goes with the decision.
    const queued = dataOf(
      await request(mod, 'mod:act', {
        action: 'queue',
        questionId: asked.id,
        revision: await revisionOf(mod, asked.id),
      }),
    );
    expect(queued).toMatchObject({ status: 'queued', airEndedAt: null });
    // A question put on air after its block ended stays there: the moderator chose it.
    dataOf(
      await request(mod, 'mod:act', {
        action: 'on_air',
        questionId: asked.id,
        revision: await revisionOf(mod, asked.id),
        previous: 'answered',
      }),
    );
    // The next boundary (15:30, the break ends) runs the block-end work again; it leaves it there.
    expect(await armedForNext).toEqual(new Date('2024-02-22T15:30:00+01:00'));
    const nextBoundaryPushed = waitFor(mod, 'agenda:changed', (u) =>
      u.serverTime.startsWith('2024-02-22T14:30'),
    );
    clock.set(new Date('2024-02-22T15:30:00+01:00'));
    await nextBoundaryPushed;
    const snapshot = dataOf(await request(mod, 'mod:join', { partId: part.id }));
    expect(snapshot.queue.onAir?.id).toBe(asked.id);
  });

  it('refuses an upvote of one’s own question with its own code, and takes others’ votes', async () => {
    const asker = await viewer();
    const other = await viewer();
    const asked = dataOf(
      await request(asker.socket, 'question:ask', {
        id: randomUUID(),
        blockId: laterBlockId,
        body: 'May I vote for me?',
      }),
    );
    const own = await request(asker.socket, 'question:vote', { questionId: asked.id, voted: true });
    expect(own).toMatchObject({ ok: false, error: 'vote/own_question' });
    const unvote = await request(asker.socket, 'question:vote', { questionId: asked.id, voted: false });
    expect(unvote).toMatchObject({ ok: false, error: 'vote/own_question' });
    expect(
      dataOf(await request(other.socket, 'question:vote', { questionId: asked.id, voted: true })),
    ).toEqual({ questionId: asked.id, voted: true, votes: 1 });
  });

  it('takes names of 80 characters, refuses 81, and tells viewers when a moderator edited a question', async () => {
    const asker = await viewer();
    const other = await viewer();
    const name80 = 'Dr. Anna-Maria Konstantinopoulou-Vasquez de la Fuente, Universitätsklinikum Wien';
    expect([...name80]).toHaveLength(80);
    const asked = dataOf(
      await request(asker.socket, 'question:ask', {
        id: randomUUID(),
        blockId: laterBlockId,
        body: 'How long may my name be?',
        displayName: name80,
      }),
    );
    expect(asked.displayName).toBe(name80);
    expect(asked.edited).toBe(false);
    const tooLong = await request(asker.socket, 'question:ask', {
      id: randomUUID(),
      blockId: laterBlockId,
      body: 'And one more letter?',
      displayName: `${name80}X`,
    });
    expect(tooLong).toMatchObject({ ok: false, error: 'question/name_too_long' });

    const { socket: mod } = await staff('moderator');
    const seen = waitForQuestion(other.socket, (q) => q.id === asked.id && q.edited);
    dataOf(
      await request(mod, 'mod:act', {
        action: 'edit',
        questionId: asked.id,
        revision: await revisionOf(mod, asked.id),
        body: 'How long may a name be?',
      }),
    );
    expect((await seen).body).toBe('How long may a name be?');
  });
});
