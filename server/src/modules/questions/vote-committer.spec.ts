import { describe, expect, it } from 'vitest';
import type { QuestionRepository } from './question.repository.js';
import { VoteCommitter, type VoteChange } from './vote-committer.js';

const change = (participantId: string, questionId = 'q'): VoteChange => ({
  questionId,
  participantId,
  voted: true,
  at: new Date(),
});

describe('VoteCommitter', () => {
  it('answers a whole group at once when no connection could be had, without trying each vote alone', async () => {
    const statements: number[] = [];
    const questions = {
      setVotes: (changes: VoteChange[]) => {
        statements.push(changes.length);
        return Promise.reject(Object.assign(new Error('timeout exceeded when trying to connect'), {}));
      },
    } as unknown as QuestionRepository;
    const committer = new VoteCommitter(questions);
    const results = await Promise.allSettled(['a', 'b', 'c', 'd'].map((p) => committer.commit(change(p))));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    // The first alone (nothing was in flight), then the three that gathered behind it: 2 statements.
    expect(statements).toEqual([1, 3]);
  });

  it('keeps a second vote of the same pair for the next statement', async () => {
    const statements: string[][] = [];
    const questions = {
      setVotes: (changes: VoteChange[]) => {
        statements.push(changes.map((c) => c.participantId));
        return Promise.resolve(changes.map(() => ({ votes: 1, changed: true })));
      },
    } as unknown as QuestionRepository;
    const committer = new VoteCommitter(questions);
    await Promise.all(['a', 'b', 'a', 'c', 'a'].map((p) => committer.commit(change(p))));
    expect(statements).toEqual([['a'], ['b', 'a', 'c'], ['a']]);
  });
});
