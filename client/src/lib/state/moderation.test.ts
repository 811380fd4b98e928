import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ModeratorQuestionView } from '../../../../shared/moderation.js';
import { FakeLiveSocket, ok } from '../../../test-support/fake-socket.svelte.js';
import { makeModQuestion, makeModSnapshot, publicView, queueOf } from '../../../test-support/moderation.js';
import { agendaAt, blocksOf, part1 } from '../../../test-support/questions.js';
import { cet, seedEvent } from '../../../test-support/seed-event.js';
import { ModerationStore, type IncomingView } from './moderation.svelte.js';

const AT = cet('2024-02-22', '13:20');

const stores: ModerationStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.destroy();
});

async function joinedStore(questions: ModeratorQuestionView[] = [], socket = new FakeLiveSocket()) {
  const agenda = await agendaAt(AT);
  if (!socket.scripted('mod:join')) socket.respond('mod:join', () => ok(makeModSnapshot(questions)));
  const store = new ModerationStore('p1', { connection: socket, agenda });
  stores.push(store);
  store.start();
  await vi.waitFor(() => expect(store.joined).toBe(true));
  return { store, socket };
}

const stale = {
  ok: false as const,
  error: 'question/stale' as const,
  message: 'Someone changed this question.',
};

describe('ModerationStore: snapshot and pushes', () => {
  it('sorts the snapshot into columns: pending first in Incoming, the queue in order, on air, answered, hidden', async () => {
    const pending = makeModQuestion({ status: 'pending', votes: 0, body: 'Pending' });
    const popular = makeModQuestion({ votes: 9, body: 'Popular' });
    const quiet = makeModQuestion({ votes: 1, body: 'Quiet' });
    const second = makeModQuestion({ status: 'queued', queuePosition: 2, body: 'Second' });
    const first = makeModQuestion({ status: 'queued', queuePosition: 1, body: 'First' });
    const onAir = makeModQuestion({ status: 'on_air', body: 'On air' });
    const done = makeModQuestion({ status: 'answered', body: 'Done' });
    const hidden = makeModQuestion({ status: 'hidden', body: 'Spam' });
    const merged = makeModQuestion({ status: 'merged', body: 'Duplicate' });
    const { store } = await joinedStore([
      pending,
      quiet,
      popular,
      second,
      first,
      onAir,
      done,
      hidden,
      merged,
    ]);

    const byVotes = { sort: 'votes', talkFilter: 'all', search: '' } as const;
    expect(store.incomingBy(byVotes).map((q) => q.body)).toEqual(['Pending', 'Popular', 'Quiet']);
    expect(store.queue.map((q) => q.body)).toEqual(['First', 'Second']);
    expect(store.onAir?.body).toBe('On air');
    expect(store.answered.map((q) => q.body)).toEqual(['Done']);
    expect(store.hidden.map((q) => q.body)).toEqual(['Spam']);
    expect(store.blocks.find((b) => b.blockId === 'p1-i4')?.counters).toEqual({
      pending: 1,
      visible: 2,
      queued: 3,
      answered: 1,
      hidden: 1,
    });
  });

  it('filters Incoming by talk and by text, and sorts by time', async () => {
    const talk = part1.items[0].id;
    const a = makeModQuestion({
      talkId: talk,
      body: 'Gel temperature?',
      createdAt: cet('2024-02-22', '13:05'),
    });
    const b = makeModQuestion({ body: 'Général question', votes: 3, createdAt: cet('2024-02-22', '13:01') });
    const { store } = await joinedStore([a, b]);

    const shown = (view: Partial<IncomingView>) =>
      store.incomingBy({ sort: 'votes', talkFilter: 'all', search: '', ...view }).map((q) => q.id);
    expect(shown({ talkFilter: talk })).toEqual([a.id]);
    expect(shown({ talkFilter: 'general' })).toEqual([b.id]);
    expect(shown({ search: 'general' })).toEqual([b.id]);
    expect(shown({ sort: 'time' })).toEqual([b.id, a.id]);
  });

  it('applies mod:question, queue:changed, votes:changed, settings:changed and agenda:changed', async () => {
    const q = makeModQuestion({ version: 5 });
    const { store, socket } = await joinedStore([q]);

    socket.push('mod:question', { ...q, status: 'queued', queuePosition: 1, revision: 1, version: 6 });
    socket.push('mod:question', { ...q, body: 'older', version: 4 });
    socket.push('mod:question', { ...q, id: 'elsewhere', partId: 'p2', version: 9 });
    expect(store.questions.get(q.id)).toMatchObject({ status: 'queued', body: q.body });
    expect(store.questions.has('elsewhere')).toBe(false);

    const queued = store.questions.get(q.id)!;
    socket.push('queue:changed', queueOf([queued], 7));
    expect(store.queueState?.queueVersion).toBe(7);
    socket.push('queue:changed', queueOf([], 6));
    expect(store.queueState?.queueVersion).toBe(7);

    socket.push('votes:changed', {
      partId: 'p1',
      version: 10,
      counts: [
        { id: q.id, votes: 4 },
        { id: 'x', votes: 1 },
      ],
    });
    expect(store.questions.get(q.id)?.votes).toBe(4);

    socket.push('settings:changed', {
      eventSlug: seedEvent.slug,
      preModeration: true,
      speakersMayAnswer: true,
      holdPatientData: false,
      holdProfanity: true,
    });
    expect(store.holdPatientData).toBe(false);
    expect(store.preModeration).toBe(true);
    expect(store.speakersMayAnswer).toBe(true);

    const blocks = blocksOf(part1, AT).map((b) =>
      b.blockId === 'p1-i4' ? { ...b, open: false, override: 'closed' as const } : b,
    );
    socket.push('agenda:changed', {
      eventSlug: seedEvent.slug,
      serverTime: AT,
      clockRate: 1,
      agenda: { at: AT, current: null, next: null, nextQa: null, secondsToNextQa: null },
      blocks,
    });
    expect(store.blocks.find((b) => b.blockId === 'p1-i4')).toMatchObject({
      open: false,
      override: 'closed',
    });
  });

  it('takes a fresh snapshot after every reconnection', async () => {
    const q = makeModQuestion();
    const socket = new FakeLiveSocket();
    socket.respond(
      'mod:join',
      () => ok(makeModSnapshot([q])),
      () => ok(makeModSnapshot([{ ...q, status: 'hidden', revision: 1, version: 3 }])),
    );
    const { store } = await joinedStore([], socket);
    socket.goOffline();
    socket.goOnline();
    await vi.waitFor(() => expect(store.hidden.map((h) => h.id)).toEqual([q.id]));
    expect(socket.sent('mod:join')).toEqual([{ partId: 'p1' }, { partId: 'p1' }]);
  });
});

