// `npm run bench -- --help`: the live Q&A load benchmark. Starts the server (or targets --url),
// runs the load with the batched vote fan-out and, unless --no-baseline, again with the naive
// one, and prints one table. Exits 0 when the run completed (missed targets are reported, not
// failures), 1 when the harness itself broke, 2 on bad options.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from './cli.mjs';
import { machineCpuMs } from './process-sampler.mjs';
import { childFdLimit } from './fd-limit.mjs';
import { renderCeiling, renderNotes, renderReport } from './report.mjs';
import { runScenario } from './scenario.mjs';
import { writePlot } from './plot.mjs';
import { ensureBuilt, startTarget } from './server-process.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The server's per-participant vote limit (server/src/common/rate-limit/live-rate-limits.ts). */
const VOTES_PER_PARTICIPANT_PER_SEC = 60 / 10;

const cleanups = new Set();

function say(line) {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
}

function machine() {
  let cpu = 'unknown';
  try {
    cpu = /Model name:\s*(.*)/.exec(execFileSync('lscpu', { encoding: 'utf8' }))?.[1]?.trim() ?? cpu;
  } catch {
    // lscpu is optional
  }
  return {
    cores: os.availableParallelism(),
    memoryGb: os.totalmem() / 1024 ** 3,
    node: process.version,
    cpu,
  };
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error.message);
    return 2;
  }
  if (!options) return 0;

  const host = machine();
  say(
    `${host.cores} cores (${host.cpu}), ${host.memoryGb.toFixed(1)} GB, Node ${host.node}; ${options.workers} generator worker(s) share the CPUs with the server`,
  );
  const fd = childFdLimit(Math.max(65_536, options.viewers * 2 + 4096));
  const serverNeeds = options.viewers + 1024;
  say(`open-file limit: soft ${fd.soft}, hard ${fd.hard}; children run with ${fd.limit}`);
  if (fd.limit < serverNeeds) {
    say(
      `WARNING: ${options.viewers} viewers need about ${serverNeeds} descriptors in the server; raise the hard limit (ulimit -Hn) or expect connection errors`,
    );
  }
  if (options.votesPerSec / options.viewers > VOTES_PER_PARTICIPANT_PER_SEC) {
    say(
      `WARNING: ${options.votesPerSec} votes/s over ${options.viewers} viewers is more than the server's ${VOTES_PER_PARTICIPANT_PER_SEC} votes/s per participant: expect rate/limited answers; use at least ${Math.ceil(options.votesPerSec / VOTES_PER_PARTICIPANT_PER_SEC)} viewers`,
    );
  }
  if (!options.url) ensureBuilt(ROOT, options.build);
  const busy = await backgroundCpuPercent();
  if (busy !== null && busy > 30) {
    say(
      `WARNING: other processes use ${Math.round(busy)} % of a core right now; the figures will suffer (see "Other processes" in the table)`,
    );
  }

  const runs = options.url
    ? ['as configured']
    : ['batched', ...(options.baseline ? ['naive'] : []), ...(options.ceiling ? ['ceiling'] : [])];
  const results = {};
  for (const fanout of runs) {
    let target;
    if (options.url) {
      target = {
        url: options.url,
        pids: [],
        healthUrls: [options.url],
        proxyPid: null,
        engine: 'running server',
        fanout,
        postgres: false,
        stop: async () => {},
      };
    } else {
      say(
        fanout === 'ceiling'
          ? 'starting the ceiling: a bare socket.io server (bench/ceiling-server.mjs)…'
          : `starting the server (VOTE_FANOUT=${fanout}, ${options.databaseUrl ? 'PostgreSQL' : 'embedded database'}${options.instances > 1 ? `, ${options.instances} instances over Redis behind the bench's proxy` : ''})…`,
      );
      const server = await startTarget({
        root: ROOT,
        fanout,
        databaseUrl: options.databaseUrl,
        fdLimit: fd.limit,
        instances: fanout === 'ceiling' ? 1 : options.instances,
        redisUrl: options.redisUrl,
      });
      target = { ...server, fanout, postgres: server.engine === 'postgres' };
      say(
        `pid ${server.pids.join(', ')}${server.proxyPid ? ` (proxy ${server.proxyPid})` : ''} on ${server.url}`,
      );
    }
    cleanups.add(target.stop);
    try {
      results[fanout] = await runScenario(options, target, fd.limit, (line) => say(`${fanout}: ${line}`));
    } finally {
      await target.stop();
      cleanups.delete(target.stop);
    }
  }

  const ours = results.batched ?? results['as configured'];
  const naive = results.naive ?? null;
  const ceiling = results.ceiling ?? null;
  console.log(
    `\n${options.viewers} viewers, ${options.votesPerSec} votes/s, ${options.questionsPerSec} questions/s, ${options.seconds} s; ` +
      `${ours.engine} database${options.instances > 1 ? `, ${options.instances} instances over Redis behind the bench's sticky proxy` : ''}; ` +
      `${options.workers} worker(s); ${host.cores} cores, Node ${host.node}\n`,
  );
  console.log(renderReport(ours, naive, ceiling));
  if (ceiling) console.log(`\n${renderCeiling(ours, ceiling)}`);
  const notes = [
    renderNotes(ours, 'ours'),
    naive && renderNotes(naive, 'naive'),
    ceiling && renderNotes(ceiling, 'ceiling'),
  ];
  console.log(`\n${notes.filter(Boolean).join('\n')}\n`);
  if (options.json) {
    writeFileSync(options.json, JSON.stringify({ options, machine: host, results }, null, 2));
    say(`raw results written to ${options.json}`);
  }
  if (options.plot) {
    writePlot(options.plot, { options, machine: host, ours, naive, ceiling });
    say(`chart written to ${options.plot}`);
  }
  return 0;
}

/** CPU used by everything on the machine over one second (100 = one core), before we start. */
async function backgroundCpuPercent() {
  const before = machineCpuMs();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const after = machineCpuMs();
  return before === null || after === null ? null : (after - before) / 10;
}

async function cleanUp() {
  for (const stop of cleanups) await stop().catch(() => undefined);
}

process.once('SIGINT', () => {
  say('interrupted: stopping the server and the workers');
  void cleanUp().finally(() => process.exit(130));
});

main().then(
  (code) => process.exit(code),
  async (error) => {
    console.error(`\nThe benchmark harness failed: ${error.stack ?? error}`);
    await cleanUp();
    process.exit(1);
  },
);
