// One measured run against one server, phase by phase: connect the viewers (in two steps, for
// the memory slope), seed questions, apply the load, let deliveries settle, check the counts.
import { figures } from './figures.mjs';
import { LagProbe } from './lag-probe.mjs';
import { connectLive, findTarget, newParticipant, now, request } from './live-api.mjs';
import { Sampler } from './process-sampler.mjs';
import { WorkerPool } from './worker-pool.mjs';

/** Deliveries have settled when no viewer received anything for this long… */
const QUIET_MS = 1500;
/** …and the server answers clock:sync within this (a server busy with a backlog sends nothing). */
const PROMPT_MS = 100;
/** Share of the viewers connected before the first memory mark. */
const FIRST_STEP = 0.2;
/** How long the count check may wait for a fresh snapshot from a busy server. */
const VERIFY_BUDGET_MS = 30_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const sum = (values) => values.reduce((a, b) => a + b, 0);
/** The k-th of n equal integer shares of total. */
const share = (total, k, n) => Math.floor(total / n) + (k < total % n ? 1 : 0);

/**
 * @param {import('./cli.mjs').BenchOptions} options
 * @param {{ url: string, pid: number | null, engine: string, fanout: string, postgres: boolean }} target
 * @param {number} fdLimit
 * @param {(line: string) => void} say
 */
export async function runScenario(options, target, fdLimit, say) {
  const { partId, blockId } = await findTarget(target.url);
  const n = options.workers;
  const pool = new WorkerPool(n, fdLimit);
  const sampler = new Sampler({
    serverPids: target.pids,
    healthUrls: target.healthUrls,
    proxyPid: target.proxyPid,
    generatorPids: pool.pids,
    postgres: target.postgres,
  });
  /** @type {LagProbe | null} */
  let probe = null;
  try {
    const idle = await sampler.mark();
    pool.workers.forEach((_, k) =>
      pool.send(k, {
        type: 'init',
        config: {
          url: target.url,
          partId,
          blockId,
          viewers: share(options.viewers, k, n),
          sample: share(options.sample, k, n),
          workerIndex: k,
          connectConcurrency: options.connectConcurrency,
          ackTimeoutMs: options.ackTimeoutMs,
        },
      }),
    );
    const crowd = await connectViewers(options, pool, sampler, say);
    const questionCount = await seedQuestions(options, pool);

    say(
      `load: ${options.votesPerSec} votes/s, ${options.questionsPerSec} questions/s for ${options.seconds} s…`,
    );
    const startAt = now() + 500;
    const endAt = startAt + options.seconds * 1000;
    probe = await LagProbe.open(target.url).catch(() => null);
    probe?.run(endAt);
    await pool.askAll(
      () => ({
        type: 'start',
        startAt,
        seconds: options.seconds,
        votesPerSec: options.votesPerSec / n,
        questionsPerSec: options.questionsPerSec / n,
      }),
      'load-done',
      options.seconds * 1000 + options.ackTimeoutMs + 30_000,
    );
    const drain = await waitForQuiet(pool, probe, options.drainSeconds * 1000);
    say(
      drain.quiet
        ? `deliveries settled ${(drain.ms / 1000).toFixed(1)} s after the last ack`
        : `deliveries still arriving after ${options.drainSeconds} s: checking anyway`,
    );
    const check = await checkCounts(options, pool, target.url, partId, say);
    const raw = await pool.askAll(() => ({ type: 'collect' }), 'results', 60_000);
    return figures({
      options,
      target,
      crowd: { ...crowd, idle },
      usage: { ...sampler.between(startAt, endAt), series: sampler.series(startAt) },
      lag: probe?.result() ?? null,
      drain,
      check,
      raw,
      window: { startAt, endAt },
      questionCount: questionCount(),
    });
  } finally {
    probe?.close();
    sampler.stop();
    await pool.close();
  }
}

/**
 * Connects everybody, in two steps with a memory mark after each: memory per viewer is the slope
 * between them, so start-up costs and the first connection's fixed costs are not counted.
 */
