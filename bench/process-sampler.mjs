// Samples the server's RSS and CPU time from /proc (or its /api/health when it is not our child)
// and its heap from /api/health, plus the CPU time of the generator's processes.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { now } from './live-api.mjs';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU time (user + system, ms) and resident memory (bytes) of a process; null when it is gone. */
export function readProc(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS; // utime, stime
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    return { cpuMs, rssBytes: rssKb * 1024 };
  } catch {
    return null;
  }
}

/** CPU time (ms) all processes of the machine have used since boot, summed over the cores. */
export function machineCpuMs() {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = ticks;
    return ((user + nice + system + irq + softirq + steal) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/**
 * CPU time of every PostgreSQL process on the machine (comm "postgres"), accumulated per pid so
 * backends that come and go are counted. Includes other databases of the same server.
 */
class PostgresMeter {
  last = new Map();
  totalMs = 0;

  read() {
    const seen = new Map();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      } catch {
        continue;
      }
      const cpuMs = readProc(Number(entry))?.cpuMs;
      if (cpuMs === undefined) continue;
      seen.set(entry, cpuMs);
      const before = this.last.get(entry);
      // A backend first seen now counts from the start of this meter only if it is new.
      if (before !== undefined) this.totalMs += Math.max(0, cpuMs - before);
      else if (this.last.size > 0) this.totalMs += cpuMs;
    }
    this.last = seen;
    return this.totalMs;
  }
}

export class Sampler {
  /**
   * Several server pids (a cluster) are summed, and so are their /api/health readings.
   * @param {{ serverPids: number[], healthUrls: string[], proxyPid?: number | null, generatorPids: number[], postgres?: boolean, intervalMs?: number }} options
   */
  constructor({
    serverPids,
    healthUrls,
    proxyPid = null,
    generatorPids,
    postgres = false,
    intervalMs = 500,
  }) {
    this.postgres = postgres ? new PostgresMeter() : null;
    this.serverPids = serverPids;
    this.healthUrls = healthUrls;
    this.proxyPid = proxyPid;
    this.generatorPids = generatorPids;
    /** @type {{ t: number, cpuMs: number | null, rssBytes: number | null, generatorCpuMs: number }[]} */
    this.samples = [];
    /** @type {{ t: number, heapUsedBytes: number, rssBytes: number }[]} */
    this.health = [];
    this.healthInFlight = false;
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    this.sample();
  }

  sample() {
    const t = now();
    const readings = this.serverPids.map((pid) => readProc(pid));
    const server =
      readings.length && readings.every(Boolean)
        ? {
            cpuMs: readings.reduce((sum, r) => sum + r.cpuMs, 0),
            rssBytes: readings.reduce((sum, r) => sum + r.rssBytes, 0),
          }
        : null;
    const generatorCpuMs = this.generatorPids.reduce((sum, pid) => sum + (readProc(pid)?.cpuMs ?? 0), 0);
    this.samples.push({
      t,
      cpuMs: server?.cpuMs ?? null,
      rssBytes: server?.rssBytes ?? null,
      generatorCpuMs,
      proxyCpuMs: this.proxyPid ? (readProc(this.proxyPid)?.cpuMs ?? null) : null,
      postgresCpuMs: this.postgres?.read() ?? null,
      machineCpuMs: machineCpuMs(),
    });
    if (!this.healthInFlight) {
      this.healthInFlight = true;
      void this.readHealth().finally(() => (this.healthInFlight = false));
    }
  }

  async readHealth() {
    try {
      const bodies = await Promise.all(
        this.healthUrls.map(async (url) => {
          const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) });
          return response.json();
        }),
      );
      if (bodies.every((body) => body.process))
        this.health.push({
          t: now(),
          heapUsedBytes: bodies.reduce((sum, body) => sum + body.process.heapUsedBytes, 0),
          rssBytes: bodies.reduce((sum, body) => sum + body.process.rssBytes, 0),
        });
    } catch {
      // a slow or failed probe is just a missing sample
    }
  }

  /**
   * Figures for the idle and connected marks: RSS now, and the lowest of a few heap readings
   * (the heap between collections is noise; its floor is what the connections hold).
   */
  async mark(readings = 4) {
    const heaps = [];
    for (let k = 0; k < readings; k++) {
      if (k) await new Promise((resolve) => setTimeout(resolve, 500));
      await this.readHealth();
      const health = this.health.at(-1);
      if (health) heaps.push(health.heapUsedBytes);
    }
    this.sample();
    const rss = this.samples.at(-1).rssBytes ?? this.health.at(-1)?.rssBytes ?? null;
    return { t: now(), rssBytes: rss, heapUsedBytes: heaps.length ? Math.min(...heaps) : null };
  }

  /**
   * RSS the process gave back in sudden drops between two instants (the embedded database's
   * start-up memory is released at some garbage collection, hundreds of MB at once).
   */
  releasedBetween(from, to, thresholdBytes = 32 * 1024 ** 2) {
    const rss = this.samples
      .filter((s) => s.t >= from && s.t <= to && s.rssBytes !== null)
      .map((s) => s.rssBytes);
    let released = 0;
    for (let k = 1; k < rss.length; k++)
      if (rss[k - 1] - rss[k] > thresholdBytes) released += rss[k - 1] - rss[k];
    return released;
  }

  /** CPU use (100 = one core), peak RSS and peak heap between two instants. */
  between(from, to) {
    const inside = this.samples.filter((s) => s.t >= from && s.t <= to);
    const health = this.health.filter((h) => h.t >= from && h.t <= to);
    const first = inside[0];
    const last = inside.at(-1);
    const span = first && last && last.t > first.t ? last.t - first.t : null;
    const percent = (a, b) => (span && a !== null && b !== null ? ((b - a) / span) * 100 : null);
    const rss = inside.map((s) => s.rssBytes).filter((v) => v !== null);
    const server = percent(first?.cpuMs ?? null, last?.cpuMs ?? null);
    const generator = percent(first?.generatorCpuMs ?? null, last?.generatorCpuMs ?? null);
    const machine = percent(first?.machineCpuMs ?? null, last?.machineCpuMs ?? null);
    const postgres = percent(first?.postgresCpuMs ?? null, last?.postgresCpuMs ?? null);
    const proxy = percent(first?.proxyCpuMs ?? null, last?.proxyCpuMs ?? null);
    return {
      cpuPercent: server,
      generatorCpuPercent: generator,
      postgresCpuPercent: postgres,
      proxyCpuPercent: proxy,
      /** Everything else on the machine (other people's builds and tests, this orchestrator). */
      otherCpuPercent:
        machine === null || generator === null
          ? null
          : machine - generator - (server ?? 0) - (postgres ?? 0) - (proxy ?? 0),
      peakRssBytes: rss.length
        ? Math.max(...rss)
        : health.length
          ? Math.max(...health.map((h) => h.rssBytes))
          : null,
      peakHeapBytes: health.length ? Math.max(...health.map((h) => h.heapUsedBytes)) : null,
    };
  }

  /** Every sample relative to `origin`: [seconds, RSS MB, server CPU s, generator CPU s]. */
  series(origin) {
    const round = (v, d) => (v === null ? null : Number(v.toFixed(d)));
    return this.samples.map((s) => [
      round((s.t - origin) / 1000, 1),
      round(s.rssBytes === null ? null : s.rssBytes / 1024 ** 2, 0),
      round(s.cpuMs === null ? null : s.cpuMs / 1000, 2),
      round(s.generatorCpuMs / 1000, 2),
    ]);
  }

  stop() {
    clearInterval(this.timer);
  }
}
