import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AskRequest } from '../../../../shared/realtime.js';
import { timeoutAck } from '../realtime/connection.js';
import { FakeLiveSocket, ok } from '../../../test-support/fake-socket.svelte.js';
import {
  agendaAt,
  blocksOf,
  makeQuestion,
  makeSnapshot,
  memoryStorage,
  part1,
  UUID,
} from '../../../test-support/questions.js';
import { cet } from '../../../test-support/seed-event.js';
import { OUTBOX_KEY } from './outbox.js';
import { QuestionsStore, newQuestionId } from './questions.svelte.js';

const AT = cet('2024-02-22', '13:20');

const stores: QuestionsStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.destroy();
  vi.useRealTimers();
});

async function joinedStore({
  at = AT,
  socket = new FakeLiveSocket(),
  storage = memoryStorage(),
  snapshot = makeSnapshot(at),
  announceEveryMs = 10_000,
} = {}) {
  const agenda = await agendaAt(at);
  if (!socket.scripted('part:join')) socket.respond('part:join', () => ok(snapshot));
  const store = new QuestionsStore('p1', { connection: socket, agenda, storage, announceEveryMs });
  stores.push(store);
  store.start();
  if (socket.status === 'online') await vi.waitFor(() => expect(store.joined).toBe(true));
  return { store, socket, agenda, storage };
}

const echo = (ask: AskRequest) =>
  ok(
    makeQuestion({
      id: ask.id,
      body: ask.body,
      blockId: ask.blockId,
      talkId: ask.talkId ?? null,
      mine: true,
    }),
  );

describe('QuestionsStore: blocks and talks', () => {
  it('during a break, takes the block still to come, which covers no talk on now', async () => {
    const { store } = await joinedStore({ at: cet('2024-02-22', '15:10') });
    expect(store.choosableBlocks.map((b) => b.id)).toEqual(['p1-i9']);
    expect(store.blockId).toBe('p1-i9');
    expect(store.talkId).toBeNull();
    expect(store.canAsk).toBe(true);
  });

  it('follows a moderator’s hand override from agenda:changed', async () => {
    const { store, socket } = await joinedStore();
    expect(store.block?.phase).toBe('open');

    const blocks = blocksOf(part1, AT).map((b) =>
      b.blockId === 'p1-i4' ? { ...b, open: false, override: 'closed' as const } : b,
    );
    socket.push('agenda:changed', {
      eventSlug: 'x',
      serverTime: AT,
      clockRate: 1,
      agenda: { at: AT, current: null, next: null, nextQa: null, secondsToNextQa: null },
      blocks,
    });

    expect(store.blocks.find((b) => b.id === 'p1-i4')?.phase).toBe('paused');
    // The default moves to a block that takes questions; a chosen block stays, explained.
    expect(store.blockId).toBe('p1-i9');
    expect(store.canAsk).toBe(true);
    store.chooseBlock('p1-i4');
    expect(store.canAsk).toBe(false);
  });

  it('estimates the blocks from the agenda until the server has described them', async () => {
    const { store } = await joinedStore({ socket: new FakeLiveSocket('offline') });
    expect(store.serverBlocks).toBeNull();
    expect(store.blocks.map((b) => [b.id, b.phase])).toEqual([
      ['p1-i4', 'open'],
      ['p1-i9', 'open'],
    ]);
    expect(store.talkId).toBe('p1-i2');
  });

  it('keeps a question begun during one talk about that talk when the next begins', async () => {
    const { store, agenda } = await joinedStore({ at: cet('2024-02-22', '13:09') });
    expect(store.talkId).toBe('p1-i1');
    store.setBody('About the first talk…');

    agenda.observeServerTime(cet('2024-02-22', '13:11'), 1, agenda.deviceTime());
    expect(agenda.current?.id).toBe('p1-i2');
    expect(store.talkId).toBe('p1-i1');
    expect(store.defaultTalkId).toBe('p1-i2');
  });
});

