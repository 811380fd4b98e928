// One load-generator process: holds a share of the viewer connections, sends its share of the
// questions and votes, and records what its viewers receive. Driven by the orchestrator over IPC
// (worker-pool.mjs), one phase per message; every phase is bounded in time and count.
import { randomUUID } from 'node:crypto';
import { now, pooled, request } from './live-api.mjs';
import { Reception, Viewer } from './viewer.mjs';
import { NONE, PENDING, UNKNOWN, VOTED, VotePlan } from './vote-plan.mjs';

const TICK_MS = 5;

/** @type {{ url: string, partId: string, blockId: string, viewers: number, sample: number, workerIndex: number, connectConcurrency: number, ackTimeoutMs: number }} */
let config;
/** @type {Viewer[]} */
const viewers = [];
const reception = new Reception();
/** @type {VotePlan} */
let plan;
let sampled = new Set();
let attempted = 0;
let closing = false;
let inflight = 0;
let askCursor = 0;
/** question id → index of the local viewer who asked it (it may not upvote it) */
const askers = new Map();

const errors = /** @type {Record<string, number>} */ ({});
const results = {
  joinLatencies: [],
  askLatencies: [],
  voteLatencies: [],
  /** ok vote acks: ack time */
  voteAckTimes: [],
  /** upvotes on questions that only ever get upvotes: question id, count in the ack, ack and send time */
  ackedUpvotes: { ids: [], counts: [], times: [], sentTimes: [] },
  added: 0,
  removed: 0,
  uncertainVotes: 0,
  /** Vote acks whose `votes` was missing or not a number (the contract says it is the count). */
  acksWithoutCount: 0,
  votesSent: 0,
  asksSent: 0,
  skippedNoChoice: 0,
  skippedBacklog: 0,
  maxTickGapMs: 0,
};

function countError(code) {
  errors[code] = (errors[code] ?? 0) + 1;
}

// ---- connecting ----------------------------------------------------------------------------

function init(message) {
  config = message.config;
  const every = config.sample > 0 ? config.viewers / config.sample : Infinity;
  sampled = new Set(Array.from({ length: config.sample }, (_, k) => Math.floor(k * every)));
}

/** Connects and joins viewers until `upTo` of this worker's viewers have been tried. */
async function connectUpTo(upTo) {
  const started = now();
  const first = attempted;
  const count = Math.max(0, Math.min(upTo, config.viewers) - first);
  attempted += count;
  const joined = [];
  await pooled(count, config.connectConcurrency, async (k) => {
    const index = first + k;
    const t0 = now();
    try {
      const viewer = await Viewer.join(config, {
        sampled: sampled.has(index),
        reception,
        onDrop: (reason) => closing || countError(`disconnect: ${reason}`),
      });
      results.joinLatencies.push(now() - t0);
      joined.push([index, viewer]);
    } catch (error) {
      countError(`connect: ${String(error.message ?? error).slice(0, 80)}`);
    }
  });
  viewers.push(...joined.sort((a, b) => a[0] - b[0]).map(([, viewer]) => viewer));
  return { connected: viewers.length, failed: attempted - viewers.length, connectMs: now() - started };
}

// ---- asking --------------------------------------------------------------------------------

/** Asks one question from the next viewer in turn; resolves with its id, or null. */
async function ask(label, measured) {
  const alive = viewers.filter((v) => v.alive);
  if (alive.length === 0) return null;
  const viewer = alive[askCursor++ % alive.length];
  const id = randomUUID();
  const body = `${label}: how does this apply to patients who ${randomUUID().slice(0, 8)}?`;
  const sentAt = now();
  if (measured) results.asksSent++;
  const ack = await request(
    viewer.socket,
    'question:ask',
    { id, blockId: config.blockId, body },
    config.ackTimeoutMs,
  );
  const t = now();
  reception.ack(t);
  if (!ack.ok) {
    countError(`ask: ${ack.error}`);
    return null;
  }
  if (measured) results.askLatencies.push(t - sentAt);
  // Held for review (the hold rules can read the random part as a record number): only its asker
  // and the moderators see it, so no viewer could vote on it. It is not a vote target.
  if (ack.data?.status === 'pending') return null;
  askers.set(id, viewers.indexOf(viewer));
  return id;
}

/** Questions before the measured phase, ten at a time; not part of the ask latencies. */
async function seed(count) {
  const ids = [];
  await pooled(count, 10, async (k) => {
    const id = await ask(`Seed question ${config.workerIndex}.${k}`, false);
    if (id) ids.push(id);
  });
  return ids;
}

function sendAsk() {
  inflight++;
  void ask(`Load question ${config.workerIndex}.${results.asksSent}`, true).then((id) => {
    inflight--;
    if (id) process.send({ type: 'asked', id });
  });
}

// ---- voting --------------------------------------------------------------------------------

function sendVote(maxInflight) {
  if (inflight >= maxInflight) {
    results.skippedBacklog++;
    return;
  }
  const choice = plan?.next((voter) => viewers[voter].alive) ?? null;
  if (!choice) {
    results.skippedNoChoice++;
    return;
  }
  const { question, voter, voted } = choice;
  const before = question.states[voter];
  question.states[voter] = PENDING;
  inflight++;
  results.votesSent++;
  const sentAt = now();
  const payload = { questionId: question.id, voted };
  void request(viewers[voter].socket, 'question:vote', payload, config.ackTimeoutMs).then((ack) => {
    const t = now();
    inflight--;
    reception.ack(t);
    if (!ack.ok) {
      countError(`vote: ${ack.error}`);
      if (ack.error === 'timeout') results.uncertainVotes++;
      question.states[voter] = ack.error === 'timeout' ? UNKNOWN : before;
      return;
    }
    question.states[voter] = voted ? VOTED : NONE;
    results.voteLatencies.push(t - sentAt);
    results.voteAckTimes.push(t);
    if (voted) results.added++;
    else results.removed++;
    if (voted && !question.churn) recordUpvote(question.id, ack.data.votes, t, sentAt);
  });
}

