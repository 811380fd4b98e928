// The raw records of one run (orchestrator marks and samples, every worker's results) turned into
// the figures the report prints and --json writes.
import { ackRanks, mergeCounts, summarize, voteToScreen } from './stats.mjs';

const sum = (values) => values.reduce((a, b) => a + b, 0);
const mb = (bytes) => (bytes === null || bytes === undefined ? null : bytes / 1024 ** 2);

export function figures({ options, target, crowd, usage, lag, drain, check, raw, window, questionCount }) {
  const { viewers, partly, joined, idle } = crowd;
  const seconds = options.seconds;
  const added = sum(raw.map((r) => r.added));
  const removed = sum(raw.map((r) => r.removed));
  const deliveriesInWindow = sum(raw.map((r) => r.received.windowPushes + r.received.windowAcks));
  return {
    fanout: target.fanout,
    engine: target.engine,
    viewers: {
      requested: options.viewers,
      connected: viewers,
      aliveAtEnd: sum(raw.map((r) => r.aliveAtEnd)),
      join: summarize(raw.flatMap((r) => r.joinLatencies)),
      connectSeconds: crowd.connectMs / 1000,
    },
    memory: memory({ idle, partly, joined, usage, viewers }),
    cpu: {
      serverPercent: usage.cpuPercent,
      generatorPercent: usage.generatorCpuPercent,
      postgresPercent: usage.postgresCpuPercent,
      proxyPercent: usage.proxyCpuPercent,
      otherPercent: usage.otherCpuPercent,
    },
    /** clock:sync round trips during the load: the server's event-loop wait. */
    lag,
    asks: {
      sent: sum(raw.map((r) => r.asksSent)),
      ok: sum(raw.map((r) => r.askLatencies.length)),
      latency: summarize(raw.flatMap((r) => r.askLatencies)),
      questions: questionCount,
    },
    votes: {
      offeredPerSec: options.votesPerSec,
      sent: sum(raw.map((r) => r.votesSent)),
      ok: added + removed,
      ackedPerSec: sum(raw.map((r) => r.voteAckTimes.filter((t) => t <= window.endAt).length)) / seconds,
      latency: summarize(raw.flatMap((r) => r.voteLatencies)),
      added,
      removed,
      uncertain: sum(raw.map((r) => r.uncertainVotes)),
    },
    ...screen(raw),
    deliveries: {
      perSec: deliveriesInWindow / seconds,
      perViewerPerSec: deliveriesInWindow / seconds / viewers,
      pushesPerSec: sum(raw.map((r) => r.received.windowPushes)) / seconds,
      byEvent: mergeCounts(raw.map((r) => r.received.byEvent)),
      ignoredUnknownQuestion: sum(raw.map((r) => r.received.unknownVotes)),
    },
    errors: mergeCounts(raw.map((r) => r.errors)),
    exact: { ...exactness(check, added, removed, raw), drained: drain.quiet, drainSeconds: drain.ms / 1000 },
    generator: {
      maxTickGapMs: Math.max(...raw.map((r) => r.maxTickGapMs)),
      skippedBacklog: sum(raw.map((r) => r.skippedBacklog)),
      skippedNoChoice: sum(raw.map((r) => r.skippedNoChoice)),
    },
    window,
    /** Server samples: [seconds from the load's start, RSS MB, server CPU s, generator CPU s]. */
    series: usage.series,
  };
}

/**
 * RSS and heap per viewer: the slope between the two connected crowds. A sudden release between
 * the marks (the embedded database's start-up memory, at some garbage collection) is added back.
 */
function memory({ idle, partly, joined, usage, viewers }) {
  const added = joined.viewers - partly.viewers;
  const perViewerKb = (a, b) => (a === null || b === null || added <= 0 ? null : (a - b) / 1024 / added);
  return {
    idleRssMb: mb(idle.rssBytes),
    connectedRssMb: mb(joined.rssBytes),
    peakRssMb: mb(usage.peakRssBytes),
    rssPerViewerKb: perViewerKb(
      joined.rssBytes === null ? null : joined.rssBytes + joined.releasedBytes,
      partly.rssBytes,
    ),
    releasedBetweenMarksMb: mb(joined.releasedBytes),
    heapPerViewerKb: perViewerKb(joined.heapUsedBytes, partly.heapUsedBytes),
    peakRssPerViewerKb: usage.peakRssBytes === null ? null : usage.peakRssBytes / 1024 / viewers,
    peakHeapMb: mb(usage.peakHeapBytes),
  };
}

/**
 * Vote-to-screen (from the ack) and click-to-screen (from the send). When the acks carry no
 * count, each vote's rank among the acknowledged upvotes of its question stands in for it.
 */
function screen(raw) {
  const acked = {
    ids: raw.flatMap((r) => r.ackedUpvotes.ids),
    counts: raw.flatMap((r) => r.ackedUpvotes.counts),
    times: raw.flatMap((r) => r.ackedUpvotes.times),
    sentTimes: raw.flatMap((r) => r.ackedUpvotes.sentTimes),
  };
  const acksWithoutCount = sum(raw.map((r) => r.acksWithoutCount));
  if (acksWithoutCount > 0) acked.counts = ackRanks(acked);
  const timelines = raw.flatMap((r) => r.timelines);
  return {
    /** What "the vote is on screen" compares with: the count in the ack, or its rank among the acks. */
    screenBasis: acksWithoutCount > 0 ? 'ack rank' : 'ack count',
    acksWithoutCount,
    voteToScreen: voteToScreen(acked, timelines),
    clickToScreen: voteToScreen(acked, timelines, acked.sentTimes),
  };
}

/**
 * sum(counts) = count(votes), per question against the votes the server holds; the acks against
 * the server's record; the connected viewers against the fresh snapshot.
 */
function exactness({ counts, verified, truth }, added, removed, raw) {
  const uncertain = sum(raw.map((r) => r.uncertainVotes));
  if (!counts) return { checked: false, uncertain, expected: added - removed };
  const countSum = sum(counts.map(([, votes]) => votes));
  const recorded = mergeCounts(truth.map((t) => Object.fromEntries(t.votesPerQuestion)));
  const truthFailures = sum(truth.map((t) => t.failed));
  const complete = truthFailures === 0;
  const off = counts.filter(([id, votes]) => votes !== (recorded[id] ?? 0)).length;
  const ackMismatches = sum(truth.map((t) => t.ackMismatches));
  return {
    checked: true,
    questions: counts.length,
    countSum,
    expected: added - removed,
    uncertain,
    voteRows: complete ? sum(Object.values(recorded)) : null,
    server: complete ? off === 0 : null,
    questionsOff: complete ? off : null,
    acksAgree: complete ? ackMismatches === 0 : null,
    ackMismatches,
    resolvedTimeouts: sum(truth.map((t) => t.resolvedUnknown)),
    /** Only meaningful when no vote timed out: sum(counts) = added − removed by the acks. */
    ackBalance: uncertain === 0 ? countSum === added - removed : null,
    truthFailures,
    viewersChecked: sum(verified.map((v) => v.viewersChecked)),
    pairs: sum(verified.map((v) => v.pairs)),
    mismatches: sum(verified.map((v) => v.mismatches)),
    missing: sum(verified.map((v) => v.missing)),
    mismatchedQuestions: Object.keys(
      mergeCounts(verified.map((v) => Object.fromEntries(v.mismatchedQuestions))),
    ).length,
  };
}
