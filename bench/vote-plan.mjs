// Which vote to send next, and what each local viewer's vote on each question is. Most questions
// only ever get upvotes (their counts only grow, which vote-to-screen needs); the churn share is
// toggled on and off, so removals are exercised and checked too.
import { randomInt } from 'node:crypto';

export const NONE = 0;
export const VOTED = 1;
export const PENDING = 2;
/** After a timed-out request nobody knows whether it counted: the pair is left alone. */
export const UNKNOWN = 3;
/** The viewer asked this question: the server refuses an upvote on one's own question. */
export const OWN = 4;

/** Voters tried for one vote before giving up (when most pairs are voted or still pending). */
const VOTER_TRIES = 20;
/** Random questions tried per voter before scanning for one. */
const RANDOM_TRIES = 8;

export class VotePlan {
  /** @type {{ id: string, churn: boolean, states: Uint8Array }[]} in the order learnt */
  questions = [];
  byId = new Map();
  cursor = 0;

  /** @param {number} viewers  local viewers; `states[i]` is viewer i's vote */
  constructor(viewers) {
    this.viewers = viewers;
  }

  /** @param {{ id: string, churn: boolean }[]} list @param {Map<string, number>} askers  question id → local viewer who asked it */
  learn(list, askers = new Map()) {
    for (const { id, churn } of list) {
      if (this.byId.has(id)) continue;
      const question = { id, churn, states: new Uint8Array(this.viewers) };
      const asker = askers.get(id);
      if (asker !== undefined) question.states[asker] = OWN;
      this.questions.push(question);
      this.byId.set(id, question);
    }
  }

  /** The state of viewer `voter` on question `id`, or undefined for a question not learnt. */
  state(id, voter) {
    return this.byId.get(id)?.states[voter];
  }

  /**
   * The next vote: voters in turn (spreads the per-participant rate limit), questions at random.
   * @param {(voter: number) => boolean} alive
   * @returns {{ question: { id: string, churn: boolean, states: Uint8Array }, voter: number, voted: boolean } | null}
   */
  next(alive) {
    const { questions } = this;
    if (questions.length === 0) return null;
    for (let tries = 0; tries < Math.min(VOTER_TRIES, this.viewers); tries++) {
      const voter = this.cursor++ % this.viewers;
      if (!alive(voter)) continue;
      for (let attempt = 0; attempt < RANDOM_TRIES; attempt++) {
        const choice = this.voteOn(questions[randomInt(questions.length)], voter);
        if (choice) return choice;
      }
      // This voter has upvoted most questions: look for one it has not, then for a toggle.
      const offset = randomInt(questions.length);
      for (const churn of [false, true]) {
        for (let k = 0; k < questions.length; k++) {
          const question = questions[(offset + k) % questions.length];
          if (question.churn !== churn) continue;
          const choice = this.voteOn(question, voter);
          if (choice) return choice;
        }
      }
    }
    return null;
  }

  voteOn(question, voter) {
    const state = question.states[voter];
    if (state === PENDING || state === UNKNOWN || state === OWN) return null;
    if (question.churn) return { question, voter, voted: state !== VOTED };
    return state === NONE ? { question, voter, voted: true } : null;
  }
}