describe('QuestionsStore: live updates', () => {
  it('keeps its own mine/voted values when a broadcast says false', async () => {
    const q = makeQuestion({ mine: true, voted: true, votes: 2, version: 3 });
    const { store, socket } = await joinedStore({ snapshot: makeSnapshot(AT, { questions: [q] }) });

    socket.push('question:upserted', { ...q, mine: false, voted: false, status: 'queued', version: 4 });
    expect(store.questions.get(q.id)).toMatchObject({ mine: true, voted: true, status: 'queued' });

    // An older version arriving late changes nothing.
    socket.push('question:upserted', { ...q, body: 'stale', version: 2 });
    expect(store.questions.get(q.id)?.body).toBe(q.body);
  });

  it('rejoins with since after a reconnection and applies the difference', async () => {
    const a = makeQuestion({ body: 'A' });
    const b = makeQuestion({ body: 'B' });
    const socket = new FakeLiveSocket();
    const changedA = { ...a, body: 'A, edited by a moderator', version: 5 };
    const c = makeQuestion({ body: 'C, asked while we were away' });
    socket.respond(
      'part:join',
      () => ok(makeSnapshot(AT, { questions: [a, b], version: 10 })),
      () => ok(makeSnapshot(AT, { full: false, questions: [changedA, c], removedIds: [b.id], version: 14 })),
    );
    const { store } = await joinedStore({ socket });

    socket.goOffline();
    socket.goOnline();
    await vi.waitFor(() => expect(store.version).toBe(14));

    expect(socket.sent('part:join')).toEqual([{ partId: 'p1' }, { partId: 'p1', since: 10 }]);
    expect(store.listed.map((q) => q.body).sort()).toEqual([
      'A, edited by a moderator',
      'C, asked while we were away',
    ]);
  });

  it('asks what became of its own question when it is removed from the room', async () => {
    const mine = makeQuestion({ body: 'Mine', mine: true });
    const socket = new FakeLiveSocket();
    socket.respond(
      'part:join',
      () => ok(makeSnapshot(AT, { questions: [mine], version: 10 })),
      () =>
        ok(
          makeSnapshot(AT, {
            full: false,
            questions: [{ ...mine, status: 'hidden', version: 9 }],
            version: 11,
          }),
        ),
    );
    const { store } = await joinedStore({ socket });

    socket.push('question:removed', { id: mine.id, partId: 'p1', version: 11 });

    await vi.waitFor(() => expect(store.questions.get(mine.id)?.status).toBe('hidden'));
    expect(socket.sent('part:join').at(-1)).toEqual({ partId: 'p1', since: 10 });
    expect(store.listed[0]).toMatchObject({ body: 'Mine', mine: true, public: false });
  });

  it('applies a batch: new and changed questions, removals and counts in one push', async () => {
    const kept = makeQuestion({ body: 'Kept', votes: 1, version: 3 });
    const mine = makeQuestion({ body: 'Mine', mine: true, version: 4 });
    const leaving = makeQuestion({ body: 'Leaving', version: 5 });
    const socket = new FakeLiveSocket();
    socket.respond('part:join', () => ok(makeSnapshot(AT, { questions: [kept, mine, leaving], version: 5 })));
    const { store } = await joinedStore({ socket });

    const arrived = makeQuestion({ body: 'Asked by someone else', version: 8 });
    socket.push('votes:changed', {
      partId: 'p1',
      version: 9,
      counts: [{ id: kept.id, votes: 4 }],
      questions: [arrived, { ...mine, mine: false, status: 'queued', version: 7 }],
      removed: [{ id: leaving.id, version: 9 }],
    });

    expect(store.questions.get(kept.id)?.votes).toBe(4);
    expect(store.questions.get(arrived.id)).toMatchObject({ body: 'Asked by someone else', mine: false });
    // Our own question, sent to the whole room: still ours.
    expect(store.questions.get(mine.id)).toMatchObject({ mine: true, status: 'queued' });
    expect(store.questions.has(leaving.id)).toBe(false);
    // Nothing in it called for a new snapshot.
    expect(socket.sent('part:join')).toHaveLength(1);
  });

  it('does not rejoin for the removal of its own question when its own room already told it', async () => {
    const mine = makeQuestion({ body: 'Mine', mine: true, version: 4 });
    const { store, socket } = await joinedStore({
      snapshot: makeSnapshot(AT, { questions: [mine], version: 4 }),
    });

    socket.push('question:upserted', { ...mine, status: 'hidden', version: 6 });
    socket.push('votes:changed', {
      partId: 'p1',
      version: 6,
      counts: [],
      removed: [{ id: mine.id, version: 6 }],
    });

    expect(store.questions.get(mine.id)).toMatchObject({ mine: true, status: 'hidden' });
    expect(socket.sent('part:join')).toHaveLength(1);
  });

  it('announces new questions at most once per interval, summing up the rest', async () => {
    vi.useFakeTimers();
    const { store, socket } = await joinedStore({ announceEveryMs: 10_000 });

    socket.push('question:upserted', makeQuestion({ body: 'One' }));
    expect(store.announcement).toBe('New question: One');
    socket.push('question:upserted', makeQuestion({ body: 'Two' }));
    socket.push('question:upserted', makeQuestion({ body: 'Three' }));
    socket.push('question:upserted', makeQuestion({ body: 'Elsewhere', blockId: 'p1-i9' }));
    expect(store.announcement).toBe('New question: One');

    vi.advanceTimersByTime(10_000);
    expect(store.announcement).toBe('2 new questions');
  });
});

