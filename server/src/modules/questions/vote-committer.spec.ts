import { describe, expect, it } from 'vitest';
import type { QuestionRepository, VoteCast } from './question.repository.js';
import { VoteCommitter } from './vote-committer.js';

const vote = (participantId: string, questionId = 'q'): VoteCast => ({
  questionId,
  participantId,
  voted: true,
  at: new Date(),
});

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
    const committer = new VoteCommitter(questions);
    const results = await Promise.allSettled(['a', 'b', 'c', 'd'].map((p) => committer.commit(vote(p))));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    // The first alone (the session was free), then the three that gathered behind it: 2 statements.
    expect(statements).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('keeps a second vote of the same pair for the next statement', async () => {
    const { questions, statements } = recording((votes) => Promise.resolve(votes.map(() => committed)));
    const committer = new VoteCommitter(questions);
    await Promise.all(['a', 'b', 'a', 'c', 'a'].map((p) => committer.commit(vote(p))));
    expect(statements).toEqual([['a'], ['b', 'a', 'c'], ['a']]);
  });

  it('runs one statement at a time: the first vote alone, the ones arriving meanwhile together', async () => {
    let running = 0;
    let most = 0;
    const { questions, statements } = recording(async (votes) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running -= 1;
      return votes.map(() => committed);
    });
    const committer = new VoteCommitter(questions);
    await Promise.all(['a', 'b', 'c'].map((p) => committer.commit(vote(p))));
    expect(most).toBe(1);
    expect(statements).toEqual([['a'], ['b', 'c']]);
  });
});
