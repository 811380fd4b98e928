import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import type { PartView } from '../../shared/events-api.js';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import { signParticipantToken } from '../../server/src/modules/participants/participant-token.js';
import { connectLive, connectViewer, dataOf, fetchEvent, request, SEED_SLUG } from '../utils/live-client.js';
import { startTestApp, type TestApp } from '../utils/test-app.js';

// 13:20 CET on the first afternoon: part 1's blocks are open; part 2 (March) has not opened.
const REHEARSAL = {
  SEED_FILE: DEFAULT_SEED_FILE,
  CLOCK_START: '2024-02-22T13:20:00+01:00',
  ALLOWED_ORIGINS: 'https://course.example.org',
};

describe('live Q&A refuses bad input, writes nothing, and keeps the connection usable', () => {
  let server: TestApp;
  let part: PartView;
  let laterPart: PartView;
  let blockId: string;

  const stored = async () => {
    const rows: { questions: number; votes: number }[] = await server.app
      .get(DataSource)
      .query(
        'SELECT (SELECT count(*) FROM question)::int AS questions, (SELECT count(*) FROM vote)::int AS votes',
      );
    return rows[0];
  };

  beforeAll(async () => {
    server = await startTestApp(REHEARSAL);
    const event = await fetchEvent(server.url, SEED_SLUG);
    [part, laterPart] = event.parts;
    blockId = part.items.find((item) => item.kind === 'qa')!.id;
  });

  afterAll(() => server.close());

  const ask = (overrides: Record<string, unknown>) => ({
    id: randomUUID(),
    blockId,
    body: 'A fine question',
    ...overrides,
  });

  it.each([
    ['a payload that is not an object', 'question:ask', () => 'hello', 'request/invalid'],
    ['a missing id', 'question:ask', () => ({ blockId, body: 'x' }), 'request/invalid'],
    [
      'an id that is not a UUID',
      'question:ask',
      () => ask({ id: '1; DROP TABLE question' }),
      'request/invalid',
    ],
    ['a body of the wrong type', 'question:ask', () => ask({ body: 42 }), 'request/invalid'],
    ['an empty body', 'question:ask', () => ask({ body: '   \n ' }), 'question/empty'],
    ['a body of 501 characters', 'question:ask', () => ask({ body: 'é'.repeat(501) }), 'question/too_long'],
    [
      'a name of 81 characters',
      'question:ask',
      () => ask({ displayName: 'n'.repeat(81) }),
      'question/name_too_long',
    ],
    ['an unknown block', 'question:ask', () => ask({ blockId: randomUUID() }), 'block/not_found'],
    ['a talk id as block', 'question:ask', () => ask({ blockId: part.items[0].id }), 'block/not_found'],
    [
      'a talk the block does not cover',
      'question:ask',
      () => ask({ talkId: part.items[4].id }),
      'talk/not_in_block',
    ],
    [
      'a block of the other part, not open yet',
      'question:ask',
      () => ask({ blockId: laterPart.items.find((i) => i.kind === 'qa')!.id }),
      'block/not_open_yet',
    ],
    [
      'a vote for an unknown question',
      'question:vote',
      () => ({ questionId: randomUUID(), voted: true }),
      'question/not_found',
    ],
    [
      'a vote that is not a boolean',
      'question:vote',
      () => ({ questionId: randomUUID(), voted: 'yes' }),
      'request/invalid',
    ],
    ['a join of an unknown part', 'part:join', () => ({ partId: randomUUID() }), 'part/not_found'],
    [
      'a join with a negative version',
      'part:join',
      () => ({ partId: part.id, since: -1 }),
      'request/invalid',
    ],
    ['an unknown event', 'question:delete', () => ({ id: randomUUID() }), 'request/unknown_event'],
  ])('%s', async (_label, event, payload, code) => {
    // A participant of its own per row, so the per-participant rate limit stays out of the way.
    const socket = (await connectViewer(server.url)).socket;
    const before = await stored();
    const ack = (await request(socket, event as 'question:ask', payload() as never)) as {
      ok: boolean;
      error?: string;
      message?: string;
    };
    expect(ack).toMatchObject({ ok: false, error: code });
    expect(ack.message?.length).toBeGreaterThan(10);
    expect(await stored()).toEqual(before);
    // Still usable: the next request on the same connection succeeds.
    expect(dataOf(await request(socket, 'clock:sync', {})).serverTime).toMatch(/Z$/);
    socket.close();
  });

  it('names the next block when a block is closed', async () => {
    const late = await startTestApp({ ...REHEARSAL, CLOCK_START: '2024-02-22T15:10:00+01:00' }, undefined);
    try {
      const lateSocket = (await connectViewer(late.url)).socket;
      const event = await fetchEvent(late.url, SEED_SLUG);
      const [firstBlock, secondBlock] = event.parts[0].items.filter((i) => i.kind === 'qa');
      const ack = await request(lateSocket, 'question:ask', {
        id: randomUUID(),
        blockId: firstBlock.id,
        body: 'Too late?',
      });
      expect(ack).toMatchObject({ ok: false, error: 'block/closed' });
      expect(!ack.ok && ack.message).toContain('Questions are open for “Q&A Session”');
      expect(
        dataOf(
          await request(lateSocket, 'question:ask', {
            id: randomUUID(),
            blockId: secondBlock.id,
            body: 'In time',
          }),
        ).body,
      ).toBe('In time');
      lateSocket.close();
    } finally {
      await late.close();
    }
  });

  it('closes a connection whose message is over 64 KB, and stores nothing', async () => {
    const before = await stored();
    const big = (await connectViewer(server.url)).socket;
    const closed = new Promise<string>((resolve) => big.on('disconnect', (reason) => resolve(reason)));
    big.emit('question:ask', ask({ body: 'x'.repeat(70 * 1024) }), () => undefined);
    expect(await closed).toBe('transport close');
    big.close();
    expect(await stored()).toEqual(before);
  });

  it('refuses a handshake without a token, with a forged token, and from a foreign origin', async () => {
    await expect(connectLive(server.url, {})).rejects.toThrow('auth/participant_required');
    const forged = signParticipantToken(randomUUID(), 'not-the-server-secret');
    await expect(connectLive(server.url, { token: forged })).rejects.toThrow('auth/bad_participant');
    const { token } = await (await fetch(`${server.url}/api/participants`, { method: 'POST' })).json();
    await expect(
      connectLive(server.url, { token }, { origin: 'https://evil.example.com' }),
    ).rejects.toThrow();
    const allowed = await connectLive(server.url, { token }, { origin: 'https://course.example.org' });
    expect(allowed.connected).toBe(true);
    allowed.close();
  });

  it('lets nobody change another participant’s vote or question', async () => {
    const alice = await connectViewer(server.url);
    const bob = await connectViewer(server.url);
    const question = dataOf(await request(alice.socket, 'question:ask', ask({ body: 'Alice asks' })));
    // Bob reusing Alice's question id cannot overwrite her question.
    const hijack = await request(bob.socket, 'question:ask', {
      ...ask({ body: 'Bob rewrites' }),
      id: question.id,
    });
    expect(hijack).toMatchObject({ ok: false, error: 'question/id_conflict' });
    // Bob's unvote cannot remove Carol's vote.
    const carol = await connectViewer(server.url);
    dataOf(await request(carol.socket, 'question:vote', { questionId: question.id, voted: true }));
    dataOf(await request(bob.socket, 'question:vote', { questionId: question.id, voted: false }));
    const view = dataOf(await request(carol.socket, 'part:join', { partId: part.id }));
    expect(view.questions.find((q) => q.id === question.id)).toMatchObject({
      body: 'Alice asks',
      votes: 1,
      voted: true,
    });
    alice.socket.close();
    bob.socket.close();
    carol.socket.close();
  });

  it('rate limits questions per participant with a time to retry', async () => {
    const eager = (await connectViewer(server.url)).socket;
    const acks = [];
    for (let i = 0; i < 6; i++)
      acks.push(await request(eager, 'question:ask', ask({ body: `Question ${i}` })));
    expect(acks.slice(0, 5).every((a) => a.ok)).toBe(true);
    const limited = acks[5];
    expect(limited).toMatchObject({ ok: false, error: 'rate/limited' });
    expect(!limited.ok && limited.retryAfterMs).toBeGreaterThan(0);
    eager.close();
  });
});
