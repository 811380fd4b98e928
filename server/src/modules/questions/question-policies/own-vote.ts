import { PUBLIC_STATUSES } from '../../../../../shared/questions.js';
import { DomainError } from '../../../common/domain-error.js';
import type { VoteTarget } from '../question.repository.js';

/**
 * Who may vote for what. Only public questions take votes: a count must never reveal a pending
 * or hidden question. Upvotes say "others want this answered too"; the asker's own would only
 * inflate the count.
 */
export function assertMayVote<Q extends VoteTarget>(
  question: Q | null,
  participantId: string,
): asserts question is Q {
  if (question === null || !PUBLIC_STATUSES.includes(question.status)) {
    throw new DomainError('question/not_found', 'There is no question with this id to vote for.');
  }
  if (question.participant_id === participantId) {
    throw new DomainError('vote/own_question', 'You asked this question, so you cannot upvote it.');
  }
}