describe('QuestionsStore: asking', () => {
  it('sends again with the same id when the server does not answer in time', async () => {
    vi.useFakeTimers();
    const socket = new FakeLiveSocket();
    socket.respond('question:ask', () => timeoutAck(), echo);
    const { store } = await joinedStore({ socket });

    store.setBody('Will this arrive?');
    await store.submit();
    expect(store.draft.body).toBe('');
    expect(store.askNotice).toBe(
      'The server is slow to answer. Your question will be sent again automatically.',
    );
    expect(store.listed[0]).toMatchObject({ status: 'unsent', body: 'Will this arrive?' });

    await vi.advanceTimersByTimeAsync(2_000);
    const [first, second] = socket.sent('question:ask');
    expect(first?.id).toMatch(UUID);
    expect(second?.id).toBe(first?.id);
    expect(store.outbox).toEqual([]);
    expect(store.listed[0]).toMatchObject({ id: first?.id, status: 'visible', mine: true });
  });

  it('keeps the outbox across a reload, and drops what the server already has', async () => {
    const storage = memoryStorage();
    const offline = new FakeLiveSocket('offline');
    const { store } = await joinedStore({ socket: offline, storage });
    store.setBody('First, typed offline');
    await store.submit();
    store.setBody('Second, typed offline');
    await store.submit();
    const [first, second] = store.outbox;
    expect(JSON.parse(storage.data.get(OUTBOX_KEY)!)).toHaveLength(2);
    store.destroy();

    // The first one reached the server before the page was closed; its answer was lost.
    const socket = new FakeLiveSocket();
    socket.respond('question:ask', echo);
    const received = makeQuestion({ id: first.id, body: first.body, mine: true, status: 'pending' });
    const { store: reloaded } = await joinedStore({
      socket,
      storage,
      snapshot: makeSnapshot(AT, { questions: [received] }),
    });

    await vi.waitFor(() => expect(reloaded.outbox).toEqual([]));
    expect(socket.sent('question:ask').map((a) => a.id)).toEqual([second.id]);
    // Own questions only their author sees come first.
    expect(reloaded.listed.map((q) => [q.body, q.status])).toEqual([
      ['First, typed offline', 'pending'],
      ['Second, typed offline', 'visible'],
    ]);
  });

  it('puts a queued question the server refuses back into the form, with the reason', async () => {
    const socket = new FakeLiveSocket();
    socket.respond('question:ask', () => ({
      ok: false,
      error: 'block/closed',
      message: 'This Q&A block has ended.',
    }));
    const { store } = await joinedStore({ socket });
    socket.goOffline();
    store.setBody('Sent too late');
    await store.submit();
    expect(store.draft.body).toBe('');

    socket.goOnline();

    await vi.waitFor(() =>
      expect(store.askError).toBe('Your question “Sent too late” was not sent: This Q&A block has ended.'),
    );
    expect(store.draft.body).toBe('Sent too late');
    expect(store.outbox).toEqual([]);
  });

  it('joins again when the server has forgotten the part (a restart), then sends', async () => {
    const socket = new FakeLiveSocket();
    socket.respond(
      'question:ask',
      () => ({ ok: false, error: 'part/not_joined', message: 'Join the part first.' }),
      echo,
    );
    const { store } = await joinedStore({ socket });

    store.setBody('After a restart');
    await store.submit();

    await vi.waitFor(() => expect(store.outbox).toEqual([]));
    expect(socket.sent('part:join')).toEqual([{ partId: 'p1' }, { partId: 'p1', since: 10 }]);
    const [first, second] = socket.sent('question:ask');
    expect(second?.id).toBe(first?.id);
    expect(store.askError).toBeNull();
  });

  it('checks the text before sending', async () => {
    const { store, socket } = await joinedStore();
    store.setBody('   ');
    await store.submit();
    expect(store.askError).toBe('Write your question first.');
    store.setBody('x'.repeat(501));
    await store.submit();
    expect(store.askError).toBe('Shorten your question to 500 characters or fewer.');
    expect(socket.sent('question:ask')).toEqual([]);
  });

  it('remembers the display name for the next visit', async () => {
    const socket = new FakeLiveSocket();
    socket.respond('question:ask', echo);
    const storage = memoryStorage();
    const { store } = await joinedStore({ socket, storage });
    store.setDisplayName('Dr. Ana Example');
    store.setBody('Hello');
    await store.submit();

    const { store: next } = await joinedStore({ storage });
    expect(next.draft.displayName).toBe('Dr. Ana Example');
  });
});

