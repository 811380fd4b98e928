// The service tier of moderation: ModerationService taken from the running app's DI and called
// directly, with principals from real links, questions and votes from real viewers, and the real
// database. The socket tests (moderation.test.ts) show what each role sees; these pin down what
// each action stores, what it refuses, and that an action is one transaction.
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { MAX_QUESTION_LENGTH } from '../../shared/limits.js';
import type { ModerationRequest, ModeratorQuestionView } from '../../shared/moderation.js';
import type { QuestionView } from '../../shared/questions.js';
import { GrantsService, type StaffPrincipal } from '../../server/src/modules/grants/grants.service.js';
import { ModerationService } from '../../server/src/modules/moderation/moderation.service.js';
import { SpeakerQueueService } from '../../server/src/modules/moderation/speaker-queue.service.js';
import { dataOf, issueGrant, request, SEED_SLUG } from '../utils/live-client.js';
import { useLiveSession } from '../utils/live-session.js';
import { TEST_ADMIN_TOKEN } from '../utils/test-app.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Action = DistributiveOmit<ModerationRequest, 'questionId' | 'revision'>;

describe('ModerationService', () => {
  const session = useLiveSession({ settingsAfterEach: { preModeration: false, speakersMayAnswer: false } });
  const service = () => session.server.app.get(ModerationService);
  const speakerQueue = () => session.server.app.get(SpeakerQueueService);

  /** The principal a link's secret proves, as the socket layer hands it to the service. */
  async function principalOf(role: 'moderator' | 'speaker' = 'moderator'): Promise<StaffPrincipal> {
    const { secret } = await issueGrant(session.server.url, TEST_ADMIN_TOKEN, SEED_SLUG, { role });
    return (await session.server.app.get(GrantsService).verifySecret(secret))!;
  }

  async function asked(body: string): Promise<QuestionView> {
    const { socket } = await session.viewer();
    return session.ask(socket, body);
  }

  /** The question as moderators see it now. */
  async function current(moderator: StaffPrincipal, id: string): Promise<ModeratorQuestionView> {
    const snapshot = await service().snapshot(moderator, session.part.id);
    return snapshot.questions.find((q) => q.id === id)!;
  }

  /** Acts with the question's current revision, as a moderator's up-to-date screen would. */
  async function act(moderator: StaffPrincipal, question: { id: string }, action: Action) {
    const { revision } = await current(moderator, question.id);
    return service().act(moderator, { ...action, questionId: question.id, revision });
  }

  /** Everything a moderator's view and the queue say of the part, to compare before and after. */
  async function state(moderator: StaffPrincipal) {
    const snapshot = await service().snapshot(moderator, session.part.id);
    return { questions: snapshot.questions, queue: snapshot.queue };
  }

  async function vote(questionId: string, voters: number): Promise<void> {
    for (let i = 0; i < voters; i++) {
      const { socket } = await session.viewer();
      dataOf(await request(socket, 'question:vote', { questionId, voted: true }));
    }
  }

  describe('each action stores its effect, audited', () => {
    it('approve, hide, restore and star', async () => {
      const moderator = await principalOf();
      dataOf(
        await request((await session.moderator()).socket, 'mod:settings', {
          partId: session.part.id,
          preModeration: true,
        }),
      );
      const question = await asked('Approve me, then hide me');
      expect(question.status).toBe('pending');

      const approved = await act(moderator, question, { action: 'approve' });
      expect(approved.status).toBe('visible');
      expect((await act(moderator, question, { action: 'hide' })).status).toBe('hidden');
      expect((await act(moderator, question, { action: 'restore' })).status).toBe('visible');
      expect((await act(moderator, question, { action: 'star', starred: true })).starred).toBe(true);

      const stored = await current(moderator, question.id);
      expect(stored).toMatchObject({ status: 'visible', starred: true });
      const history = await service().history(moderator, question.id);
      expect(history.map((entry) => entry.action)).toEqual(['approve', 'hide', 'restore', 'star']);
      expect(history.every((entry) => entry.actor === `moderator:${moderator.grantId}`)).toBe(true);
      expect(history[1]).toMatchObject({ before: { status: 'visible' }, after: { status: 'hidden' } });
    });

    it('edit keeps the asker’s text and marks what the new text holds for', async () => {
      const moderator = await principalOf();
      const question = await asked('Waht about contrast?');
      const edited = await act(moderator, question, { action: 'edit', body: '  What about contrast?  ' });
      expect(edited).toMatchObject({
        body: 'What about contrast?',
        originalBody: 'Waht about contrast?',
        edited: true,
        status: 'visible',
        flags: [],
      });
      const again = await act(moderator, question, { action: 'edit', body: 'What about MRN 48392017?' });
      // The first wording stays the original; the new text is marked, the status kept.
      expect(again).toMatchObject({ originalBody: 'Waht about contrast?', status: 'visible' });
      expect(again.flags).toContain('patient_data');
      expect(again.flaggedSpans.map((s) => again.body.slice(s.start, s.end))).toContain('48392017');
    });

    it('queue, unqueue, on air and answered keep the queue numbered and versioned', async () => {
      const moderator = await principalOf();
      const [a, b, c] = [await asked('Queue A'), await asked('Queue B'), await asked('Queue C')];
      const startVersion = (await speakerQueue().state(session.part.id)).queueVersion;
      for (const question of [a, b, c]) await act(moderator, question, { action: 'queue' });
      let queue = await speakerQueue().state(session.part.id);
      expect(queue.queued.map((q) => [q.id, q.queuePosition])).toEqual([
        [a.id, 1],
        [b.id, 2],
        [c.id, 3],
      ]);
      expect(queue.queueVersion).toBe(startVersion + 3);

      expect((await act(moderator, b, { action: 'unqueue' })).status).toBe('visible');
      queue = await speakerQueue().state(session.part.id);
      expect(queue.queued.map((q) => [q.id, q.queuePosition])).toEqual([
        [a.id, 1],
        [c.id, 2],
      ]);

      const onAir = await act(moderator, a, { action: 'on_air', previous: 'answered' });
      expect(onAir).toMatchObject({ status: 'on_air', queuePosition: null });
      expect(onAir.onAirAt).not.toBeNull();
      // The next on air sends the previous one back to the front of the queue.
      await act(moderator, c, { action: 'on_air', previous: 'queued' });
      queue = await speakerQueue().state(session.part.id);
      expect(queue.onAir?.id).toBe(c.id);
      expect(queue.queued.map((q) => [q.id, q.queuePosition])).toEqual([[a.id, 1]]);
      // And with `previous: 'answered'`, it is answered.
      await act(moderator, a, { action: 'on_air', previous: 'answered' });
      expect(await current(moderator, c.id)).toMatchObject({ status: 'answered', queuePosition: null });
      const answered = await act(moderator, a, { action: 'answered' });
      expect(answered.answeredAt).not.toBeNull();
      queue = await speakerQueue().state(session.part.id);
      expect(queue).toMatchObject({ onAir: null, queued: [] });
    });

    it('merge unites the votes, counting a participant who voted for both once', async () => {
      const moderator = await principalOf();
      const duplicate = await asked('Merge me away');
      const target = await asked('Keep me');
      await vote(duplicate.id, 2);
      await vote(target.id, 1);
      // One participant voted for both.
      const both = await session.viewer();
      for (const questionId of [duplicate.id, target.id])
        dataOf(await request(both.socket, 'question:vote', { questionId, voted: true }));

      const merged = await act(moderator, duplicate, { action: 'merge', intoId: target.id });
      expect(merged).toMatchObject({ status: 'merged', mergedIntoId: target.id });
      expect((await current(moderator, target.id)).votes).toBe(4);
      expect((await session.viewer()).snapshot.questions.some((q) => q.id === duplicate.id)).toBe(false);
    });
  });

  describe('refusals', () => {
    it('a stale revision, a move the state does not allow, an unknown question', async () => {
      const moderator = await principalOf();
      const question = await asked('Refuse things about me');
      const { revision } = await current(moderator, question.id);
      await service().act(moderator, { action: 'hide', questionId: question.id, revision });
      await expect(
        service().act(moderator, { action: 'star', questionId: question.id, revision, starred: true }),
      ).rejects.toMatchObject({ code: 'question/stale' });
      await expect(act(moderator, question, { action: 'queue' })).rejects.toMatchObject({
        code: 'question/bad_transition',
        message: expect.stringContaining('hidden'),
      });
      await expect(
        service().act(moderator, {
          action: 'hide',
          questionId: '00000000-0000-4000-8000-000000000000',
          revision: 0,
        }),
      ).rejects.toMatchObject({ code: 'question/not_found' });
    });

    it('an edit to nothing or beyond the limit, a merge into itself or a merged question', async () => {
      const moderator = await principalOf();
      const question = await asked('Edit me badly');
      await expect(act(moderator, question, { action: 'edit', body: '   ' })).rejects.toMatchObject({
        code: 'question/empty',
      });
      await expect(
        act(moderator, question, { action: 'edit', body: 'x'.repeat(MAX_QUESTION_LENGTH + 1) }),
      ).rejects.toMatchObject({ code: 'question/too_long' });
      await expect(act(moderator, question, { action: 'merge', intoId: question.id })).rejects.toMatchObject({
        code: 'request/invalid',
      });
      const gone = await asked('Merged already');
      const kept = await asked('Kept');
      await act(moderator, gone, { action: 'merge', intoId: kept.id });
      await expect(act(moderator, question, { action: 'merge', intoId: gone.id })).rejects.toMatchObject({
        code: 'question/not_found',
      });
      expect(await current(moderator, question.id)).toMatchObject({
        body: 'Edit me badly',
        status: 'visible',
      });
    });

    it('nobody acts beyond their role: no link, a speaker’s link, a revoked link', async () => {
      const question = await asked('Who may touch me?');
      const moderator = await principalOf();
      const { revision } = await current(moderator, question.id);
      const hide = { action: 'hide', questionId: question.id, revision } as const;
      await expect(service().act(undefined, hide)).rejects.toMatchObject({ code: 'auth/role_required' });
      await expect(service().act(await principalOf('speaker'), hide)).rejects.toMatchObject({
        code: 'auth/role_required',
      });
      const revoked = await principalOf();
      const response = await fetch(
        `${session.server.url}/api/events/${SEED_SLUG}/grants/${revoked.grantId}`,
        { method: 'DELETE', headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` } },
      );
      expect(response.ok).toBe(true);
      await expect(service().act(revoked, hide)).rejects.toMatchObject({ code: 'auth/bad_grant' });
      expect((await current(moderator, question.id)).status).toBe('visible');
    });
  });

  describe('one action, one transaction', () => {
    /** Makes the database refuse the audit entry of `action`: the last write of every action. */
    async function refuseAuditOf(action: string): Promise<() => Promise<void>> {
      const db = session.server.app.get(DataSource);
      await db.query(`CREATE OR REPLACE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit refused by the test'; END $$`);
      await db.query(`CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_entry FOR EACH ROW
        WHEN (NEW.action = '${action}') EXECUTE FUNCTION test_refuse_audit()`);
      return async () => {
        await db.query('DROP TRIGGER test_refuse_audit ON audit_entry');
        await db.query('DROP FUNCTION test_refuse_audit()');
      };
    }

    it('a merge that fails at its last write leaves both questions and every vote as they were', async () => {
      const moderator = await principalOf();
      const duplicate = await asked('Half-merged?');
      const target = await asked('Half-kept?');
      await vote(duplicate.id, 2);
      const before = await state(moderator);
      const allow = await refuseAuditOf('merge');
      try {
        await expect(act(moderator, duplicate, { action: 'merge', intoId: target.id })).rejects.toThrow(
          /audit refused by the test/,
        );
      } finally {
        await allow();
      }
      expect(await state(moderator)).toEqual(before);
      // Nothing was held back either: the same merge goes through now.
      await act(moderator, duplicate, { action: 'merge', intoId: target.id });
      expect((await current(moderator, target.id)).votes).toBe(2);
    });

    it('an on-air change that fails at its last write leaves the queue, its order and version as they were', async () => {
      const moderator = await principalOf();
      const [first, second, third] = [await asked('Air 1'), await asked('Air 2'), await asked('Air 3')];
      for (const question of [first, second, third]) await act(moderator, question, { action: 'queue' });
      await act(moderator, first, { action: 'on_air', previous: 'answered' });
      const before = await state(moderator);
      expect(before.queue.onAir?.id).toBe(first.id);
      const allow = await refuseAuditOf('on_air');
      try {
        // Would move `first` back to the queue's front, `third` on air, and renumber the queue.
        await expect(act(moderator, third, { action: 'on_air', previous: 'queued' })).rejects.toThrow(
          /audit refused by the test/,
        );
      } finally {
        await allow();
      }
      expect(await state(moderator)).toEqual(before);
    });

    it('two moderators acting on one revision: one wins, the other is told it is stale', async () => {
      const [anna, ben] = [await principalOf(), await principalOf()];
      const question = await asked('Both at once');
      const { revision } = await current(anna, question.id);
      const outcomes = await Promise.allSettled([
        service().act(anna, { action: 'hide', questionId: question.id, revision }),
        service().act(ben, { action: 'queue', questionId: question.id, revision }),
      ]);
      const won = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      const lost: unknown[] = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      expect(won).toHaveLength(1);
      expect(lost).toMatchObject([{ code: 'question/stale' }]);
      const stored = await current(anna, question.id);
      expect(stored.status).toBe(won[0].status);
      expect(await service().history(anna, question.id)).toHaveLength(1);
    });

    it('a speaker and a moderator marking the on-air question answered at once: one wins, audited once', async () => {
      const [moderator, speaker] = [await principalOf(), await principalOf('speaker')];
      dataOf(
        await request((await session.moderator()).socket, 'mod:settings', {
          partId: session.part.id,
          speakersMayAnswer: true,
        }),
      );
      const question = await asked('Answered by whom?');
      await act(moderator, question, { action: 'queue' });
      await act(moderator, question, { action: 'on_air', previous: 'answered' });
      const { revision } = await current(moderator, question.id);
      const outcomes = await Promise.allSettled([
        service().speakerAnswered(speaker, question.id),
        service().act(moderator, { action: 'answered', questionId: question.id, revision }),
      ]);
      const lost: unknown[] = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      expect(lost).toHaveLength(1);
      // The speaker reads the question under the transaction's locks: after the moderator's
      // commit it finds the question answered; before it, the moderator's revision is stale.
      expect(['question/bad_transition', 'question/stale']).toContain((lost[0] as { code: string }).code);
      expect(await current(moderator, question.id)).toMatchObject({ status: 'answered' });
      const history = await service().history(moderator, question.id);
      expect(history.filter((entry) => entry.action === 'answered')).toHaveLength(1);
      expect((await speakerQueue().state(session.part.id)).onAir).toBeNull();
    });
  });
});
