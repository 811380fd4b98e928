// `--plot FILE.svg`: one self-contained SVG of a benchmark invocation, written by hand (no chart
// library): the vote-to-screen latency distribution of each run (ours, naive, ceiling), and the
// server's RSS and CPU over time, the load's window shaded.
import { writeFileSync } from 'node:fs';

const WIDTH = 1100;
const PANEL_HEIGHT = 250;
const MARGIN = { left: 70, right: 290, top: 34, bottom: 42 };
const RUNS = [
  ['ours', 'Ours', '#1f5fbf'],
  ['naive', 'Naive', '#d9622b'],
  ['ceiling', 'Ceiling', '#2a9d4b'],
];

const escape = (text) =>
  String(text).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const fixed = (value) => Number(value.toFixed(1));

/** A linear or logarithmic scale from data to pixels. */
function scale([d0, d1], [p0, p1], log = false) {
  const f = log ? Math.log10 : (v) => v;
  const a = f(d0);
  const b = f(d1);
  return (v) => fixed(p0 + ((f(v) - a) / (b - a || 1)) * (p1 - p0));
}

function niceStep(span, ticks) {
  const raw = span / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw) ?? raw;
}

function linearTicks([lo, hi], count = 5) {
  const step = niceStep(hi - lo || 1, count);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    out.push(Number(v.toPrecision(12)));
  return out;
}

function logTicks([lo, hi]) {
  const out = [];
  for (let p = Math.floor(Math.log10(lo)); 10 ** p <= hi * 1.0001; p++)
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** p;
      if (v >= lo && v <= hi) out.push(v);
    }
  return out;
}

const formatMs = (v) => (v >= 1000 ? `${v / 1000} s` : `${v} ms`);

/** One panel: frame, grid, axes' labels, and the lines given as [label, colour, [x, y][]] */
function panel({
  top,
  title,
  xLabel,
  yLabel,
  xDomain,
  yDomain,
  xLog = false,
  xFormat,
  yFormat,
  lines,
  shade,
  notes = [],
}) {
  const left = MARGIN.left;
  const right = WIDTH - MARGIN.right;
  const plotTop = top + MARGIN.top;
  const bottom = top + PANEL_HEIGHT - MARGIN.bottom;
  const x = scale(xDomain, [left, right], xLog);
  const y = scale(yDomain, [bottom, plotTop]);
  const parts = [`<text x="${left}" y="${top + 20}" class="title">${escape(title)}</text>`];
  if (shade) {
    const [s0, s1] = shade.map((v) => Math.min(right, Math.max(left, x(v))));
    parts.push(
      `<rect x="${s0}" y="${plotTop}" width="${fixed(s1 - s0)}" height="${bottom - plotTop}" class="shade"/>`,
    );
    parts.push(
      `<text x="${fixed((s0 + s1) / 2)}" y="${plotTop + 14}" class="note" text-anchor="middle">load</text>`,
    );
  }
  const xTicks = xLog ? logTicks(xDomain) : linearTicks(xDomain, 8);
  for (const v of xTicks) {
    parts.push(`<line x1="${x(v)}" x2="${x(v)}" y1="${plotTop}" y2="${bottom}" class="grid"/>`);
    parts.push(
      `<text x="${x(v)}" y="${bottom + 16}" class="tick" text-anchor="middle">${escape(xFormat(v))}</text>`,
    );
  }
  for (const v of linearTicks(yDomain, 5)) {
    parts.push(`<line x1="${left}" x2="${right}" y1="${y(v)}" y2="${y(v)}" class="grid"/>`);
    parts.push(
      `<text x="${left - 6}" y="${y(v) + 4}" class="tick" text-anchor="end">${escape(yFormat(v))}</text>`,
    );
  }
  parts.push(
    `<rect x="${left}" y="${plotTop}" width="${right - left}" height="${bottom - plotTop}" class="frame"/>`,
  );
  parts.push(
    `<text x="${(left + right) / 2}" y="${bottom + 34}" class="axis" text-anchor="middle">${escape(xLabel)}</text>`,
  );
  parts.push(
    `<text transform="translate(${left - 52} ${(plotTop + bottom) / 2}) rotate(-90)" class="axis" text-anchor="middle">${escape(yLabel)}</text>`,
  );
  const clip = `clip${top}`;
  parts.push(
    `<clipPath id="${clip}"><rect x="${left}" y="${plotTop}" width="${right - left}" height="${bottom - plotTop}"/></clipPath>`,
  );
  lines.forEach(([label, colour, points], k) => {
    const path = points
      .filter(([px, py]) => Number.isFinite(px) && Number.isFinite(py))
      .map(([px, py], i) => `${i ? 'L' : 'M'}${x(px)} ${y(py)}`)
      .join('');
    if (path) parts.push(`<path d="${path}" stroke="${colour}" clip-path="url(#${clip})" class="line"/>`);
    const ly = plotTop + 8 + k * 20;
    parts.push(
      `<line x1="${right + 12}" x2="${right + 34}" y1="${ly}" y2="${ly}" stroke="${colour}" class="line"/>`,
    );
    parts.push(`<text x="${right + 40}" y="${ly + 4}" class="legend">${escape(label)}</text>`);
  });
  notes.forEach((note, k) => {
    parts.push(
      `<text x="${right + 12}" y="${plotTop + 8 + (lines.length + k) * 20 + 10}" class="note">${escape(note)}</text>`,
    );
  });
  return parts.join('\n');
}