describe('ModerationStore: actions', () => {
  it('sends every action with the question’s current revision', async () => {
    const q = makeModQuestion({ revision: 3, status: 'pending' });
    const into = makeModQuestion();
    const socket = new FakeLiveSocket();
    socket.respond('mod:act', (request) =>
      ok({ ...q, status: request.action === 'approve' ? 'visible' : q.status, revision: 4, version: 9 }),
    );
    const { store } = await joinedStore([q, into], socket);

    expect(await store.approve(q.id)).toBe(true);
    expect(store.questions.get(q.id)).toMatchObject({ status: 'visible', revision: 4 });
    await store.toggleStar(q.id);
    await store.edit(q.id, 'Better words');
    await store.putOnAir(q.id);
    await store.merge(q.id, into.id);
    expect(socket.sent('mod:act')).toEqual([
      { action: 'approve', questionId: q.id, revision: 3 },
      { action: 'star', questionId: q.id, revision: 4, starred: true },
      { action: 'edit', questionId: q.id, revision: 4, body: 'Better words' },
      { action: 'on_air', questionId: q.id, revision: 4, previous: 'queued' },
      { action: 'merge', questionId: q.id, revision: 4, intoId: into.id },
    ]);
  });

  it('"Next" puts the first queued question on air and the one on air becomes answered', async () => {
    const onAir = makeModQuestion({ status: 'on_air' });
    const first = makeModQuestion({ status: 'queued', queuePosition: 1, revision: 2 });
    const second = makeModQuestion({ status: 'queued', queuePosition: 2 });
    const socket = new FakeLiveSocket();
    socket.respond('mod:act', () => ok({ ...first, status: 'on_air', revision: 3, version: 4 }));
    const { store } = await joinedStore([onAir, second, first], socket);

    await store.next();
    expect(socket.sent('mod:act')).toEqual([
      { action: 'on_air', questionId: first.id, revision: 2, previous: 'answered' },
    ]);
  });

  it('on question/stale, says so and keeps the state the server pushes', async () => {
    const q = makeModQuestion({ revision: 1 });
    const socket = new FakeLiveSocket();
    socket.respond('mod:act', () => {
      // Another moderator's change reaches this room before the refusal.
      socket.push('mod:question', { ...q, status: 'hidden', revision: 2, version: 5 });
      return stale;
    });
    const { store } = await joinedStore([q], socket);

    expect(await store.enqueue(q.id)).toBe(false);
    expect(store.notice).toEqual({
      kind: 'info',
      text: 'Someone changed this question. The list now shows its current state.',
    });
    expect(store.questions.get(q.id)).toMatchObject({ status: 'hidden', revision: 2 });
    // The push came: no new snapshot needed.
    expect(socket.sent('mod:join')).toHaveLength(1);
  });

  it('on question/stale without a push, takes a fresh snapshot', async () => {
    const q = makeModQuestion({ revision: 1 });
    const socket = new FakeLiveSocket();
    socket
      .respond(
        'mod:join',
        () => ok(makeModSnapshot([q])),
        () => ok(makeModSnapshot([{ ...q, status: 'answered', revision: 2, version: 5 }])),
      )
      .respond('mod:act', () => stale);
    const { store } = await joinedStore([], socket);

    await store.hide(q.id);
    await vi.waitFor(() => expect(store.questions.get(q.id)?.status).toBe('answered'));
  });

  it('shows the server’s message when it refuses an action', async () => {
    const q = makeModQuestion();
    const socket = new FakeLiveSocket();
    socket.respond('mod:act', () => ({
      ok: false,
      error: 'question/bad_transition',
      message: 'This question is hidden, so it cannot be queued.',
    }));
    const { store } = await joinedStore([q], socket);
    await store.enqueue(q.id);
    expect(store.notice).toEqual({ kind: 'error', text: 'This question is hidden, so it cannot be queued.' });
  });

  it('changes the settings and a block’s state, and asks for a question’s history', async () => {
    const q = makeModQuestion();
    const socket = new FakeLiveSocket();
    const block = blocksOf(part1, AT)[0];
    socket
      .respond('mod:settings', (request) =>
        ok({
          eventSlug: seedEvent.slug,
          preModeration: request.preModeration ?? false,
          speakersMayAnswer: request.speakersMayAnswer ?? false,
          holdPatientData: request.holdPatientData ?? true,
          holdProfanity: request.holdProfanity ?? true,
        }),
      )
      .respond('mod:block', (request) => ok({ ...block, open: false, override: request.state }))
      .respond('mod:history', () =>
        ok([
          {
            at: AT,
            actor: 'moderator:g1',
            actorLabel: 'Anna',
            action: 'approve',
            questionId: q.id,
            before: null,
            after: null,
          },
        ]),
      );
    const { store } = await joinedStore([q], socket);

    await store.setPreModeration(true);
    expect(socket.sent('mod:settings')).toEqual([{ partId: 'p1', preModeration: true }]);
    expect(store.preModeration).toBe(true);

    await store.setBlockState(block.blockId, 'closed');
    expect(socket.sent('mod:block')).toEqual([{ blockId: block.blockId, state: 'closed' }]);
    expect(store.blocks.find((b) => b.blockId === block.blockId)?.override).toBe('closed');

    await store.loadHistory(q.id);
    expect(store.histories.get(q.id)).toMatchObject({ status: 'ready', entries: [{ action: 'approve' }] });
  });
});