describe('QuestionsStore: voting', () => {
  it('sends the latest wish when clicked again before the answer', async () => {
    const q = makeQuestion({ votes: 4 });
    const socket = new FakeLiveSocket();
    socket.respond('question:vote', ({ questionId, voted }) =>
      ok({ questionId, voted, votes: voted ? 5 : 4 }),
    );
    const { store } = await joinedStore({ socket, snapshot: makeSnapshot(AT, { questions: [q] }) });

    const first = store.toggleVote(q.id);
    void store.toggleVote(q.id);
    expect(store.questions.get(q.id)).toMatchObject({ voted: false, votes: 4 });
    await first;

    expect(socket.sent('question:vote')).toEqual([
      { questionId: q.id, voted: true },
      { questionId: q.id, voted: false },
    ]);
    expect(store.questions.get(q.id)).toMatchObject({ voted: false, votes: 4 });
  });

  it('does not pretend to vote while offline', async () => {
    const q = makeQuestion({ votes: 4 });
    const { store, socket } = await joinedStore({ snapshot: makeSnapshot(AT, { questions: [q] }) });
    socket.goOffline();
    await store.toggleVote(q.id);
    expect(store.questions.get(q.id)).toMatchObject({ voted: false, votes: 4 });
    expect(store.voteError?.message).toBe('Voting needs a connection. Try again when it returns.');
  });
});

describe('newQuestionId', () => {
  it('makes v4 UUIDs, also where crypto.randomUUID is missing (plain http)', () => {
    expect(newQuestionId()).toMatch(UUID);
    const original = crypto.randomUUID.bind(crypto);
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const ids = new Set(Array.from({ length: 50 }, () => newQuestionId()));
      expect(ids.size).toBe(50);
      for (const id of ids) expect(id).toMatch(UUID);
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: original, configurable: true });
    }
  });
});

describe('QuestionsStore: on the viewer’s stream time', () => {
  const talkId = (title: string) => part1.items.find((item) => item.title === title)!.id;

  it('asks about the talk on the stream, not the one on the server’s clock', async () => {
    const socket = new FakeLiveSocket();
    socket.respond('question:ask', echo);
    const { store, agenda } = await joinedStore({ socket, at: cet('2024-02-22', '13:10') });
    expect(store.talkId).toBe(talkId('Breaking bad news'));

    // An embedded player, 20 s behind: its viewer still watches the first talk.
    agenda.stream.attach({ kind: 'embed', delaySeconds: 20 });
    expect(store.talkId).toBe(talkId('Interacting with patients during ultrasound'));
    store.setBody('About the ultrasound gel');
    await store.submit();
    expect(socket.sent('question:ask')[0]).toMatchObject({
      talkId: talkId('Interacting with patients during ultrasound'),
      streamTime: '2024-02-22T12:09:40.000Z',
    });
  });

  it('keeps a block open while the stream still shows it, and sends no stream time when nothing plays', async () => {
    const socket = new FakeLiveSocket();
    socket.respond('question:ask', echo);
    const at = cet('2024-02-22', '15:00');
    const { store, agenda } = await joinedStore({ socket, at });
    const block = part1.items.find((item) => item.kind === 'qa' && item.end === at)!;
    const phase = () => store.blocks.find((b) => b.id === block.id)?.phase;
    expect(phase()).toBe('ended');

    const release = agenda.stream.attach({ kind: 'embed', delaySeconds: 30 });
    expect(phase()).toBe('open');
    store.chooseBlock(block.id);
    expect(store.blockId).toBe(block.id);
    expect(store.canAsk).toBe(true);
    store.setBody('Just in time');
    await store.submit();
    expect(socket.sent('question:ask')[0]).toMatchObject({
      blockId: block.id,
      streamTime: '2024-02-22T13:59:30.000Z',
    });

    release();
    expect(phase()).toBe('ended');
    store.chooseBlock(store.choosableBlocks[0].id);
    store.setBody('About the next block');
    await store.submit();
    expect(socket.sent('question:ask')[1]).toMatchObject({ streamTime: null });
  });
});
