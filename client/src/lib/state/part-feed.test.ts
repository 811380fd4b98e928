import { afterEach, describe, expect, it, vi } from 'vitest';
import type { QuestionView } from '../../../../shared/questions.js';
import type { LiveAck } from '../realtime/connection.js';
import { FakeLiveSocket, ok } from '../../../test-support/fake-socket.svelte.js';
import { makeQuestion } from '../../../test-support/questions.js';
import { PartFeed } from './part-feed.svelte.js';

type Snapshot = { partId: string; questions: QuestionView[] };

afterEach(() => {
  vi.useRealTimers();
});

/** A feed whose joins take the scripted answers in turn, recording when each was asked. */
function feedAnswering(answers: LiveAck<Snapshot>[]) {
  const socket = new FakeLiveSocket();
  const joinedAt: number[] = [];
  const feed = new PartFeed<QuestionView, Snapshot>({
    partId: 'p1',
    connection: socket,
    join: () => {
      joinedAt.push(Date.now());
      return Promise.resolve(answers.shift() ?? ok({ partId: 'p1', questions: [] }));
    },
    read: (snapshot) => ({ questions: { items: snapshot.questions, full: true } }),
  });
  return { socket, feed, joinedAt };
}

const limited = (retryAfterMs?: number): LiveAck<Snapshot> => ({
  ok: false,
  error: 'rate/limited',
  message: 'Too many requests.',
  ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
});
const timedOut: LiveAck<Snapshot> = { ok: false, error: 'client/timeout', message: 'No answer.' };

describe('PartFeed', () => {
  it('joins again after rate/limited and timeouts, waiting longer each time, then starts over after a join', async () => {
    vi.useFakeTimers({ now: 0 });
    const { socket, feed, joinedAt } = feedAnswering([
      limited(),
      timedOut,
      ok({ partId: 'p1', questions: [] }),
      timedOut,
      limited(7_000),
    ]);
    const stop = feed.start();
    await vi.advanceTimersByTimeAsync(60_000);
    // 2 s, then 5 s, then joined.
    expect(joinedAt).toEqual([0, 2_000, 7_000]);
    expect(feed.joined).toBe(true);

    socket.goOnline();
    await vi.advanceTimersByTimeAsync(60_000);
    // After the join the waits start again from 2 s; the server's retryAfterMs wins over them.
    expect(joinedAt.slice(3).map((at) => at - 60_000)).toEqual([0, 2_000, 9_000]);
    expect(feed.joined).toBe(true);
    expect(feed.joinError).toBeNull();
    stop();
  });

  it('keeps a pushed version newer than the snapshot, and applies vote batches of its part only', async () => {
    const old = makeQuestion({ body: 'Old text', version: 1 });
    const { feed } = feedAnswering([ok({ partId: 'p1', questions: [old] })]);
    feed.upsert({ ...old, body: 'Edited', version: 2 });
    const stop = feed.start();
    await vi.waitFor(() => expect(feed.joined).toBe(true));
    expect(feed.questions.get(old.id)?.body).toBe('Edited');

    feed.applyVotes({ partId: 'p2', version: 3, counts: [{ id: old.id, votes: 9 }] });
    expect(feed.questions.get(old.id)?.votes).toBe(0);
    feed.applyVotes({ partId: 'p1', version: 3, counts: [{ id: old.id, votes: 4 }] });
    expect(feed.questions.get(old.id)?.votes).toBe(4);
    stop();
  });

  it('stops listening when its last follower stops', async () => {
    const { socket, feed, joinedAt } = feedAnswering([]);
    const first = feed.start();
    const second = feed.start();
    await vi.waitFor(() => expect(feed.joined).toBe(true));
    expect(joinedAt).toHaveLength(1);
    first();
    socket.goOnline();
    await vi.waitFor(() => expect(joinedAt).toHaveLength(2));
    second();
    expect(feed.stopped).toBe(true);
    socket.goOnline();
    await Promise.resolve();
    expect(joinedAt).toHaveLength(2);
  });
});
