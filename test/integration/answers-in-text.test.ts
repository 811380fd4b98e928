import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { MAX_REPLY_LENGTH } from '../../shared/limits.js';
import type { ModerationRequest, ModeratorQuestionView } from '../../shared/moderation.js';
import type { PublishedAnswers } from '../../shared/questions.js';
import {
  dataOf,
  issueGrant,
  request,
  SEED_SLUG,
  waitFor,
  waitForQuestion,
  type LiveClient,
} from '../utils/live-client.js';
import { useLiveSession } from '../utils/live-session.js';
import { TEST_ADMIN_TOKEN } from '../utils/test-app.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The talk of M. Radzina, the named speaker of these tests. */
const ULTRASOUND = 'Interacting with patients during ultrasound';

// Issue 13, "Answers in text": `mod:act { action: "reply" }` on both engines, as every role sees it.
describe('answers in text', () => {
  const session = useLiveSession({ settingsAfterEach: { preModeration: false, speakersMayAnswer: false } });
  const { viewer, moderator, speaker, ask } = session;

  /** A moderator link labelled `label`, joined to the part. */
  async function labelledModerator(label: string) {
    const grant = await issueGrant(session.server.url, TEST_ADMIN_TOKEN, SEED_SLUG, {
      role: 'moderator',
      label,
    });
    return moderator(grant.secret);
  }

  /** The question as moderators see it now (its revision included). */
  async function current(socket: LiveClient, id: string): Promise<ModeratorQuestionView> {
    const snapshot = dataOf(await request(socket, 'mod:join', { partId: session.part.id }));
    return snapshot.questions.find((q) => q.id === id)!;
  }

  async function act(
    socket: LiveClient,
    question: { id: string },
    action: DistributiveOmit<ModerationRequest, 'questionId' | 'revision'>,
    revisionFrom: LiveClient = socket,
  ) {
    const { revision } = await current(revisionFrom, question.id);
    return request(socket, 'mod:act', { ...action, questionId: question.id, revision });
  }

  it('answers a question in text: viewers, the asker and moderators all get answeredHow and the reply', async () => {
    const anna = await labelledModerator('Anna');
    const asker = await viewer();
    const other = await viewer();
    const question = await ask(asker.socket, 'Is there a handout for the SPIKES steps?', 'Breaking bad news');
    expect(question).toMatchObject({ answeredHow: null, reply: null });

    // Other viewers get it in the part's batch; the asker at once, in their own room.
    const otherSees = waitForQuestion(other.socket, (q) => q.id === question.id && q.reply !== null);
    const askerSees = waitFor(
      asker.socket,
      'question:upserted',
      (q) => q.id === question.id && q.reply !== null,
    );
    const moderatorsSee = waitFor(
      anna.socket,
      'mod:question',
      (q) => q.id === question.id && q.reply !== null,
    );
    const answered = dataOf(
      await act(anna.socket, question, { action: 'reply', text: '  Yes: the slides link to it.  ' }),
    );
    expect(answered).toMatchObject({
      status: 'answered',
      answeredHow: 'text',
      reply: { text: 'Yes: the slides link to it.', by: 'Anna' },
    });
    expect(Date.parse(answered.reply!.at)).not.toBeNaN();
    expect(answered.answeredAt).not.toBeNull();
    for (const seen of [await otherSees, await askerSees, await moderatorsSee]) {
      expect(seen).toMatchObject({ status: 'answered', answeredHow: 'text', reply: answered.reply });
    }
    expect((await askerSees).mine).toBe(true);
    // A snapshot (a reload, a late joiner) carries it too.
    const late = await viewer();
    expect(late.snapshot.questions.find((q) => q.id === question.id)).toMatchObject({
      answeredHow: 'text',
      reply: { text: 'Yes: the slides link to it.', by: 'Anna' },
    });
  });

  it('edits a reply, keeping both texts in the history; marking answered live clears it', async () => {
    const anna = await labelledModerator('Anna');
    const ben = await labelledModerator('Ben');
    const asker = await viewer();
    const question = await ask(asker.socket, 'Which dose chart do you use?');
    const first = dataOf(await act(anna.socket, question, { action: 'reply', text: 'The ICRP one.' }));
    const edited = dataOf(await act(ben.socket, question, { action: 'reply', text: 'The ICRP 103 one.' }));
    expect(edited).toMatchObject({
      status: 'answered',
      answeredHow: 'text',
      reply: { text: 'The ICRP 103 one.', by: 'Ben' },
    });
    // Still answered since the first reply: the edit is not a new answer.
    expect(edited.answeredAt).toBe(first.answeredAt);

    const history = dataOf(await request(anna.socket, 'mod:history', { questionId: question.id }));
    expect(history.map((h) => [h.action, h.actorLabel])).toEqual([
      ['reply', 'Anna'],
      ['reply', 'Ben'],
    ]);
    expect(history[0]).toMatchObject({
      before: { status: 'visible', reply: null },
      after: { status: 'answered', answeredHow: 'text', reply: 'The ICRP one.' },
    });
    expect(history[1]).toMatchObject({
      before: { reply: 'The ICRP one.' },
      after: { reply: 'The ICRP 103 one.' },
    });

    // Answered on the stream after all: live, no reply.
    dataOf(await act(anna.socket, question, { action: 'queue' }));
    const queued = await current(anna.socket, question.id);
    expect(queued).toMatchObject({ status: 'queued', answeredHow: null, reply: null });
    const live = dataOf(await act(anna.socket, question, { action: 'answered' }));
    expect(live).toMatchObject({ status: 'answered', answeredHow: 'live', reply: null });
  });

  it('takes a question on air off air when it is answered in text, and tells the speakers', async () => {
    const mod = await moderator();
    const stage = await speaker();
    const asker = await viewer();
    const question = await ask(asker.socket, 'Could you post the reference?');
    dataOf(await act(mod.socket, question, { action: 'on_air', previous: 'answered' }));
    const offAir = waitFor(stage.socket, 'queue:changed', (q) => q.onAir === null);
    const answered = dataOf(
      await act(mod.socket, question, { action: 'reply', text: 'Posted in the chat.' }),
    );
    expect(answered).toMatchObject({ status: 'answered', answeredHow: 'text', queuePosition: null });
    await offAir;
  });

  it('refuses a reply that is empty, too long, stale, to a held question, or not text, and writes nothing', async () => {
    const mod = await moderator();
    const asker = await viewer();
    const question = await ask(asker.socket, 'Length limits?');
    const { revision } = await current(mod.socket, question.id);
    const send = (payload: Record<string, unknown>) =>
      request(mod.socket, 'mod:act', {
        action: 'reply',
        questionId: question.id,
        revision,
        ...payload,
      } as never);

    for (const text of ['', '   \n ', 'x'.repeat(MAX_REPLY_LENGTH + 1)]) {
      const refused = await send({ text });
      expect(refused).toMatchObject({ ok: false, error: 'request/invalid' });
      expect((refused as { message: string }).message).toMatch(
        /"text" must be the answer in text, 1 to 2,000 characters/,
      );
    }
    for (const text of [42, undefined]) {
      expect(await send({ text })).toMatchObject({ ok: false, error: 'request/invalid', message: /"text"/ });
    }
    // 2,000 code points is the limit, not 2,000 UTF-16 units: 2,000 emoji fit.
    const longest = '🩻'.repeat(MAX_REPLY_LENGTH);
    expect(dataOf(await send({ text: longest })).reply?.text).toBe(longest);

    // The revision moved with that reply: the one sent before is stale now.
    const stale = await send({ text: 'Too late' });
    expect(stale).toMatchObject({ ok: false, error: 'question/stale' });
    expect((await current(mod.socket, question.id)).reply?.text).toBe(longest);

    // A held question is approved (or edited) first.
    dataOf(await request(mod.socket, 'mod:settings', { partId: session.part.id, preModeration: true }));
    const held = await ask(asker.socket, 'Held for review?');
    const refused = await act(mod.socket, held, { action: 'reply', text: 'An answer' });
    expect(refused).toMatchObject({ ok: false, error: 'question/bad_transition' });
    expect((refused as { message: string }).message).toContain('Approve it');
    expect(await current(mod.socket, held.id)).toMatchObject({ status: 'pending', reply: null });
  });

  it('lets a speaker answer in text only when allowed, and a named speaker only about their talks', async () => {
    const mod = await moderator();
    const asker = await viewer();
    const aboutUltrasound = await ask(
      asker.socket,
      'Gel or no gel?',
      'Interacting with patients during ultrasound',
    );
    const aboutBadNews = await ask(asker.socket, 'Silence: how long?', 'Breaking bad news');
    const radzina = await speaker('M. Radzina');

    const notAllowed = await act(
      radzina.socket,
      aboutUltrasound,
      { action: 'reply', text: 'Gel.' },
      mod.socket,
    );
    expect(notAllowed).toMatchObject({ ok: false, error: 'auth/role_required' });
    expect((notAllowed as { message: string }).message).toContain('not let speakers');
    expect((await current(mod.socket, aboutUltrasound.id)).reply).toBeNull();

    dataOf(await request(mod.socket, 'mod:settings', { partId: session.part.id, speakersMayAnswer: true }));
    const viewerSees = waitFor(
      asker.socket,
      'question:upserted',
      (q) => q.id === aboutUltrasound.id && q.reply !== null,
    );
    const answered = dataOf(
      await act(radzina.socket, aboutUltrasound, { action: 'reply', text: 'Warm gel, always.' }, mod.socket),
    );
    expect(answered).toMatchObject({
      answeredHow: 'text',
      reply: { text: 'Warm gel, always.', by: 'M. Radzina' },
    });
    expect((await viewerSees).reply?.by).toBe('M. Radzina');
    const history = dataOf(await request(mod.socket, 'mod:history', { questionId: aboutUltrasound.id }));
    expect(history.at(-1)).toMatchObject({ action: 'reply', actor: expect.stringMatching(/^speaker:/) });

    const otherTalk = await act(
      radzina.socket,
      aboutBadNews,
      { action: 'reply', text: 'Not mine.' },
      mod.socket,
    );
    expect(otherTalk).toMatchObject({ ok: false, error: 'auth/role_required' });
    // Speakers still may not do what only moderators do.
    const hide = await act(radzina.socket, aboutBadNews, { action: 'hide' }, mod.socket);
    expect(hide).toMatchObject({ ok: false, error: 'auth/role_required' });
    expect(await current(mod.socket, aboutBadNews.id)).toMatchObject({ status: 'visible', reply: null });
  });

  it('lets a speaker answer a queued question with the revision the queue carries, and refuses a stale one', async () => {
    const mod = await moderator();
    const asker = await viewer();
    const question = await ask(asker.socket, 'Cold gel: does it matter?', ULTRASOUND);
    const other = await ask(asker.socket, 'And the room temperature?', ULTRASOUND);
    dataOf(await act(mod.socket, question, { action: 'queue' }));
    dataOf(await act(mod.socket, other, { action: 'queue' }));
    dataOf(await request(mod.socket, 'mod:settings', { partId: session.part.id, speakersMayAnswer: true }));
    const radzina = await speaker('M. Radzina');
    const queued = radzina.snapshot.queued.find((q) => q.id === question.id)!;
    expect(queued.revision).toBe((await current(mod.socket, question.id)).revision);
    const reply = (revision: number, questionId = question.id) =>
      request(radzina.socket, 'mod:act', { action: 'reply', questionId, revision, text: 'Warm it first.' });

    const stale = await reply(queued.revision - 1);
    expect(stale).toMatchObject({ ok: false, error: 'question/stale' });
    expect(await current(mod.socket, question.id)).toMatchObject({ status: 'queued', reply: null });

    const leaves = waitFor(
      radzina.socket,
      'queue:changed',
      (q) => !q.queued.some((x) => x.id === question.id),
    );
    const listed = waitFor(radzina.socket, 'speaker:question', (q) => q.id === question.id);
    expect(dataOf(await reply(queued.revision))).toMatchObject({
      status: 'answered',
      answeredHow: 'text',
      reply: { text: 'Warm it first.', by: 'M. Radzina' },
    });
    await leaves;
    expect(await listed).toMatchObject({
      status: 'answered',
      answeredHow: 'text',
      reply: { text: 'Warm it first.', by: 'M. Radzina' },
      revision: queued.revision + 1,
    });

    // Switched off again: the queue's revision is right, the speaker still may not.
    dataOf(await request(mod.socket, 'mod:settings', { partId: session.part.id, speakersMayAnswer: false }));
    const { revision } = (await speaker('M. Radzina')).snapshot.queued.find((q) => q.id === other.id)!;
    const refused = await reply(revision, other.id);
    expect(refused).toMatchObject({ ok: false, error: 'auth/role_required', message: /not let speakers/ });
    expect(await current(mod.socket, other.id)).toMatchObject({ status: 'queued', reply: null });
  });

  it('keeps the speakers’ answered-in-text list live, each named speaker with their own talks only', async () => {
    const anna = await labelledModerator('Anna');
    const asker = await viewer();
    const panel = await speaker();
    const radzina = await speaker('M. Radzina');
    const theirs = await ask(asker.socket, 'Gel warmer brand?', ULTRASOUND);
    const notTheirs = await ask(asker.socket, 'SPIKES in German?', 'Breaking bad news');
    const radzinaGot: string[] = [];
    radzina.socket.on('speaker:question', (q) => radzinaGot.push(q.id));

    const panelSees = waitFor(panel.socket, 'speaker:question', (q) => q.id === notTheirs.id);
    dataOf(await act(anna.socket, notTheirs, { action: 'reply', text: 'Yes, on the course page.' }));
    expect(await panelSees).toMatchObject({
      status: 'answered',
      answeredHow: 'text',
      reply: { text: 'Yes, on the course page.', by: 'Anna' },
    });
    const radzinaSees = waitFor(radzina.socket, 'speaker:question', (q) => q.id === theirs.id);
    dataOf(await act(anna.socket, theirs, { action: 'reply', text: 'Any will do.' }));
    expect((await radzinaSees).reply).toMatchObject({ text: 'Any will do.', by: 'Anna' });
    // Sent in order to her room: the other talk's answer, sent first, would have come first.
    expect(radzinaGot).toEqual([theirs.id]);

    // Joining again (a reload): the list is in the snapshot, latest answer first, hers only.
    const panelIds = (await speaker()).snapshot.answeredInText.map((q) => q.id);
    expect(panelIds.indexOf(theirs.id)).toBeLessThan(panelIds.indexOf(notTheirs.id));
    expect(panelIds.indexOf(theirs.id)).toBeGreaterThanOrEqual(0);
    const hers = (await speaker('M. Radzina')).snapshot.answeredInText;
    expect(hers.map((q) => q.id)).toContain(theirs.id);
    expect(hers.map((q) => q.id)).not.toContain(notTheirs.id);
    expect(hers.find((q) => q.id === theirs.id)).toMatchObject({ reply: { text: 'Any will do.' } });

    // Queued again, it leaves the list: the push says it is no longer answered in text.
    const leaves = waitFor(radzina.socket, 'speaker:question', (q) => q.id === theirs.id && q.reply === null);
    dataOf(await act(anna.socket, theirs, { action: 'queue' }));
    expect(await leaves).toMatchObject({ status: 'queued', answeredHow: null });
    expect((await speaker('M. Radzina')).snapshot.answeredInText.map((q) => q.id)).not.toContain(theirs.id);
  });

  it('publishes the answered questions as a public page only when the organizer switches it on', async () => {
    const anna = await labelledModerator('Anna');
    const asker = await viewer();
    const inText = await ask(asker.socket, 'Published in text?', 'Breaking bad news');
    const live = await ask(asker.socket, 'Published live?');
    const open = await ask(asker.socket, 'Never answered');
    dataOf(await act(anna.socket, inText, { action: 'reply', text: 'Yes, here.' }));
    dataOf(await act(anna.socket, live, { action: 'answered' }));
    const page = () => fetch(`${session.server.url}/api/events/${SEED_SLUG}/answers`);
    const settings = (answersPublished: boolean) =>
      fetch(`${session.server.url}/api/events/${SEED_SLUG}/settings`, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ answersPublished }),
      });

    const before = await page();
    expect(before.status).toBe(404);
    expect(await before.json()).toMatchObject({ error: 'answers/not_published' });
    const refused = await fetch(`${session.server.url}/api/events/${SEED_SLUG}/settings`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ answersPublished: true }),
    });
    expect(refused.status).toBe(401);
    const bad = await fetch(`${session.server.url}/api/events/${SEED_SLUG}/settings`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ answersPublished: 'yes' }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'request/invalid', message: /"answersPublished"/ });

    try {
      const switched = await settings(true);
      expect(switched.status).toBe(200);
      expect(await switched.json()).toMatchObject({ answersPublished: true });
      const published = await page();
      expect(published.status).toBe(200);
      const body = (await published.json()) as PublishedAnswers;
      const answers = body.parts.flatMap((p) => p.blocks.flatMap((b) => b.answers));
      expect(answers.find((a) => a.id === inText.id)).toMatchObject({
        body: 'Published in text?',
        talkTitle: 'Breaking bad news',
        answeredHow: 'text',
        reply: { text: 'Yes, here.', by: 'Anna' },
      });
      expect(answers.find((a) => a.id === live.id)).toMatchObject({ answeredHow: 'live', reply: null });
      expect(answers.some((a) => a.id === open.id)).toBe(false);
      // Nothing that identifies an asker beyond the name they chose to show.
      expect(JSON.stringify(body)).not.toContain('participant');
      const block = body.parts[0].blocks.find((b) => b.blockId === session.blockId)!;
      expect(block.answers.map((a) => a.id)).toEqual(expect.arrayContaining([inText.id, live.id]));
    } finally {
      expect((await settings(false)).status).toBe(200);
    }
    expect((await page()).status).toBe(404);
  });

  it('exports answeredHow and the reply in CSV and JSON', async () => {
    const anna = await labelledModerator('Anna');
    const asker = await viewer();
    const inText = await ask(asker.socket, 'Export me in text');
    const live = await ask(asker.socket, 'Export me live');
    dataOf(await act(anna.socket, inText, { action: 'reply', text: 'Answered, "quoted", here.' }));
    dataOf(await act(anna.socket, live, { action: 'answered' }));

    const csv = await fetch(`${session.server.url}/api/events/${SEED_SLUG}/questions.csv`, {
      headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    const records = parse<Record<string, string>>(await csv.text(), { columns: true, bom: true });
    expect(records.find((r) => r.id === inText.id)).toMatchObject({
      state: 'answered',
      answered_how: 'text',
      reply: 'Answered, "quoted", here.',
      reply_by: 'Anna',
    });
    expect(records.find((r) => r.id === live.id)).toMatchObject({ answered_how: 'live', reply: '' });

    const json = (await (
      await fetch(`${session.server.url}/api/events/${SEED_SLUG}/questions.json`, {
        headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      })
    ).json()) as Record<string, unknown>[];
    expect(json.find((r) => r.id === inText.id)).toMatchObject({ answered_how: 'text', reply_by: 'Anna' });
    expect(json.find((r) => r.id === live.id)).toMatchObject({ answered_how: 'live', reply: null });
  });
});
