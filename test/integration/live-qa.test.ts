import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  connectViewer,
  dataOf,
  fetchEvent,
  request,
  SEED_SLUG,
  waitFor,
  waitForCount,
  waitForQuestion,
  type LiveClient,
} from '../utils/live-client.js';
import { REHEARSAL, useLiveSession } from '../utils/live-session.js';
import { startTestApp } from '../utils/test-app.js';

// The rehearsal clock stands in "Breaking bad news" (13:10–13:50 CET) on the first afternoon:
// both Q&A blocks of part 1 take questions (see REHEARSAL).
describe('live Q&A', () => {
  const session = useLiveSession();
  const { viewer } = session;

  async function ask(socket: LiveClient, body: string, id = randomUUID()) {
    return request(socket, 'question:ask', { id, blockId: session.blockId, body });
  }

  it('joins a part with a snapshot: agenda state, open blocks, questions, version', async () => {
    const { snapshot, participantId } = await viewer();
    expect(snapshot.full).toBe(true);
    expect(snapshot.participant.id).toBe(participantId);
    expect(snapshot.agenda.current?.title).toBe('Breaking bad news');
    expect(snapshot.blocks.filter((b) => b.partId === session.part.id).map((b) => b.open)).toEqual([
      true,
      true,
    ]);
    expect(snapshot.serverTime).toMatch(/^2024-02-22T12:2/);
    expect(typeof snapshot.version).toBe('number');
  });

  it('delivers a question from one viewer to every other viewer of the part, after it is stored', async () => {
    const asker = await viewer();
    const others = await Promise.all([viewer(), viewer(), viewer()]);
    const arrivals = others.map(({ socket }) =>
      waitForQuestion(socket, (q) => q.body === 'Does the ultrasound gel need warming?'),
    );
    const ack = dataOf(await ask(asker.socket, '  Does the ultrasound gel need warming?  '));
    expect(ack).toMatchObject({
      body: 'Does the ultrasound gel need warming?',
      status: 'visible',
      mine: true,
      votes: 0,
    });
    // Asked during "Breaking bad news" without a talk: the talk on now, which the block covers.
    expect(ack.talkId).toBe(session.part.items.find((i) => i.title === 'Breaking bad news')!.id);
    for (const received of await Promise.all(arrivals)) {
      expect(received).toMatchObject({ id: ack.id, mine: false, voted: false });
    }
    const late = await viewer();
    expect(late.snapshot.questions.map((q) => q.id)).toContain(ack.id);
  });

  it('counts 50 participants voting at once exactly, and one participant only once', async () => {
    const asker = await viewer();
    const question = dataOf(await ask(asker.socket, 'Fifty votes, please'));
    const voters = await Promise.all(Array.from({ length: 50 }, () => viewer()));
    const batchWith50 = waitForCount(asker.socket, question.id, 50);
    const acks = await Promise.all(
      voters.map(({ socket }) => request(socket, 'question:vote', { questionId: question.id, voted: true })),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
    // Each acknowledgement carries the count as committed with that vote: 1 to 50, each once.
    const counts = acks.map((a) => dataOf(a).votes).sort((x, y) => x - y);
    expect(counts).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    await batchWith50;
    // The same participant again, twice at once: still one vote each.
    await Promise.all([
      request(voters[0].socket, 'question:vote', { questionId: question.id, voted: true }),
      request(voters[0].socket, 'question:vote', { questionId: question.id, voted: true }),
    ]);
    const check = await viewer();
    expect(check.snapshot.questions.find((q) => q.id === question.id)?.votes).toBe(50);
    const voterView = dataOf(await request(voters[0].socket, 'part:join', { partId: session.part.id }));
    expect(voterView.questions.find((q) => q.id === question.id)).toMatchObject({ votes: 50, voted: true });
  });

  it('ends vote and unvote races consistent with the votes stored', async () => {
    const asker = await viewer();
    const question = dataOf(await ask(asker.socket, 'Race me'));
    const racers = await Promise.all(Array.from({ length: 10 }, () => viewer()));
    await Promise.all(
      racers.flatMap(({ socket }, i) =>
        [true, false, true, i % 2 === 0 ? false : true].map((voted) =>
          request(socket, 'question:vote', { questionId: question.id, voted }),
        ),
      ),
    );
    const rows: { n: number }[] = await session.server.app
      .get((await import('typeorm')).DataSource)
      .query('SELECT count(*)::int AS n FROM vote WHERE question_id = $1', [question.id]);
    const shown = (await viewer()).snapshot.questions.find((q) => q.id === question.id)!.votes;
    expect(shown).toBe(rows[0].n);
  });

  it('makes one question of a retried send with the same id', async () => {
    const asker = await viewer();
    const id = randomUUID();
    const [first, second] = await Promise.all([
      ask(asker.socket, 'Only once', id),
      ask(asker.socket, 'Only once', id),
    ]);
    const third = await ask(asker.socket, 'Only once', id);
    expect([first, second, third].map((a) => dataOf(a).id)).toEqual([id, id, id]);
    const snapshot = (await viewer()).snapshot;
    expect(snapshot.questions.filter((q) => q.id === id)).toHaveLength(1);
    const conflict = await ask(asker.socket, 'Something else', id);
    expect(conflict).toMatchObject({ ok: false, error: 'question/id_conflict' });
  });

  it('lets a dropped client catch up with what it missed', async () => {
    const steady = await viewer();
    const dropper = await viewer();
    const before = dataOf(await ask(steady.socket, 'Asked before the drop'));
    const version = dataOf(await request(dropper.socket, 'part:join', { partId: session.part.id })).version;
    dropper.socket.disconnect();
    const missed = dataOf(await ask(steady.socket, 'Asked while you were away'));
    const voter = await viewer();
    dataOf(await request(voter.socket, 'question:vote', { questionId: before.id, voted: true }));
    dropper.socket.connect();
    await waitFor(dropper.socket, 'connect' as never).catch(() => undefined);
    const delta = dataOf(
      await request(dropper.socket, 'part:join', { partId: session.part.id, since: version }),
    );
    expect(delta.full).toBe(false);
    expect(delta.questions.map((q) => q.id)).toEqual(expect.arrayContaining([missed.id, before.id]));
    expect(delta.questions.find((q) => q.id === before.id)?.votes).toBe(1);
  });

  it('delivers a question sent while offline once, when the connection returns', async () => {
    const asker = await viewer();
    asker.socket.io.engine.close(); // the transport drops; socket.io reconnects on its own
    const id = randomUUID();
    const sent = ask(asker.socket, 'Typed in a tunnel', id); // buffered until reconnected
    const ack = dataOf(await sent);
    expect(ack.id).toBe(id);
    const snapshot = (await viewer()).snapshot;
    expect(snapshot.questions.filter((q) => q.body === 'Typed in a tunnel')).toHaveLength(1);
  });

  it('shows HTML and script text back exactly as typed', async () => {
    const asker = await viewer();
    const body = '<img src=x onerror=alert(1)> & <script>alert("hi")</script>';
    expect(dataOf(await ask(asker.socket, body)).body).toBe(body);
  });
});

describe('live Q&A across a restart', () => {
  it('loses no acknowledged question or vote', async () => {
    const first = await startTestApp(REHEARSAL);
    const part = (await fetchEvent(first.url, SEED_SLUG)).parts[0];
    const blockId = part.items.find((item) => item.kind === 'qa')!.id;
    const asker = await connectViewer(first.url);
    const voter = await connectViewer(first.url);
    for (const { socket } of [asker, voter]) dataOf(await request(socket, 'part:join', { partId: part.id }));
    const question = dataOf(
      await request(asker.socket, 'question:ask', { id: randomUUID(), blockId, body: 'Survive?' }),
    );
    dataOf(await request(voter.socket, 'question:vote', { questionId: question.id, voted: true }));
    asker.socket.close();
    voter.socket.close();
    await first.close({ keepDatabase: true });

    const second = await startTestApp(REHEARSAL, first.database);
    try {
      const again = await connectViewer(second.url);
      const snapshot = dataOf(await request(again.socket, 'part:join', { partId: part.id }));
      expect(snapshot.questions.find((q) => q.id === question.id)).toMatchObject({
        body: 'Survive?',
        votes: 1,
      });
      again.socket.close();
    } finally {
      await second.close();
    }
  });
});