async function connectViewers(options, pool, sampler, say) {
  const n = pool.workers.length;
  say(`connecting ${options.viewers} viewers over ${n} worker(s)…`);
  // Generous: on a machine shared with other work, joins have taken 0.2 s each.
  const timeout = 120_000 + options.viewers * 100;
  const connectUpTo = (fraction) =>
    pool.askAll(
      (k) => ({ type: 'connect', upTo: Math.ceil(share(options.viewers, k, n) * fraction) }),
      'connected',
      timeout,
    );
  const first = await connectUpTo(FIRST_STEP);
  await sleep(2000);
  const partly = { ...(await sampler.mark()), viewers: sum(first.map((c) => c.connected)) };
  const all = await connectUpTo(1);
  const viewers = sum(all.map((c) => c.connected));
  if (viewers === 0) throw new Error('No viewer could connect and join');
  const connectMs = (sum(first.map((c) => c.connectMs)) + sum(all.map((c) => c.connectMs))) / n;
  say(`${viewers} joined in ${(connectMs / 1000).toFixed(1)} s`);
  await sleep(2000);
  const joined = { ...(await sampler.mark()), viewers };
  joined.releasedBytes = sampler.releasedBetween(partly.t, joined.t);
  return { viewers, connectMs, partly, joined };
}

/**
 * Seeds questions, then keeps announcing every acknowledged question to all workers, tagged
 * churn (votes toggled) or not (upvotes only). Returns a reader of the number of questions.
 */
async function seedQuestions(options, pool) {
  const n = pool.workers.length;
  let count = 0;
  const churnOf = (i) => Math.floor((i + 1) * options.churnShare) > Math.floor(i * options.churnShare);
  const announce = (ids) =>
    pool.broadcast({ type: 'questions', list: ids.map((id) => ({ id, churn: churnOf(count++) })) });
  pool.onMessage((message) => {
    if (message.type === 'asked') announce([message.id]);
  });
  const seeded = await pool.askAll(
    (k) => ({ type: 'seed', count: share(options.seedQuestions, k, n) }),
    'seeded',
    options.ackTimeoutMs * 3 + 10_000,
  );
  announce(seeded.flatMap((s) => s.ids));
  await sleep(1000); // let the seeds' upserts land before the clock starts
  return () => count;
}

/** Waits until QUIET_MS without deliveries and a prompt server, or the deadline. */
async function waitForQuiet(pool, probe, maxMs) {
  const started = now();
  while (now() - started < maxMs) {
    await sleep(250);
    try {
      const probes = await pool.askAll(() => ({ type: 'probe' }), 'probe', 5000);
      if (now() - Math.max(...probes.map((p) => p.lastPushAt)) < QUIET_MS) continue;
      if (!probe || (await probe.ping(Math.max(100, maxMs - (now() - started)))) < PROMPT_MS) {
        return { quiet: true, ms: now() - started };
      }
    } catch {
      // a worker too busy to answer is not quiet
    }
  }
  return { quiet: false, ms: now() - started };
}

/**
 * The counts a newly arriving viewer is shown, whether the connected viewers show the same, and
 * the server's record of every vote (each viewer rejoins and reads its `voted` flags).
 */
async function checkCounts(options, pool, url, partId, say) {
  const snapshot = await freshSnapshot(url, partId, VERIFY_BUDGET_MS);
  if (!snapshot.ok) {
    say(`no fresh snapshot for the count check: ${snapshot.reason}`);
    return { counts: null, verified: null, truth: null };
  }
  const counts = snapshot.data.questions.map((q) => [q.id, q.votes]);
  const verified = await pool.askAll(() => ({ type: 'verify', counts }), 'verified', 60_000);
  const perWorker = options.viewers / pool.workers.length;
  const truth = await pool.askAll(
    () => ({ type: 'truth' }),
    'truth',
    60_000 + (perWorker * options.ackTimeoutMs) / 20,
  );
  return { counts, verified, truth };
}

/** A busy server may not answer in time: that is a result (no check possible), not a failure. */
async function freshSnapshot(url, partId, budgetMs) {
  const deadline = now() + budgetMs;
  let reason = 'no attempt';
  while (now() < deadline) {
    let socket = null;
    try {
      const { token } = await newParticipant(url);
      socket = await connectLive(url, token, Math.max(1000, deadline - now()));
      const ack = await request(socket, 'part:join', { partId }, Math.max(1000, deadline - now()));
      if (ack.ok) return { ok: true, data: ack.data };
      reason = `part:join answered ${ack.error}`;
    } catch (error) {
      reason = String(error.message ?? error);
    } finally {
      socket?.close();
    }
    await sleep(500);
  }
  return { ok: false, reason: `${reason} (gave up after ${Math.round(budgetMs / 1000)} s)` };
}