/** CPU per sample interval (100 = one core) from cumulative CPU seconds. */
function cpuSeries(series, column) {
  const out = [];
  for (let k = 1; k < series.length; k++) {
    const [t0] = series[k - 1];
    const [t1] = series[k];
    const a = series[k - 1][column];
    const b = series[k][column];
    if (a === null || b === null || t1 <= t0) continue;
    out.push([t1, ((b - a) / (t1 - t0)) * 100]);
  }
  // Half-second samples are jumpy: a centred moving average over about 2 s.
  return out.map(([t], k) => {
    const window = out.slice(Math.max(0, k - 2), k + 3);
    return [t, window.reduce((sum, [, v]) => sum + v, 0) / window.length];
  });
}

export function renderPlot({ options, machine, ours, naive, ceiling }) {
  const present = RUNS.map(([key, label, colour]) => [{ ours, naive, ceiling }[key], label, colour]).filter(
    ([run]) => run,
  );

  // 1. Latency distributions (log time axis; "never shown" samples are off the right edge).
  const finite = present
    .flatMap(([run]) => run.voteToScreen.quantiles.map(([, v]) => v))
    .filter((v) => v !== null && Number.isFinite(v));
  const maxMs = Math.max(10, ...finite);
  const latencyLines = present.map(([run, label, colour]) => [
    `${label}: p50 ${formatRounded(run.voteToScreen.p50)}, p99 ${formatRounded(run.voteToScreen.p99)}`,
    colour,
    run.voteToScreen.quantiles.filter(([, v]) => v !== null).map(([p, v]) => [Math.max(1, v), p]),
  ]);
  // 2. and 3. Over time, from the first sample of each run.
  const start = Math.min(...present.map(([run]) => run.series[0]?.[0] ?? 0));
  const end = Math.max(...present.map(([run]) => run.series.at(-1)?.[0] ?? 1));
  const rssLines = present.map(([run, label, colour]) => [
    label,
    colour,
    run.series.map(([t, rss]) => [t, rss]),
  ]);
  const cpuLines = present.map(([run, label, colour]) => [label, colour, cpuSeries(run.series, 2)]);
  const maxRss = Math.max(100, ...present.flatMap(([run]) => run.series.map(([, rss]) => rss ?? 0)));
  const maxCpu = Math.max(100, ...cpuLines.flatMap(([, , points]) => points.map(([, v]) => v)));

  const header = `${options.viewers.toLocaleString('en-US')} viewers, ${options.votesPerSec} votes/s, ${options.questionsPerSec} questions/s, ${options.seconds} s; ${ours.engine} database${options.instances > 1 ? `, ${options.instances} instances over Redis` : ''}`;
  const host = `${machine.cores} cores (${machine.cpu}), Node ${machine.node}, one run after the other`;
  const height = 86 + PANEL_HEIGHT * 3;
  const panels = [
    panel({
      top: 76,
      title: 'Vote-to-screen latency: share of (vote, sampled viewer) pairs shown within a time',
      xLabel: 'time from the vote’s acknowledgement to the viewer’s screen (log scale; 0 ms drawn at 1 ms)',
      yLabel: 'percent of samples',
      xDomain: [1, maxMs],
      yDomain: [0, 100],
      xLog: true,
      xFormat: formatMs,
      yFormat: (v) => `${v} %`,
      lines: latencyLines,
    }),
    panel({
      top: 76 + PANEL_HEIGHT,
      title: 'Server resident memory (RSS; the sum of the instances for a cluster)',
      xLabel: 'seconds from the start of the load (before 0: viewers connecting)',
      yLabel: 'MB',
      xDomain: [start, end],
      yDomain: [0, maxRss * 1.05],
      xFormat: (v) => `${v}`,
      yFormat: (v) => `${v}`,
      lines: rssLines,
      shade: [0, options.seconds],
    }),
    panel({
      top: 76 + PANEL_HEIGHT * 2,
      title: 'Server CPU (100 % = one core; 2 s moving average)',
      xLabel: 'seconds from the start of the load',
      yLabel: 'CPU %',
      xDomain: [start, end],
      yDomain: [0, maxCpu * 1.05],
      xFormat: (v) => `${v}`,
      yFormat: (v) => `${v}`,
      lines: cpuLines,
      shade: [0, options.seconds],
    }),
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif">
<style>
  .bg { fill: #ffffff; }
  .heading { font-size: 17px; font-weight: 600; fill: #111; }
  .sub { font-size: 12px; fill: #444; }
  .title { font-size: 14px; font-weight: 600; fill: #222; }
  .tick { font-size: 11px; fill: #555; }
  .axis { font-size: 12px; fill: #333; }
  .legend { font-size: 11px; fill: #222; }
  .note { font-size: 11px; fill: #666; }
  .grid { stroke: #e3e3e3; stroke-width: 1; }
  .frame { fill: none; stroke: #999; stroke-width: 1; }
  .shade { fill: #f3efe3; }
  .line { fill: none; stroke-width: 2; stroke-linejoin: round; }
</style>
<rect class="bg" width="100%" height="100%"/>
<text x="${MARGIN.left}" y="26" class="heading">${escape(header)}</text>
<text x="${MARGIN.left}" y="46" class="sub">Ours: batched fan-out; naive: VOTE_FANOUT=naive; ceiling: a bare socket.io server with the same clients and load.</text>
<text x="${MARGIN.left}" y="62" class="sub">${escape(host)}</text>
${panels.join('\n')}
</svg>
`;
}

function formatRounded(value) {
  if (value === null || value === undefined) return '–';
  if (!Number.isFinite(value)) return 'never';
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

export function writePlot(file, runs) {
  writeFileSync(file, renderPlot(runs));
}
