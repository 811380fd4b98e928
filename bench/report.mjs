// The results as one Markdown table (ours, naive, ratio, target, verdict), plus error details.

const TARGETS = {
  idleRssMb: 250,
  screenP99Ms: 500,
  screenRatio: 10,
  rssPerViewerKb: 40,
  votesPerSec: 3000,
  voteAckP99Ms: 100,
  deliveriesPerViewer: 3,
};

const dash = '–';

function ms(value) {
  if (value === null || value === undefined) return dash;
  if (value === Infinity) return 'never';
  return value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`;
}

function num(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return dash;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function ratio(naive, ours) {
  if (naive === null || ours === null || naive === undefined || ours === undefined) return dash;
  if (naive === Infinity) return ours === Infinity ? dash : '∞ (naive never showed some)';
  if (ours === Infinity) return dash;
  if (ours <= 0) return naive > 0 ? '> 100×' : dash;
  const r = naive / ours;
  return `${r.toFixed(r >= 10 ? 0 : r >= 1 ? 1 : 2)}×`;
}

const verdict = (ok) => (ok === null ? dash : ok ? 'met' : 'MISSED');

function errorsTotal(result) {
  return Object.values(result.errors).reduce((a, b) => a + b, 0);
}

function exactText(result) {
  const e = result.exact;
  if (!e.checked) return 'not checked (no snapshot: server busy)';
  const server =
    e.server === null
      ? `sum(counts) = count(votes) not checked (${e.truthFailures} viewers could not rejoin)`
      : e.server
        ? `sum(counts) ${num(e.countSum)} = count(votes) ${num(e.voteRows)}`
        : `NO: sum(counts) ${num(e.countSum)}, count(votes) ${num(e.voteRows)}, ${e.questionsOff} question(s) off`;
  const acks =
    e.acksAgree === null
      ? ''
      : e.acksAgree
        ? '; acks agree'
        : `; ${e.ackMismatches} acks disagree with the server`;
  const viewers =
    e.viewersChecked === 0
      ? 'no viewer left to check'
      : e.mismatches + e.missing === 0
        ? `all ${e.viewersChecked} connected viewers agree`
        : `${e.viewersChecked} viewers differ on ${e.mismatches + e.missing} of ${e.pairs} counts`;
  return `${server}${acks}; ${viewers}`;
}

/**
 * @param {object} ours  figures of the batched run
 * @param {object | null} naive  figures of the naive run
 * @param {object | null} ceiling  figures of the bare socket.io server under the same load
 */
export function renderReport(ours, naive, ceiling = null) {
  const heavy = ours.viewers.requested >= 5000 && ours.votes.offeredPerSec >= 200;
  const throughputLoad = ours.votes.offeredPerSec >= TARGETS.votesPerSec;
  const screenRatio = naive ? naive.voteToScreen.p99 / ours.voteToScreen.p99 : null;
  const clickRatio = naive ? naive.clickToScreen.p99 / ours.clickToScreen.p99 : null;
  const exactOk =
    ours.exact.server === true &&
    ours.exact.acksAgree === true &&
    ours.exact.ackBalance !== false &&
    ours.exact.viewersChecked > 0 &&
    ours.exact.mismatches + ours.exact.missing === 0;

  const rows = [
    [
      'Viewers connected (still connected at the end)',
      (r) => `${num(r.viewers.connected)} / ${num(r.viewers.requested)} (${num(r.viewers.aliveAtEnd)})`,
    ],
    ['Join p50 / p99', (r) => `${ms(r.viewers.join.p50)} / ${ms(r.viewers.join.p99)}`],
    [
      'Server RSS idle → connected → peak',
      (r) => `${num(r.memory.idleRssMb)} → ${num(r.memory.connectedRssMb)} → ${num(r.memory.peakRssMb)} MB`,
    ],
    ...(ours.engine === 'embedded'
      ? [
          [
            'Server RSS when idle, embedded database (MB)',
            (r) => num(r.memory.idleRssMb),
            null,
            `≤ ${TARGETS.idleRssMb} MB`,
            verdict(ours.memory.idleRssMb === null ? null : ours.memory.idleRssMb <= TARGETS.idleRssMb),
          ],
        ]
      : []),
    [
      'RSS per added viewer, connected (KB)',
      (r) => num(r.memory.rssPerViewerKb, 1),
      (r) => r.memory.rssPerViewerKb,
      `≤ ${TARGETS.rssPerViewerKb} KB`,
      verdict(
        ours.memory.rssPerViewerKb === null ? null : ours.memory.rssPerViewerKb <= TARGETS.rssPerViewerKb,
      ),
    ],
    [
      'Heap per added viewer, connected (KB)',
      (r) => num(r.memory.heapPerViewerKb, 1),
      (r) => r.memory.heapPerViewerKb,
    ],
    ['Peak RSS under load ÷ viewers (KB)', (r) => num(r.memory.peakRssPerViewerKb, 1)],
    [
      'Server CPU (100 % = one core)',
      (r) => (r.cpu.serverPercent === null ? dash : `${num(r.cpu.serverPercent)} %`),
      (r) => r.cpu.serverPercent,
    ],
    [
      'Server loop wait p50 / p99 (clock:sync round trip)',
      (r) =>
        r.lag
          ? `${ms(r.lag.p50)} / ${ms(r.lag.p99)}${r.lag.timeouts ? ` (${r.lag.timeouts} timeouts)` : ''}`
          : dash,
      (r) => r.lag?.p99 ?? null,
    ],
    [
      'Generator CPU (all workers)',
      (r) => (r.cpu.generatorPercent === null ? dash : `${num(r.cpu.generatorPercent)} %`),
    ],
    ...(ours.cpu.proxyPercent === null || ours.cpu.proxyPercent === undefined
      ? []
      : [
          [
            "Proxy CPU (the bench's sticky proxy)",
            (r) =>
              r.cpu.proxyPercent === null || r.cpu.proxyPercent === undefined
                ? dash
                : `${num(r.cpu.proxyPercent)} %`,
          ],
        ]),
    ...(ours.cpu.postgresPercent === null || ours.cpu.postgresPercent === undefined
      ? []
      : [
          [
            'PostgreSQL CPU (all its processes)',
            (r) => (r.cpu.postgresPercent === null ? dash : `${num(r.cpu.postgresPercent)} %`),
          ],
        ]),
    [
      `Other processes on the machine (CPU)${ours.cpu.serverPercent === null ? ', the server included' : ''}`,
      (r) => (r.cpu.otherPercent === null ? dash : `${num(Math.max(0, r.cpu.otherPercent))} %`),
    ],
    ['Questions acked / sent', (r) => `${num(r.asks.ok)} / ${num(r.asks.sent)}`],
    [
      'Question ack p50 / p99',
      (r) => `${ms(r.asks.latency.p50)} / ${ms(r.asks.latency.p99)}`,
      (r) => r.asks.latency.p99,
    ],
    [
      'Votes acked / sent (+added −removed)',
      (r) => `${num(r.votes.ok)} / ${num(r.votes.sent)} (+${num(r.votes.added)} −${num(r.votes.removed)})`,
    ],
    [
      'Votes acked per second (in the window)',
      (r) => num(r.votes.ackedPerSec),
      null,
      `≥ ${TARGETS.votesPerSec}/s`,
      throughputLoad
        ? verdict(
            ours.votes.ackedPerSec >= TARGETS.votesPerSec * 0.99 &&
              ours.votes.latency.p99 <= TARGETS.voteAckP99Ms &&
              exactOk,
          )
        : `n/a (offered ${ours.votes.offeredPerSec}/s)`,
    ],
    [
      'Vote ack p50 / p99',
      (r) => `${ms(r.votes.latency.p50)} / ${ms(r.votes.latency.p99)}`,
      (r) => r.votes.latency.p99,
      `p99 ≤ ${TARGETS.voteAckP99Ms} ms`,
      verdict(ours.votes.latency.p99 === null ? null : ours.votes.latency.p99 <= TARGETS.voteAckP99Ms),
    ],
    ['Vote-to-screen p50', (r) => ms(r.voteToScreen.p50), (r) => r.voteToScreen.p50],
    [
      'Vote-to-screen p99',
      (r) => ms(r.voteToScreen.p99),
      (r) => r.voteToScreen.p99,
      `≤ ${TARGETS.screenP99Ms} ms${heavy ? '' : ' (at 5000 viewers)'}; naive ≥ ${TARGETS.screenRatio}×`,
      `${verdict(ours.voteToScreen.p99 === null ? null : ours.voteToScreen.p99 <= TARGETS.screenP99Ms)}; ${screenRatio === null || Number.isNaN(screenRatio) ? 'no baseline' : verdict(screenRatio >= TARGETS.screenRatio)}`,
    ],
    [
      'Vote-to-screen samples (never shown)',
      (r) => `${num(r.voteToScreen.count)} (${num(r.voteToScreen.unresolved)})`,
    ],
    [
      'Click-to-screen p50 / p99 (from the send)',
      (r) => `${ms(r.clickToScreen.p50)} / ${ms(r.clickToScreen.p99)}`,
      (r) => r.clickToScreen.p99,
      `naive ≥ ${TARGETS.screenRatio}×`,
      clickRatio === null || Number.isNaN(clickRatio)
        ? 'no baseline'
        : verdict(clickRatio >= TARGETS.screenRatio),
    ],
    [
      'Deliveries per second',
      (r) => num(r.deliveries.perSec),
      (r) => r.deliveries.perSec,
      `≤ ${TARGETS.deliveriesPerViewer} × viewers`,
      verdict(ours.deliveries.perViewerPerSec <= TARGETS.deliveriesPerViewer),
    ],
    [
      'Deliveries per viewer per second',
      (r) => num(r.deliveries.perViewerPerSec, 2),
      (r) => r.deliveries.perViewerPerSec,
    ],
    ['Errors', (r) => num(errorsTotal(r))],
    ['Counts exact', exactText, null, 'exact', verdict(exactOk)],
  ];

  const header = [
    'Metric',
    `Ours (${ours.fanout})`,
    ...(naive ? ['Naive', 'Naive/ours'] : []),
    ...(ceiling ? ['Ceiling (bare socket.io)', 'Ours/ceiling'] : []),
    'Target',
    'Ours vs target',
  ];
  const lines = [row(header), row(header.map(() => '---'))];
  for (const [label, show, ratioOf, target = '', met = ''] of rows) {
    const cells = [label, show(ours)];
    if (naive) cells.push(show(naive), ratioOf ? ratio(ratioOf(naive), ratioOf(ours)) : '');
    if (ceiling) cells.push(show(ceiling), ratioOf ? ratio(ratioOf(ours), ratioOf(ceiling)) : '');
    cells.push(target, met);
    lines.push(row(cells));
  }
  return lines.join('\n');
}

function row(cells) {
  return `| ${cells.map((c) => String(c).replaceAll('|', '\\|')).join(' | ')} |`;
}

/**
 * The three figures the issue measures against the ceiling, as ratios of one run: how much of
 * what socket.io alone delivers we deliver, and how much slower and heavier we are.
 */
export function renderCeiling(ours, ceiling) {
  const times = (a, b) =>
    a === null || b === null || a === undefined || b === undefined || b === 0 || !Number.isFinite(a / b)
      ? dash
      : `${(a / b).toFixed(2)}×`;
  return [
    'Against the ceiling (bare socket.io, same clients, same load, same machine, this run):',
    `- deliveries per second: ours ${num(ours.deliveries.perSec)}, ceiling ${num(ceiling.deliveries.perSec)}: ours ÷ ceiling ${times(ours.deliveries.perSec, ceiling.deliveries.perSec)}`,
    `- vote-to-screen p99 (the broadcast as a viewer sees it): ours ${ms(ours.voteToScreen.p99)}, ceiling ${ms(ceiling.voteToScreen.p99)}: ours ÷ ceiling ${times(ours.voteToScreen.p99, ceiling.voteToScreen.p99)}`,
    `- RSS per added connection: ours ${num(ours.memory.rssPerViewerKb, 1)} KB, ceiling ${num(ceiling.memory.rssPerViewerKb, 1)} KB: ours ÷ ceiling ${times(ours.memory.rssPerViewerKb, ceiling.memory.rssPerViewerKb)}`,
  ].join('\n');
}

/** What went wrong, and what the generator could not do, in a few lines. */
export function renderNotes(result, label) {
  const notes = [];
  const errors = Object.entries(result.errors).sort((a, b) => b[1] - a[1]);
  if (errors.length) notes.push(`${label} errors: ${errors.map(([code, n]) => `${code} ×${n}`).join(', ')}`);
  const g = result.generator;
  if (g.skippedBacklog || g.skippedNoChoice) {
    notes.push(
      `${label} generator: ${g.skippedBacklog} votes not sent (too many in flight), ${g.skippedNoChoice} not sent (no question left to vote on)`,
    );
  }
  if (g.maxTickGapMs > 100)
    notes.push(
      `${label} generator: its timer stalled up to ${Math.round(g.maxTickGapMs)} ms (busy receiving)`,
    );
  if (!result.exact.drained)
    notes.push(
      `${label}: deliveries were still arriving when the counts were checked (${result.exact.drainSeconds.toFixed(0)} s after the load)`,
    );
  if (result.memory.releasedBetweenMarksMb > 0) {
    notes.push(
      `${label}: the server's RSS fell by ${Math.round(result.memory.releasedBetweenMarksMb)} MB at once while viewers connected (start-up memory released by a garbage collection); added back for the per-viewer figure`,
    );
  }
  if (result.acksWithoutCount) {
    notes.push(
      `${label}: ${result.acksWithoutCount} vote acks carried no \`votes\` count (the contract's VoteResult.votes); vote-to-screen compares with each vote's rank among the acknowledged votes instead`,
    );
  }
  if (result.exact.ackBalance === false) {
    notes.push(
      `${label}: sum(counts) ${result.exact.countSum} ≠ votes acknowledged as added minus removed ${result.exact.expected}`,
    );
  }
  if (result.exact.resolvedTimeouts) {
    notes.push(
      `${label}: ${result.exact.uncertain} votes timed out; the server's record settled ${result.exact.resolvedTimeouts} uncertain viewer×question pairs`,
    );
  }
  if (!result.exact.checked)
    notes.push(`${label}: the server gave no fresh snapshot within 30 s, so the counts could not be checked`);
  if (result.exact.mismatches || result.exact.missing) {
    notes.push(
      `${label}: ${result.exact.mismatches} viewer×question counts differ from the server's and ${result.exact.missing} are missing, over ${result.exact.mismatchedQuestions} question(s)`,
    );
  }
  if (result.deliveries.ignoredUnknownQuestion)
    notes.push(
      `${label}: ${result.deliveries.ignoredUnknownQuestion} counts arrived for a question the viewer did not hold yet (ignored, as the client does)`,
    );
  if (result.voteToScreen.beforeAck)
    notes.push(
      `${label}: ${result.voteToScreen.beforeAck} vote-to-screen samples were on screen before the voter had its ack (counted as 0 ms)`,
    );
  const events = Object.entries(result.deliveries.byEvent)
    .map(([e, n]) => `${e} ${n}`)
    .join(', ');
  notes.push(`${label} pushes received in total: ${events || 'none'}`);
  return notes.map((n) => `- ${n}`).join('\n');
}
