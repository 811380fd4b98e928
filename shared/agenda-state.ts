// What is on at one instant. Pure (no clock, no I/O) so the server's push, the REST `now`
// endpoint and the browser's countdown all agree on the same answer for the same instant.
// Everything is computed on UTC instants: local wall-clock times (and DST) never enter here.
import type { AgendaItemView, AgendaState } from './events-api.js';

interface Timed {
  item: AgendaItemView;
  start: number;
  end: number;
}

/** Items of all parts on one time line, earliest first (ties: shorter first, then id, so the order is stable). */
function timeline(items: readonly AgendaItemView[]): Timed[] {
  return items
    .map((item) => ({ item, start: instant(item.start, item.id), end: instant(item.end, item.id) }))
    .sort((a, b) => a.start - b.start || a.end - b.end || compare(a.item.id, b.item.id));
}

function instant(iso: string, id: string): number {
  const ms = Date.parse(iso);
  // A silently-NaN time would make an item never current; fail loudly instead.
  if (Number.isNaN(ms)) throw new RangeError(`Agenda item ${id} has an invalid time: ${iso}`);
  return ms;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const runsAt = (t: Timed, at: number): boolean => t.start <= at && at < t.end;

export function agendaStateAt(items: readonly AgendaItemView[], at: Date): AgendaState {
  const atMs = at.getTime();
  if (Number.isNaN(atMs)) throw new RangeError('agendaStateAt: invalid instant');
  const line = timeline(items);

  // Items of a valid programme do not overlap; if they do, the one that began last is "on".
  let currentIndex = -1;
  line.forEach((t, i) => {
    if (runsAt(t, atMs)) currentIndex = i;
  });
  const current = currentIndex >= 0 ? line[currentIndex] : undefined;

  // While something runs, "next" is what follows it in the programme (possibly another part on
  // another day); otherwise it is the first item still to start.
  const next = current ? line[currentIndex + 1] : line.find((t) => t.start > atMs);

  const qas = line.filter((t) => t.item.kind === 'qa');
  const nextQa = qas.find((t) => runsAt(t, atMs)) ?? qas.find((t) => t.start > atMs);

  return {
    at: at.toISOString(),
    current: current?.item ?? null,
    next: next?.item ?? null,
    nextQa: nextQa?.item ?? null,
    secondsToNextQa: nextQa ? Math.max(0, Math.ceil((nextQa.start - atMs) / 1000)) : null,
  };
}

/** The first instant strictly after `at` at which any item starts or ends; null when none is left. */
export function nextBoundaryAfter(items: readonly AgendaItemView[], at: Date): Date | null {
  const atMs = at.getTime();
  if (Number.isNaN(atMs)) throw new RangeError('nextBoundaryAfter: invalid instant');
  let best = Infinity;
  for (const t of timeline(items)) {
    for (const edge of [t.start, t.end]) if (edge > atMs && edge < best) best = edge;
  }
  return best === Infinity ? null : new Date(best);
}