function recordUpvote(id, count, t, sentAt) {
  const upvotes = results.ackedUpvotes;
  if (typeof count !== 'number') results.acksWithoutCount++;
  upvotes.ids.push(id);
  upvotes.counts.push(typeof count === 'number' ? count : NaN);
  upvotes.times.push(t);
  upvotes.sentTimes.push(sentAt);
}

// ---- the measured phase --------------------------------------------------------------------

/** Open loop: requests go out on schedule whether or not earlier ones were answered. */
function runLoad({ startAt, seconds, votesPerSec, questionsPerSec }) {
  const endAt = startAt + seconds * 1000;
  reception.window = { start: startAt, end: endAt };
  const maxInflight = Math.max(1000, Math.ceil(votesPerSec * 5));
  let votes = 0;
  let asks = 0;
  let lastTick = now();
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const t = now();
      if (t > startAt) results.maxTickGapMs = Math.max(results.maxTickGapMs, t - lastTick);
      lastTick = t;
      const elapsed = (Math.min(t, endAt) - startAt) / 1000;
      if (elapsed < 0) return;
      for (const due = Math.floor(elapsed * questionsPerSec); asks < due; asks++) sendAsk();
      for (const due = Math.floor(elapsed * votesPerSec); votes < due; votes++) sendVote(maxInflight);
      if (t >= endAt) {
        clearInterval(timer);
        settle().then(resolve);
      }
    }, TICK_MS);
  });
}

/** Waits for the answers still in flight; each one resolves by its timeout at the latest. */
async function settle() {
  const deadline = now() + config.ackTimeoutMs + 2000;
  while (inflight > 0 && now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return { inflightLeft: inflight };
}

// ---- checks --------------------------------------------------------------------------------

/** Do the connected viewers show the server's counts? */
function verify(counts) {
  let pairs = 0;
  let mismatches = 0;
  let missing = 0;
  const mismatchedQuestions = new Map();
  const alive = viewers.filter((v) => v.alive);
  for (const viewer of alive) {
    for (const [id, votes] of counts) {
      pairs++;
      const held = viewer.seen.get(id);
      if (!held) missing++;
      else if (held.votes !== votes) {
        mismatches++;
        mismatchedQuestions.set(id, (mismatchedQuestions.get(id) ?? 0) + 1);
      }
    }
  }
  return {
    viewersChecked: alive.length,
    pairs,
    mismatches,
    missing,
    mismatchedQuestions: [...mismatchedQuestions],
  };
}

/**
 * The server's own record of every vote of this worker's viewers: each viewer joins again and
 * reads its `voted` flags. Also compares them with what the acknowledgements said.
 */
async function truth() {
  const votesPerQuestion = new Map();
  let failed = 0;
  let ackMismatches = 0;
  let resolvedUnknown = 0;
  await pooled(viewers.length, 20, async (position) => {
    const viewer = viewers[position];
    const ack = viewer.alive
      ? await request(viewer.socket, 'part:join', { partId: config.partId }, config.ackTimeoutMs)
      : null;
    if (!ack?.ok) {
      failed++;
      return;
    }
    for (const q of ack.data.questions) {
      if (q.voted) votesPerQuestion.set(q.id, (votesPerQuestion.get(q.id) ?? 0) + 1);
      const state = plan?.state(q.id, position);
      if (state === undefined) continue;
      if (state === UNKNOWN || state === PENDING) resolvedUnknown++;
      else if ((state === VOTED) !== q.voted) ackMismatches++;
    }
  });
  return { failed, votesPerQuestion: [...votesPerQuestion], ackMismatches, resolvedUnknown };
}

function collect() {
  return {
    ...results,
    aliveAtEnd: viewers.filter((v) => v.alive).length,
    errors,
    received: reception.toJSON(),
    timelines: viewers.filter((v) => v.timeline).map((v) => v.timelineEntries()),
  };
}

function closeAll() {
  closing = true;
  for (const viewer of viewers) viewer.socket.close();
}

// ---- IPC -----------------------------------------------------------------------------------

async function handle(message) {
  switch (message.type) {
    case 'init':
      return init(message);
    case 'connect':
      return process.send({ type: 'connected', ...(await connectUpTo(message.upTo)) });
    case 'seed':
      return process.send({ type: 'seeded', ids: await seed(message.count) });
    case 'questions':
      // Learnt after every viewer is connected: the plan is sized for them.
      plan ??= new VotePlan(viewers.length);
      return plan.learn(message.list, askers);
    case 'start':
      return process.send({ type: 'load-done', ...(await runLoad(message)) });
    case 'probe':
      return process.send({ type: 'probe', lastPushAt: reception.lastPushAt });
    case 'verify':
      return process.send({ type: 'verified', ...verify(message.counts) });
    case 'truth':
      return process.send({ type: 'truth', ...(await truth()) });
    case 'collect': {
      const collected = collect();
      closeAll(); // done listening: a worker still flooded with pushes answers sooner
      return process.send({ type: 'results', ...collected });
    }
    case 'close':
      closeAll();
      setTimeout(() => process.exit(0), 200);
      return;
  }
}

process.on('message', (message) => {
  void handle(message).catch((error) => {
    process.send({ type: 'fatal', message: String(error.stack ?? error) });
  });
});
process.on('disconnect', () => process.exit(0));