describe('ModerationStore: reordering', () => {
  const queued = () => [
    makeModQuestion({ status: 'queued', queuePosition: 1, body: 'A' }),
    makeModQuestion({ status: 'queued', queuePosition: 2, body: 'B' }),
    makeModQuestion({ status: 'queued', queuePosition: 3, body: 'C' }),
  ];

  it('sends the whole new order with the queue version, and chains quick moves', async () => {
    const [a, b, c] = queued();
    const socket = new FakeLiveSocket();
    let version = 4;
    socket
      .respond('mod:join', () => ok(makeModSnapshot([a, b, c], { queue: queueOf([a, b, c], 4) })))
      .respond('mod:reorder', (request) => {
        version += 1;
        const byId = new Map([a, b, c].map((q) => [q.id, q]));
        return ok({ ...queueOf([], version), queued: request.order.map((id) => publicView(byId.get(id)!)) });
      });
    const { store } = await joinedStore([], socket);

    const first = store.move(c.id, -1);
    expect(store.queue.map((q) => q.body)).toEqual(['A', 'C', 'B']);
    const second = store.move(c.id, -1);
    expect(store.queue.map((q) => q.body)).toEqual(['C', 'A', 'B']);
    await Promise.all([first, second]);

    expect(socket.sent('mod:reorder')).toEqual([
      { partId: 'p1', queueVersion: 4, order: [a.id, c.id, b.id] },
      { partId: 'p1', queueVersion: 5, order: [c.id, a.id, b.id] },
    ]);
    expect(store.queueState?.queueVersion).toBe(6);
    expect(store.pendingOrder).toBeNull();
  });

  it('on queue/stale, reloads the queue and tells the moderator', async () => {
    const [a, b, c] = queued();
    const socket = new FakeLiveSocket();
    socket
      .respond(
        'mod:join',
        () => ok(makeModSnapshot([a, b, c], { queue: queueOf([a, b, c], 4) })),
        () =>
          ok(
            makeModSnapshot([a, b, c], {
              queue: { ...queueOf([a, b, c], 6), queued: [c, a, b].map(publicView) },
            }),
          ),
      )
      .respond('mod:reorder', () => ({ ok: false, error: 'queue/stale', message: 'The queue changed.' }));
    const { store } = await joinedStore([], socket);

    await store.move(a.id, 1);
    expect(store.notice?.text).toBe(
      'The queue changed while you were reordering it. Here it is again; reorder once more.',
    );
    expect(socket.sent('mod:join')).toHaveLength(2);
    expect(store.queueState?.queueVersion).toBe(6);
    expect(store.queue.map((q) => q.body)).toEqual(['C', 'A', 'B']);
  });
});
