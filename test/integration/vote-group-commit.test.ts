import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { describe, expect, it, vi } from 'vitest';
import { QuestionRepository } from '../../server/src/modules/questions/question.repository.js';
import { VoteCommitter, type VoteChange } from '../../server/src/modules/questions/vote-committer.js';
import { dataOf, newParticipant, request } from '../utils/live-client.js';
import { useLiveSession } from '../utils/live-session.js';

// Group commit (VoteCommitter over QuestionRepository.setVotes) against the real database of
// each engine: a burst of concurrent votes goes in a few statements, and nothing about the
// counts may tell that it did.
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
    const statements = vi.spyOn(repository, 'setVotes');

    const at = new Date();
    const changes: VoteChange[] = voters.flatMap(({ participant: { id: participantId } }, i) => [
      { questionId: upOnly, participantId, voted: true, at },
      { questionId: toggled, participantId, voted: true, at },
      // A second click of the same pair in the same burst: counted once.
      { questionId: toggled, participantId, voted: true, at },
      ...(i % 3 === 0 ? [{ questionId: toggled, participantId, voted: false, at }] : []),
      ...(i % 2 === 0 ? [{ questionId: everyOther, participantId, voted: true, at }] : []),
    ]);
    const outcomes = await Promise.all(changes.map((change) => committer.commit(change)));
    statements.mockRestore();

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
    // Grouped: far fewer statements than votes (one in flight, the rest gathering behind it).
    expect(statements.mock.calls.length).toBeLessThan(changes.length / 4);
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
      // A question that does not exist: its vote row breaks the foreign key.
      committer.commit({
        questionId: randomUUID(),
        participantId: voters[0].participant.id,
        voted: true,
        at,
      }),
    ]);
    expect(results.slice(0, 5).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(results[5].status).toBe('rejected');
    const check = await session.viewer();
    expect(check.snapshot.questions.find((q) => q.id === question.id)?.votes).toBe(5);
  });
});
