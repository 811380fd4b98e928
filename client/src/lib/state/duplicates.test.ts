import { describe, expect, it } from 'vitest';
import { jaccard, normalisedWords, rankDuplicates } from './duplicates.js';

const q = (id: string, body: string, overrides: { blockId?: string; votes?: number } = {}) => ({
  id,
  body,
  blockId: overrides.blockId ?? 'b1',
  votes: overrides.votes ?? 0,
});

describe('normalisedWords', () => {
  it('lowers case, drops accents, punctuation, stop words and plural s', () => {
    expect([...normalisedWords('How do I explain the Radiation DOSES to Müller?')].sort()).toEqual([
      'dose',
      'explain',
      'muller',
      'radiation',
    ]);
  });

  it('keeps words that end in ss and short words whole', () => {
    expect([...normalisedWords('Stress? gas!')].sort()).toEqual(['gas', 'stress']);
  });
});

describe('jaccard', () => {
  it('is the share of words in common', () => {
    expect(jaccard(new Set(['a', 'b', 'c']), new Set(['b', 'c', 'd']))).toBe(0.5);
    expect(jaccard(new Set(['a']), new Set(['a']))).toBe(1);
    expect(jaccard(new Set(), new Set())).toBe(0);
    expect(jaccard(new Set(['a']), new Set())).toBe(0);
  });
});

describe('rankDuplicates', () => {
  it('ranks the other questions of the same block by word overlap, likely ones first', () => {
    const target = q('t', 'How do I explain radiation dose?');
    const ranked = rankDuplicates(target, [
      target,
      q('far', 'Is the gel warmed before the scan?', { votes: 9 }),
      q('near', 'How to explain the radiation dose to patients?'),
      q('exact', 'how do i EXPLAIN radiation doses'),
      q('other-block', 'How do I explain radiation dose?', { blockId: 'b2' }),
    ]);
    expect(ranked.map((r) => r.question.id)).toEqual(['exact', 'near', 'far']);
    expect(ranked[0]).toMatchObject({ score: 1, likely: true });
    expect(ranked[1].score).toBeCloseTo(3 / 4);
    expect(ranked[1].likely).toBe(true);
    expect(ranked[2]).toMatchObject({ score: 0, likely: false });
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
