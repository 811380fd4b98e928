import { describe, expect, it } from 'vitest';
import { similarity, SIMILAR_THRESHOLD } from '../../../../shared/similarity.js';
import { LIKELY_DUPLICATE, rankDuplicates } from './duplicates.js';

const q = (id: string, body: string, overrides: { blockId?: string; votes?: number } = {}) => ({
  id,
  body,
  blockId: overrides.blockId ?? 'b1',
  votes: overrides.votes ?? 0,
});

describe('rankDuplicates', () => {
  it('uses the viewer page’s similarity and threshold', () => {
    expect(LIKELY_DUPLICATE).toBe(SIMILAR_THRESHOLD);
    const target = q('t', 'How do I explain radiation dose?');
    const other = q('o', 'Explaining radiaton doses to patients');
    expect(rankDuplicates(target, [other])[0].score).toBe(similarity(target.body, other.body));
  });

  it('ranks the other questions of the same block, likely duplicates first', () => {
    const target = q('t', 'How do I explain radiation dose?');
    const ranked = rankDuplicates(target, [
      target,
      q('far', 'Is the gel warmed before the scan?', { votes: 9 }),
      q('near', 'How to explain the radiation dose to patients?'),
      // Reordered, inflected and misspelt: still the same question.
      q('exact', 'radiation doses: how do i EXPLAIN them'),
      q('typo', 'explainig the radiaton dose'),
      q('other-block', 'How do I explain radiation dose?', { blockId: 'b2' }),
    ]);
    expect(ranked.map((r) => r.question.id)).toEqual(['exact', 'near', 'typo', 'far']);
    expect(ranked[0]).toMatchObject({ score: 1, likely: true });
    // "patients" counts half (nearly every question has it): 2·3 / (3 + 3.5).
    expect(ranked[1].score).toBeCloseTo(6 / 6.5);
    expect(ranked[2].likely).toBe(true);
    expect(ranked[2].score).toBeLessThan(ranked[1].score);
    expect(ranked[3]).toMatchObject({ score: 0, likely: false });
  });

  it('does not offer a question on the same topic that asks something else', () => {
    const [ranked] = rankDuplicates(q('t', 'How do I explain radiation dose to patients?'), [
      q('mammo', 'What radiation dose does a mammogram give?'),
    ]);
    expect(ranked.score).toBeGreaterThan(0);
    expect(ranked.likely).toBe(false);
  });

  it('orders equal scores by votes, then by id', () => {
    const ranked = rankDuplicates(q('t', 'Dose limits'), [
      q('b', 'Something else', { votes: 1 }),
      q('a', 'Unrelated', { votes: 1 }),
      q('c', 'Nothing in common', { votes: 5 }),
    ]);
    expect(ranked.map((r) => r.question.id)).toEqual(['c', 'a', 'b']);
  });
});
