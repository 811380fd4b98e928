import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { describe, expect, it, vi } from 'vitest';
import { QuestionRepository } from '../../server/src/modules/questions/question.repository.js';
import { VoteCommitter } from '../../server/src/modules/questions/vote-committer.js';
import type { VoteCast } from '../../server/src/modules/questions/question.repository.js';
import { dataOf, newParticipant, request } from '../utils/live-client.js';
import { useLiveSession } from '../utils/live-session.js';

// Group commit (VoteCommitter over QuestionRepository.castVote and castVotes) against the real
// database of each engine: a burst of concurrent votes goes in a few statements, and nothing
// about the counts or the refusals may tell that it did.
describe('group commit of votes', () => {
  const session = useLiveSession();

  it('commits a concurrent burst in few statements, each vote once, every count equal to its vote rows', async () => {
    const app = session.server.app;
    const committer = app.get(VoteCommitter);
    const repository = app.get(QuestionRepository);
    const asker = await session.viewer();
    const questions = await Promise.all(
      ['Up only', 'Up, again, and some back down', 'Every other one'].map(async (body) =>
        dataOf(
          await request(asker.socket, 'question:ask', { id: randomUUID(), blockId: session.blockId, body }),
        ),
      ),
    );
    const [upOnly, toggled, everyOther] = questions.map((q) => q.id);
    const voters = await Promise.all(Array.from({ length: 40 }, () => newParticipant(session.server.url)));
    const singles = vi.spyOn(repository, 'castVote');
    const groups = vi.spyOn(repository, 'castVotes');

    const at = new Date();
    const changes: VoteCast[] = voters.flatMap(({ participant: { id: participantId } }, i) => [
      { questionId: upOnly, participantId, voted: true, at },
      { questionId: toggled, participantId, voted: true, at },
      // A second click of the same pair in the same burst: counted once.
      { questionId: toggled, participantId, voted: true, at },
      ...(i % 3 === 0 ? [{ questionId: toggled, participantId, voted: false, at }] : []),
      ...(i % 2 === 0 ? [{ questionId: everyOther, participantId, voted: true, at }] : []),
    ]);
    const outcomes = await Promise.all(changes.map((change) => committer.commit(change)));
    const statements = singles.mock.calls.length + groups.mock.calls.length;
    singles.mockRestore();
    groups.mockRestore();

    const withdrawn = voters.filter((_, i) => i % 3 === 0).length;
    const expected = new Map([
      [upOnly, 40],
      [toggled, 40 - withdrawn],
      [everyOther, 20],
    ]);
    const rows: { id: string; vote_count: number; rows: number }[] = await app.get(DataSource).query(
      `SELECT q.id, q.vote_count, (SELECT count(*)::int FROM vote v WHERE v.question_id = q.id) AS rows
       FROM question q WHERE q.id = ANY($1)`,
      [[...expected.keys()]],
    );
    for (const row of rows) {
      expect(row.vote_count).toBe(expected.get(row.id));
      expect(row.rows).toBe(row.vote_count);
    }

    // Each changed vote's ack carries its own count, as if committed one after the other:
    // on the up-only question, 1 to 40, each once.
    const upOnlyCounts = outcomes
      .filter((outcome, index) => changes[index].questionId === upOnly && outcome.changed)
      .map((outcome) => outcome.votes)
      .sort((a, b) => a - b);
    expect(upOnlyCounts).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // Second clicks changed nothing; every withdrawal did.
    const second = changes
      .map((c, index) => ({ c, o: outcomes[index] }))
      .filter(
        ({ c }, index) =>
          changes.findIndex((d) => d.questionId === c.questionId && d.participantId === c.participantId) !==
          index,
      );
    expect(second.filter(({ c, o }) => c.voted && o.changed)).toEqual([]);
    expect(second.filter(({ c, o }) => !c.voted && o.changed)).toHaveLength(withdrawn);
    // Grouped: far fewer statements than votes (a few in flight, the rest gathering behind them).
    expect(statements).toBeLessThan(changes.length / 4);
  });

  it('refuses, inside a group, votes on a voter’s own question and on a hidden one, and writes nothing for them', async () => {
    const asker = await session.viewer();
    const ask = async (body: string) =>
      dataOf(
        await request(asker.socket, 'question:ask', { id: randomUUID(), blockId: session.blockId, body }),
      );
    const [open, hidden] = [await ask('Open to votes'), await ask('About to be hidden')];
    const app = session.server.app;
    await app.get(DataSource).query(`UPDATE question SET status = 'hidden' WHERE id = $1`, [hidden.id]);
    const committer = app.get(VoteCommitter);
    const voters = await Promise.all(Array.from({ length: 6 }, () => newParticipant(session.server.url)));
    const at = new Date();
    const own = { questionId: open.id, participantId: asker.participantId, voted: true, at };
    const outcomes = await Promise.all([
      ...voters.map(({ participant: { id } }) =>
        committer.commit({ questionId: open.id, participantId: id, voted: true, at }),
      ),
      committer.commit(own),
      ...voters.map(({ participant: { id } }) =>
        committer.commit({ questionId: hidden.id, participantId: id, voted: true, at }),
      ),
      committer.commit({
        questionId: randomUUID(),
        participantId: voters[0].participant.id,
        voted: true,
        at,
      }),
    ]);
    expect(outcomes.slice(0, 6).every((o) => o.changed)).toBe(true);
    // The refused ones name their question, so the service names the refusal (assertMayVote).
    expect(outcomes[6]).toMatchObject({
      changed: false,
      target: { id: open.id, participant_id: asker.participantId },
    });
    expect(outcomes.slice(7, 13).every((o) => !o.changed && o.target?.status === 'hidden')).toBe(true);
    expect(outcomes[13]).toMatchObject({ changed: false, target: null });
    const rows: { id: string; vote_count: number; rows: number }[] = await app.get(DataSource).query(
      `SELECT q.id, q.vote_count, (SELECT count(*)::int FROM vote v WHERE v.question_id = q.id) AS rows
       FROM question q WHERE q.id = ANY($1) ORDER BY q.vote_count DESC`,
      [[open.id, hidden.id]],
    );
    expect(rows).toEqual([
      { id: open.id, vote_count: 6, rows: 6 },
      { id: hidden.id, vote_count: 0, rows: 0 },
    ]);
    // Through the socket, the same refusal reads as before group commit.
    expect(await request(asker.socket, 'question:vote', { questionId: open.id, voted: true })).toMatchObject({
      ok: false,
      error: 'vote/own_question',
    });
  });

  it('answers each vote of a group alone when one of them fails, so the others still count', async () => {
    const asker = await session.viewer();
    const question = dataOf(
      await request(asker.socket, 'question:ask', {
        id: randomUUID(),
        blockId: session.blockId,
        body: 'Still counted?',
      }),
    );
    const committer = session.server.app.get(VoteCommitter);
    const voters = await Promise.all(Array.from({ length: 5 }, () => newParticipant(session.server.url)));
    const at = new Date();
    const results = await Promise.allSettled([
      ...voters.map(({ participant: { id: participantId } }) =>
        committer.commit({ questionId: question.id, participantId, voted: true, at }),
      ),
      // A participant that does not exist: its vote row breaks the foreign key, and the group's statement fails.
      committer.commit({ questionId: question.id, participantId: randomUUID(), voted: true, at }),
    ]);
    expect(results.slice(0, 5).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(results[5].status).toBe('rejected');
    const check = await session.viewer();
    expect(check.snapshot.questions.find((q) => q.id === question.id)?.votes).toBe(5);
  });
});
