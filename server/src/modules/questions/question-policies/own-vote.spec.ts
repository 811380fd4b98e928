import { describe, expect, it } from 'vitest';
import type { QuestionStatus } from '../../../../../shared/questions.js';
import type { QuestionRow } from '../question.repository.js';
import { assertMayVote } from './own-vote.js';

const question = (status: QuestionStatus, participant_id = 'asker') =>
  ({ id: 'q', status, participant_id }) as QuestionRow;

const refusal = (run: () => void) => {
  try {
    run();
    return null;
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('assertMayVote (the own-vote rule)', () => {
  it('lets another participant vote for a public question', () => {
    for (const status of ['visible', 'queued', 'on_air', 'answered'] as const) {
      expect(refusal(() => assertMayVote(question(status), 'someone-else'))).toBeNull();
    }
  });

  it('refuses the asker’s own question', () => {
    expect(refusal(() => assertMayVote(question('visible'), 'asker'))).toBe('vote/own_question');
  });

  it('answers a pending, hidden, merged or missing question as not found, so a count reveals nothing', () => {
    for (const status of ['pending', 'hidden', 'merged'] as const) {
      expect(refusal(() => assertMayVote(question(status), 'someone-else'))).toBe('question/not_found');
    }
    expect(refusal(() => assertMayVote(null, 'someone-else'))).toBe('question/not_found');
  });
});
