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

/**
 * The numeric options, each once: its default, its bounds, and whether it counts whole things
 * (rounded). The flag is the name in kebab-case (`votesPerSec`: `--votes-per-sec`).
 * @type {Record<string, { fallback: number, min: number, max: number, whole?: true }>}
 */
const NUMBERS = {
  viewers: { fallback: 1000, min: 1, max: 100_000, whole: true },
  votesPerSec: { fallback: 200, min: 0, max: 100_000 },
  questionsPerSec: { fallback: 2, min: 0, max: 1_000 },
  seconds: { fallback: 20, min: 1, max: 3_600, whole: true },
  seedQuestions: { fallback: 20, min: 1, max: 1_000, whole: true },
  churnShare: { fallback: 0.2, min: 0, max: 1 },
  sample: { fallback: 50, min: 1, max: 1_000, whole: true },
  workers: { fallback: Math.max(1, Math.min(2, os.availableParallelism())), min: 1, max: 16, whole: true },
  connectConcurrency: { fallback: 50, min: 1, max: 1_000, whole: true },
  ackTimeoutMs: { fallback: 10_000, min: 100, max: 120_000 },
  drainSeconds: { fallback: 10, min: 1, max: 600 },
  instances: { fallback: 1, min: 1, max: 4, whole: true },
};

/** `votesPerSec` → `--votes-per-sec`. */
function flagOf(key) {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** @returns {BenchOptions | null} null when help was asked for */
export function parseArgs(argv) {
  /** @type {BenchOptions} */
  const options = {
    ...Object.fromEntries(Object.entries(NUMBERS).map(([key, { fallback }]) => [key, fallback])),
    baseline: true,
    ceiling: true,
    redisUrl: 'redis://127.0.0.1:6379/13',
    plot: null,
    url: null,
    databaseUrl: null,
    build: false,
    json: null,
  };
  const flags = new Map(Object.keys(NUMBERS).map((key) => [flagOf(key), key]));
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
    } else if (flags.has(flag)) {
      const key = flags.get(flag);
      const { min, max, whole } = NUMBERS[key];
      const n = Number(value());
      if (!Number.isFinite(n) || n < min || n > max)
        throw new Error(`${flag} must be a number from ${min} to ${max}`);
      options[key] = whole ? Math.round(n) : n;
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
