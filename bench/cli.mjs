// Command-line options of the benchmark: parsed, checked and defaulted in one place.
import os from 'node:os';

/**
 * @typedef {object} BenchOptions
 * @property {number} viewers          socket.io viewer connections, each a distinct participant
 * @property {number} votesPerSec      vote requests per second during the measured phase
 * @property {number} questionsPerSec  questions asked per second during the measured phase
 * @property {number} seconds          length of the measured phase
 * @property {number} seedQuestions    questions asked before the measured phase
 * @property {number} churnShare       share of questions whose votes are toggled (0..1)
 * @property {number} sample           viewers whose vote-to-screen latency is measured
 * @property {number} workers          load-generator processes
 * @property {number} connectConcurrency  connections opened at once per worker
 * @property {number} ackTimeoutMs     an acknowledgement later than this counts as an error
 * @property {number} drainSeconds     longest wait for deliveries to settle after the load
 * @property {boolean} baseline        also run the naive fan-out with the same load
 * @property {boolean} ceiling         also run the bare socket.io server with the same load
 * @property {number} instances        server instances (more than 1: over Redis, behind the bench's proxy)
 * @property {string} redisUrl         Redis for several instances
 * @property {string | null} plot      write an SVG chart of the runs to this file
 * @property {string | null} url       a running server to target instead of starting one
 * @property {string | null} databaseUrl  PostgreSQL server for throwaway databases
 * @property {boolean} build           run `npm run build` first even when dist exists
 * @property {string | null} json      write the raw results to this file
 */

const HELP = `Usage: npm run bench -- [options]

Load:
  --viewers N               viewer connections (default 1000)
  --votes-per-sec V         votes per second (default 200)
  --questions-per-sec Q     questions per second (default 2)
  --seconds S               measured phase (default 20)
  --seed-questions K        questions asked before the measured phase (default 20)
  --churn-share F           share of questions whose votes are toggled on and off (default 0.2);
                            vote-to-screen latency is measured on the others (upvotes only)
  --sample K                viewers whose vote-to-screen latency is measured (default 50)
  --workers W               load-generator processes (default: min(2, cores))
Target:
  --url URL                 a running server (127.0.0.1 only); no baseline, no CPU figure
  --database-url URL        PostgreSQL server (127.0.0.1 only): a throwaway database bench_<pid>
                            is created and dropped for each server start; default embedded
  --no-baseline             skip the naive fan-out run (VOTE_FANOUT=naive)
  --no-ceiling              skip the bare socket.io server run (bench/ceiling-server.mjs)
  --instances N             start N server instances over Redis behind the bench's own sticky
                            proxy (default 1; more than 1 needs --database-url)
  --redis-url URL           Redis for --instances (127.0.0.1 only; default
                            redis://127.0.0.1:6379/13: its own database number, so other users
                            of the same Redis do not receive the bench's broadcasts)
  --build                   rebuild (npm run build) before starting
Limits:
  --ack-timeout-ms MS       acknowledgement timeout (default 10000)
  --drain-seconds S         longest wait for deliveries to settle after the load (default 10)
  --connect-concurrency C   connections opened at once per worker (default 50)
Output:
  --json FILE               also write the raw results as JSON
  --plot FILE.svg           write a chart: vote-to-screen latency distributions of each run,
                            server RSS and CPU over time
`;

/** @returns {BenchOptions | null} null when help was asked for */
export function parseArgs(argv) {
  /** @type {BenchOptions} */
  const options = {
    viewers: 1000,
    votesPerSec: 200,
    questionsPerSec: 2,
    seconds: 20,
    seedQuestions: 20,
    churnShare: 0.2,
    sample: 50,
    workers: Math.max(1, Math.min(2, os.availableParallelism())),
    connectConcurrency: 50,
    ackTimeoutMs: 10_000,
    drainSeconds: 10,
    baseline: true,
    ceiling: true,
    instances: 1,
    redisUrl: 'redis://127.0.0.1:6379/13',
    plot: null,
    url: null,
    databaseUrl: null,
    build: false,
    json: null,
  };
  const numeric = {
    '--viewers': ['viewers', 1, 100_000],
    '--votes-per-sec': ['votesPerSec', 0, 100_000],
    '--questions-per-sec': ['questionsPerSec', 0, 1_000],
    '--seconds': ['seconds', 1, 3_600],
    '--seed-questions': ['seedQuestions', 1, 1_000],
    '--churn-share': ['churnShare', 0, 1],
    '--sample': ['sample', 1, 1_000],
    '--workers': ['workers', 1, 16],
    '--connect-concurrency': ['connectConcurrency', 1, 1_000],
    '--ack-timeout-ms': ['ackTimeoutMs', 100, 120_000],
    '--drain-seconds': ['drainSeconds', 1, 600],
    '--instances': ['instances', 1, 4],
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--help' || flag === '-h') {
      process.stdout.write(HELP);
      return null;
    } else if (flag in numeric) {
      const [key, min, max] = numeric[flag];
      const n = Number(value());
      if (!Number.isFinite(n) || n < min || n > max)
        throw new Error(`${flag} must be a number from ${min} to ${max}`);
      options[key] = n;
    } else if (flag === '--no-baseline') options.baseline = false;
    else if (flag === '--baseline') options.baseline = true;
    else if (flag === '--no-ceiling') options.ceiling = false;
    else if (flag === '--ceiling') options.ceiling = true;
    else if (flag === '--build') options.build = true;
    else if (flag === '--redis-url') options.redisUrl = localUrl(flag, value(), ['redis:']).href;
    else if (flag === '--plot') {
      options.plot = value();
      if (!options.plot.endsWith('.svg'))
        throw new Error('--plot writes SVG: give a file name ending in .svg');
    } else if (flag === '--url') options.url = localUrl(flag, value(), ['http:']).origin;
    else if (flag === '--database-url')
      options.databaseUrl = localUrl(flag, value(), ['postgres:', 'postgresql:']).href;
    else if (flag === '--json') options.json = value();
    else throw new Error(`Unknown option ${flag}. See --help.`);
  }
  for (const key of [
    'viewers',
    'seconds',
    'seedQuestions',
    'sample',
    'workers',
    'connectConcurrency',
    'instances',
  ]) {
    options[key] = Math.round(options[key]);
  }
  if (options.url && options.databaseUrl) throw new Error('--url and --database-url exclude each other');
  if (options.url && options.instances > 1) throw new Error('--url and --instances exclude each other');
  if (options.instances > 1 && !options.databaseUrl)
    throw new Error(
      '--instances needs --database-url: several instances share one PostgreSQL database (the embedded one belongs to one process)',
    );
  if (options.url) {
    options.baseline = false;
    options.ceiling = false;
  }
  options.workers = Math.min(options.workers, options.viewers);
  options.sample = Math.min(options.sample, options.viewers);
  return options;
}

/** Only this machine is a target: the benchmark must never load someone else's server. */
function localUrl(flag, raw, protocols) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${flag} is not a URL: ${raw}`);
  }
  if (!protocols.includes(url.protocol)) throw new Error(`${flag} must start with ${protocols[0]}//`);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new Error(`${flag} must point at 127.0.0.1 (got ${url.hostname})`);
  }
  return url;
}
