// Pure figures from the raw measurements: percentiles, and vote-to-screen latency.

/**
 * Nearest-rank percentile of an ascending array; Infinity stands for "never happened".
 * @param {ArrayLike<number>} sorted @param {number} p 0..100
 */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

/** @param {number[]} values */
export function summarize(values) {
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : null,
  };
}

/** Where the distribution chart samples each latency distribution, in percent. */
const QUANTILES = [...Array.from({ length: 99 }, (_, k) => k + 1), 99.5, 99.8, 99.9, 100];

/**
 * Vote-to-screen: for every acknowledged upvote and every sampled viewer, the time from the ack
 * to the first moment that viewer showed a count at least as high as the ack's count. Only for
 * questions that get upvotes alone, so counts only grow and "≥" means "includes this vote".
 * A viewer that never showed it counts as Infinity; one that showed it before the voter had
 * its ack (the batch overtook the ack) counts as 0.
 *
 * With `from = acked.sentTimes` it is click-to-screen instead: from the moment the vote was sent.
 *
 * @param {{ ids: string[], counts: number[], times: number[], sentTimes: number[] }} acked
 * @param {[string, number[], number[]][][]} timelines  per sampled viewer: [question id, times, counts]
 * @param {number[]} from  start instant of each acked vote
 */
export function voteToScreen(acked, timelines, from = acked.times) {
  const latencies = [];
  let beforeAck = 0;
  for (const timeline of timelines) {
    const lines = new Map(timeline.map(([id, t, c]) => [id, { t, c }]));
    for (let k = 0; k < acked.ids.length; k++) {
      const line = lines.get(acked.ids[k]);
      const index = line ? firstAtLeast(line.c, acked.counts[k]) : -1;
      if (index < 0) {
        latencies.push(Infinity);
        continue;
      }
      const latency = line.t[index] - from[k];
      if (latency < 0) beforeAck++;
      latencies.push(Math.max(0, latency));
    }
  }
  const summary = summarize(latencies);
  const sorted = Float64Array.from(latencies).sort();
  return {
    ...summary,
    unresolved: latencies.filter((v) => v === Infinity).length,
    beforeAck,
    /** [percent, ms] pairs for the distribution chart (--plot). */
    quantiles: QUANTILES.map((p) => [p, percentile(sorted, p)]),
  };
}

/**
 * When the acks carry no count: each upvote's rank among the acknowledged upvotes of its
 * question, in ack order. Every acknowledged vote is committed, so the count at that ack is at
 * least its rank, and a viewer showing the rank has caught up with every acknowledged vote.
 * @param {{ ids: string[], times: number[] }} acked
 */
export function ackRanks(acked) {
  const order = acked.ids.map((_, k) => k).sort((a, b) => acked.times[a] - acked.times[b]);
  const seen = new Map();
  const ranks = new Array(acked.ids.length);
  for (const k of order) {
    const rank = (seen.get(acked.ids[k]) ?? 0) + 1;
    seen.set(acked.ids[k], rank);
    ranks[k] = rank;
  }
  return ranks;
}

/** Index of the first element ≥ value in an ascending array, or -1. */
function firstAtLeast(ascending, value) {
  let lo = 0;
  let hi = ascending.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ascending[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo < ascending.length ? lo : -1;
}

/** Adds up per-key counters. */
export function mergeCounts(records) {
  const total = {};
  for (const record of records)
    for (const [key, n] of Object.entries(record)) total[key] = (total[key] ?? 0) + n;
  return total;
}
