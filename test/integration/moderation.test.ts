import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { ModerationRequest, ModeratorQuestionView } from '../../shared/moderation.js';
import {
  connectLive,
  dataOf,
  issueGrant,
  request,
  SEED_SLUG,
  waitFor,
  waitForQuestion,
  waitForRemoval,
  type LiveClient,
} from '../utils/live-client.js';
import { useLiveSession } from '../utils/live-session.js';
import { TEST_ADMIN_TOKEN } from '../utils/test-app.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

describe('moderation, speakers and export', () => {
  const session = useLiveSession({ settingsAfterEach: { preModeration: false } });
  const { viewer, moderator, speaker, ask } = session;

  /** Acts with the question's current revision, as a moderator's screen would. */
  async function act(
    socket: LiveClient,
    question: { id: string },
    action: DistributiveOmit<ModerationRequest, 'questionId' | 'revision'>,
  ) {
    const snapshot = dataOf(await request(socket, 'mod:join', { partId: session.part.id }));
    const current = snapshot.questions.find((q) => q.id === question.id)!;
    return request(socket, 'mod:act', {
      ...action,
      questionId: question.id,
      revision: current.revision,
    });
  }

  it('takes a question from pending to answered, each role seeing what it should', async () => {
    const mod = await moderator();
    dataOf(await request(mod.socket, 'mod:settings', { partId: session.part.id, preModeration: true }));
    const asker = await viewer();
    const other = await viewer();
    const stage = await speaker();
    const otherSawIt = waitForQuestion(other.socket, (q) => q.body === 'Pending first?', 1500)
      .then(() => true)
      .catch(() => false);
    const modSawIt = waitFor(mod.socket, 'mod:question', (q) => q.body === 'Pending first?');

    const asked = await ask(asker.socket, 'Pending first?', 'Breaking bad news');
    expect(asked).toMatchObject({ status: 'pending', mine: true });
    expect((await modSawIt).status).toBe('pending');
    expect(await otherSawIt).toBe(false);
    expect((await viewer()).snapshot.questions.some((q) => q.id === asked.id)).toBe(false);

    const approvedForOther = waitForQuestion(
      other.socket,
      (q) => q.id === asked.id && q.status === 'visible',
    );
    expect(dataOf(await act(mod.socket, asked, { action: 'approve' })).status).toBe('visible');
    await approvedForOther;

    const queuedForSpeaker = waitFor(stage.socket, 'queue:changed', (q) =>
      q.queued.some((x) => x.id === asked.id),
    );
    expect(dataOf(await act(mod.socket, asked, { action: 'queue' }))).toMatchObject({
      status: 'queued',
      queuePosition: 1,
    });
    await queuedForSpeaker;

    const onAirForSpeaker = waitFor(stage.socket, 'queue:changed', (q) => q.onAir?.id === asked.id);
    const onAirForViewer = waitForQuestion(other.socket, (q) => q.id === asked.id && q.status === 'on_air');
    dataOf(await act(mod.socket, asked, { action: 'on_air', previous: 'answered' }));
    await Promise.all([onAirForSpeaker, onAirForViewer]);

    const answeredForAsker = waitFor(
      asker.socket,
      'question:upserted',
      (q) => q.id === asked.id && q.status === 'answered',
    );
    dataOf(await act(mod.socket, asked, { action: 'answered' }));
    expect((await answeredForAsker).mine).toBe(true);

    const history = dataOf(await request(mod.socket, 'mod:history', { questionId: asked.id }));
    expect(history.map((h) => h.action)).toEqual(['approve', 'queue', 'on_air', 'answered']);
    expect(history[0]).toMatchObject({ before: { status: 'pending' }, after: { status: 'visible' } });
  });

  it('never sends a hidden question to other viewers: not live, not in a snapshot, not in a catch-up', async () => {
    const mod = await moderator();
    const asker = await viewer();
    const other = await viewer();
    const question = await ask(asker.socket, 'Buy my course at example.com');
    const versionBefore = dataOf(
      await request(other.socket, 'part:join', { partId: session.part.id }),
    ).version;
    const removed = waitForRemoval(other.socket, question.id);
    const askerSees = waitFor(
      asker.socket,
      'question:upserted',
      (q) => q.id === question.id && q.status === 'hidden',
    );
    dataOf(await act(mod.socket, question, { action: 'hide' }));
    await Promise.all([removed, askerSees]);

    expect((await viewer()).snapshot.questions.some((q) => q.id === question.id)).toBe(false);
    const delta = dataOf(
      await request(other.socket, 'part:join', { partId: session.part.id, since: versionBefore }),
    );
    expect(delta.questions.some((q) => q.id === question.id)).toBe(false);
    expect(delta.removedIds).toContain(question.id);
    const own = dataOf(await request(asker.socket, 'part:join', { partId: session.part.id }));
    expect(own.questions.find((q) => q.id === question.id)).toMatchObject({ status: 'hidden', mine: true });
    // Hidden questions take no votes, so no count can reveal them.
    expect(
      await request(other.socket, 'question:vote', { questionId: question.id, voted: true }),
    ).toMatchObject({
      ok: false,
      error: 'question/not_found',
    });
  });

  it('merges a duplicate without counting anyone twice', async () => {
    const mod = await moderator();
    const [a, b, c, d] = await Promise.all([viewer(), viewer(), viewer(), viewer()]);
    const target = await ask(a.socket, 'How do I explain radiation dose?');
    const duplicate = await ask(b.socket, 'How to explain the radiation dose?');
    // c votes for both; a (who asked the target) votes for the duplicate, which cannot become
    // a vote for a's own question.
    for (const [voter, questions] of [
      [a, [duplicate]],
      [c, [target, duplicate]],
      [d, [duplicate]],
    ] as const) {
      for (const q of questions)
        dataOf(await request(voter.socket, 'question:vote', { questionId: q.id, voted: true }));
    }
    const merged = dataOf(await act(mod.socket, duplicate, { action: 'merge', intoId: target.id }));
    expect(merged).toMatchObject({ status: 'merged', mergedIntoId: target.id });
    const view = (await viewer()).snapshot.questions;
    expect(view.find((q) => q.id === target.id)?.votes).toBe(2);
    expect(view.some((q) => q.id === duplicate.id)).toBe(false);
    const dView = dataOf(await request(d.socket, 'part:join', { partId: session.part.id }));
    expect(dView.questions.find((q) => q.id === target.id)?.voted).toBe(true);
    const aView = dataOf(await request(a.socket, 'part:join', { partId: session.part.id }));
    expect(aView.questions.find((q) => q.id === target.id)).toMatchObject({ mine: true, voted: false });
  });

  it('refuses every moderator event to viewer and speaker tokens, and writes nothing', async () => {
    const asker = await viewer();
    const question = await ask(asker.socket, 'Leave me alone');
    const stage = await speaker();
    const events: [string, unknown][] = [
      ['mod:join', { partId: session.part.id }],
      ['mod:act', { action: 'hide', questionId: question.id, revision: 0 }],
      ['mod:act', { action: 'approve', questionId: question.id, revision: 0 }],
      ['mod:act', { action: 'edit', questionId: question.id, revision: 0, body: 'rewritten' }],
      ['mod:act', { action: 'queue', questionId: question.id, revision: 0 }],
      ['mod:act', { action: 'on_air', questionId: question.id, revision: 0, previous: 'answered' }],
      ['mod:act', { action: 'merge', questionId: question.id, revision: 0, intoId: randomUUID() }],
      ['mod:act', { action: 'star', questionId: question.id, revision: 0, starred: true }],
      ['mod:reorder', { partId: session.part.id, queueVersion: 0, order: [] }],
      ['mod:settings', { partId: session.part.id, preModeration: true }],
      ['mod:block', { blockId: session.blockId, state: 'closed' }],
      ['mod:history', { questionId: question.id }],
    ];
    for (const socket of [asker.socket, stage.socket]) {
      for (const [event, payload] of events) {
        const ack = (await request(socket, event as 'mod:join', payload as never)) as {
          ok: boolean;
          error?: string;
        };
        expect({ event, ...ack }).toMatchObject({ event, ok: false, error: 'auth/role_required' });
      }
    }
    const mod = await moderator();
    expect(mod.snapshot.questions.find((q) => q.id === question.id)).toMatchObject({
      status: 'visible',
      body: 'Leave me alone',
      revision: 0,
    });
    expect(mod.snapshot.preModeration).toBe(false);
  });

  it('cuts off a revoked link, on the open socket too', async () => {
    const grant = await issueGrant(session.server.url, TEST_ADMIN_TOKEN, SEED_SLUG, { role: 'moderator' });
    const mod = await moderator(grant.secret);
    const disconnected = new Promise((resolve) => mod.socket.on('disconnect', resolve));
    const response = await fetch(`${session.server.url}/api/events/${SEED_SLUG}/grants/${grant.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { revokedAt: string | null }).revokedAt).not.toBeNull();
    await disconnected;
    await expect(connectLive(session.server.url, { grant: grant.secret })).rejects.toThrow('auth/bad_grant');
  });

  it('runs authentication again when a dropped staff connection recovers its session', async () => {
    const grant = await issueGrant(session.server.url, TEST_ADMIN_TOKEN, SEED_SLUG, { role: 'moderator' });
    const mod = await moderator(grant.secret);
    // Receive one broadcast, so the client holds an offset and asks to recover its session.
    const asker = await viewer();
    const seen = waitFor(mod.socket, 'mod:question', (q) => q.body === 'Recover me?');
    await ask(asker.socket, 'Recover me?');
    await seen;
    mod.socket.io.engine.close(); // the transport drops; socket.io tries to recover within 2 minutes
    await fetch(`${session.server.url}/api/events/${SEED_SLUG}/grants/${grant.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    const refusal = await new Promise<Error>((resolve) => mod.socket.once('connect_error', resolve));
    expect(refusal.message).toBe('auth/bad_grant');
    expect(mod.socket.connected).toBe(false);
  });

  it('ends two moderators racing on one question in one state both see', async () => {
    const [first, second] = [await moderator(), await moderator()];
    const asker = await viewer();
    const question = await ask(asker.socket, 'Race for it');
    const revision = 0;
    const [hide, queue] = await Promise.all([
      request(first.socket, 'mod:act', { action: 'hide', questionId: question.id, revision }),
      request(second.socket, 'mod:act', { action: 'queue', questionId: question.id, revision }),
    ]);
    const outcomes = [hide, queue];
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.find((o) => !o.ok)).toMatchObject({ error: 'question/stale' });
    const winner = (outcomes.find((o) => o.ok) as { data: ModeratorQuestionView }).data;
    const [a, b] = await Promise.all(
      [first, second].map(async (m) =>
        dataOf(await request(m.socket, 'mod:join', { partId: session.part.id })),
      ),
    );
    expect(a.questions.find((q) => q.id === question.id)?.status).toBe(winner.status);
    expect(b.questions.find((q) => q.id === question.id)?.status).toBe(winner.status);
  });

  it('keeps one question on air when two moderators put different ones on air at once', async () => {
    const [first, second] = [await moderator(), await moderator()];
    const asker = await viewer();
    const q1 = await ask(asker.socket, 'On air one');
    const q2 = await ask(asker.socket, 'On air two');
    await Promise.all([
      request(first.socket, 'mod:act', {
        action: 'on_air',
        questionId: q1.id,
        revision: 0,
        previous: 'answered',
      }),
      request(second.socket, 'mod:act', {
        action: 'on_air',
        questionId: q2.id,
        revision: 0,
        previous: 'answered',
      }),
    ]);
    const snapshot = dataOf(await request(first.socket, 'mod:join', { partId: session.part.id }));
    expect(snapshot.questions.filter((q) => q.status === 'on_air')).toHaveLength(1);
    expect(snapshot.queue.onAir?.id).toBe(snapshot.questions.find((q) => q.status === 'on_air')?.id);
  });

  it('reorders the queue with a version check, and filters it for a named speaker', async () => {
    const mod = await moderator();
    const asker = await viewer();
    const aboutUltrasound = await ask(
      asker.socket,
      'Gel temperature?',
      'Interacting with patients during ultrasound',
    );
    const aboutBadNews = await ask(asker.socket, 'How to start the conversation?', 'Breaking bad news');
    for (const q of [aboutUltrasound, aboutBadNews]) dataOf(await act(mod.socket, q, { action: 'queue' }));
    const before = dataOf(await request(mod.socket, 'mod:join', { partId: session.part.id })).queue;
    const order = before.queued.map((q) => q.id).reverse();
    const after = dataOf(
      await request(mod.socket, 'mod:reorder', {
        partId: session.part.id,
        queueVersion: before.queueVersion,
        order,
      }),
    );
    expect(after.queued.map((q) => q.id)).toEqual(order);
    const stale = await request(mod.socket, 'mod:reorder', {
      partId: session.part.id,
      queueVersion: before.queueVersion,
      order,
    });
    expect(stale).toMatchObject({ ok: false, error: 'queue/stale' });

    const radzina = await speaker('M. Radzina');
    expect(radzina.snapshot.speakerName).toBe('M. Radzina');
    expect(radzina.snapshot.queued.map((q) => q.id)).toContain(aboutUltrasound.id);
    expect(radzina.snapshot.queued.map((q) => q.id)).not.toContain(aboutBadNews.id);
  });

  it('lets a speaker mark the question on air answered only when moderators allow it', async () => {
    const mod = await moderator();
    const asker = await viewer();
    const question = await ask(asker.socket, 'Speaker, please close this');
    dataOf(await act(mod.socket, question, { action: 'on_air', previous: 'answered' }));
    const stage = await speaker();
    expect(await request(stage.socket, 'speaker:answered', { questionId: question.id })).toMatchObject({
      ok: false,
    });
    dataOf(await request(mod.socket, 'mod:settings', { partId: session.part.id, speakersMayAnswer: true }));
    const queue = dataOf(await request(stage.socket, 'speaker:answered', { questionId: question.id }));
    expect(queue.onAir).toBeNull();
    dataOf(await request(mod.socket, 'mod:settings', { partId: session.part.id, speakersMayAnswer: false }));
  });

  it('closes and reopens a block by hand, overriding the clock', async () => {
    const mod = await moderator();
    const asker = await viewer();
    const closed = dataOf(
      await request(mod.socket, 'mod:block', { blockId: session.blockId, state: 'closed' }),
    );
    expect(closed).toMatchObject({ open: false, override: 'closed' });
    const refused = await request(asker.socket, 'question:ask', {
      id: randomUUID(),
      blockId: session.blockId,
      body: 'Still open?',
    });
    expect(refused).toMatchObject({ ok: false, error: 'block/closed' });
    expect(
      dataOf(await request(mod.socket, 'mod:block', { blockId: session.blockId, state: null })),
    ).toMatchObject({
      open: true,
      override: null,
    });
  });

  it('exports CSV that a real parser reads back intact, and JSON, for organizers and moderators', async () => {
    const asker = await viewer();
    const tricky = 'Quotes "like this", commas, and\na line break — Müller-Şahin’s “view”?';
    const question = dataOf(
      await request(asker.socket, 'question:ask', {
        id: randomUUID(),
        blockId: session.blockId,
        body: tricky,
        displayName: 'Zoë, MD',
      }),
    );
    const mod = await moderator();
    dataOf(await act(mod.socket, question, { action: 'edit', body: `${tricky} (edited)` }));
    const formula = await ask(asker.socket, '=HYPERLINK("http://evil")');

    const csvResponse = await fetch(`${session.server.url}/api/events/${SEED_SLUG}/questions.csv`, {
      headers: { Authorization: `Bearer ${session.moderatorSecret}` },
    });
    expect(csvResponse.status).toBe(200);
    const records = parse<Record<string, string>>(await csvResponse.text(), { columns: true, bom: true });
    const row = records.find((r) => r.id === question.id)!;
    expect(row.text).toBe(`${tricky} (edited)`);
    expect(row.original_text).toBe(tricky);
    expect(row.display_name).toBe('Zoë, MD');
    expect(row.block).toContain('Q&A Session');
    expect(records.find((r) => r.id === formula.id)?.text).toBe(`'=HYPERLINK("http://evil")`);

    const json = await fetch(
      `${session.server.url}/api/events/${SEED_SLUG}/questions.json?block=${session.blockId}`,
      {
        headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      },
    );
    expect(((await json.json()) as { id: string }[]).some((r) => r.id === question.id)).toBe(true);
    const { token } = (await (
      await fetch(`${session.server.url}/api/participants`, { method: 'POST' })
    ).json()) as {
      token: string;
    };
    const refused = await fetch(`${session.server.url}/api/events/${SEED_SLUG}/questions.csv`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(refused.status).toBe(401);
  });
});
