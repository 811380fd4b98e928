import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../config/app-config.js';
import type { QuestionRepository, VoteCast } from './question.repository.js';
import { VoteCommitter } from './vote-committer.js';

const vote = (participantId: string, questionId = 'q'): VoteCast => ({
  questionId,
  participantId,
  voted: true,
  at: new Date(),
});

const embedded = { databaseUrl: null } as AppConfig;
const committed = { target: null, changed: true, votes: 1 };

/** A repository that records each statement's voters and answers with `answer`. */
function recording(answer: (votes: readonly VoteCast[]) => Promise<unknown[]>) {
  const statements: string[][] = [];
  const record = (votes: readonly VoteCast[]) => {
    statements.push(votes.map((v) => v.participantId));
    return answer(votes);
  };
  const questions = {
    castVote: (one: VoteCast) => record([one]).then(([outcome]) => outcome),
    castVotes: (many: VoteCast[]) => record(many),
  } as unknown as QuestionRepository;
  return { questions, statements };
}

describe('VoteCommitter', () => {
  it('answers a whole group at once when no connection could be had, without trying each vote alone', async () => {
    const { questions, statements } = recording(() =>
      Promise.reject(new Error('timeout exceeded when trying to connect')),
    );
    const committer = new VoteCommitter(questions, embedded);
    const results = await Promise.allSettled(['a', 'b', 'c', 'd'].map((p) => committer.commit(vote(p))));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    // The first alone (the session was free), then the three that gathered behind it: 2 statements.
    expect(statements).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('keeps a second vote of the same pair for the next statement', async () => {
    const { questions, statements } = recording((votes) => Promise.resolve(votes.map(() => committed)));
    const committer = new VoteCommitter(questions, embedded);
    await Promise.all(['a', 'b', 'a', 'c', 'a'].map((p) => committer.commit(vote(p))));
    expect(statements).toEqual([['a'], ['b', 'a', 'c'], ['a']]);
  });

  it('runs as many statements at once as PostgreSQL sessions it may use, each vote alone while one is free', async () => {
    const { questions, statements } = recording((votes) => Promise.resolve(votes.map(() => committed)));
    const committer = new VoteCommitter(questions, { databaseUrl: 'postgres://db' } as AppConfig);
    const voters = Array.from({ length: 12 }, (_, i) => `p${i}`);
    await Promise.all(voters.map((p) => committer.commit(vote(p))));
    // Eight sessions (the pool of ten less two): eight votes alone, the four behind them together.
    expect(statements).toEqual([...voters.slice(0, 8).map((p) => [p]), voters.slice(8)]);
  });
});
