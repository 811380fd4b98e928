// One course's agenda on the server's clock. "Now" is never the device's clock: the server
// may replay the 2024 course on a rehearsal clock, so the device clock only measures how much
// time has passed since the last reading of the server's. While the stream plays, what the
// page shows as "now" is the time of the frame on screen instead (stream-time.svelte.ts).
import { agendaStateAt } from '../../../../shared/agenda-state.js';
import type { AgendaItemView, AgendaState, EventView, PartView } from '../../../../shared/events-api.js';
import { eventsApi, type EventsApi } from '../api/events.js';
import { ApiError, errorMessage, isAbort } from '../api/http.js';
import { t } from '../i18n/index.js';
import type { LoadStatus } from './load-status.js';
import { StreamTime } from './stream-time.svelte.js';

/** Times on the course's clock (CET for the seed) or on the viewer's own. */
export type TimeDisplay = 'event' | 'local';
/** Where an item or part is relative to now. */
export type Phase = 'upcoming' | 'live' | 'ended';

export const TIME_DISPLAY_KEY = 'lsc.timeDisplay';
const TICK_MS = 1000;
// Ticks land just after a server-clock second begins, so whole-second countdowns never show
// a second late because a timer fired a little early.
const TICK_LATE_MS = 25;
// A pushed reading (no round trip) is late by the one-way latency, so it only replaces a
// measured one when they disagree by more than this: the server's clock jumped or drifted.
const PUSH_TOLERANCE_MS = 1000;

type PreferenceStorage = Pick<Storage, 'getItem' | 'setItem'>;

export interface AgendaStoreOptions {
  api?: Pick<EventsApi, 'getEvent' | 'getNow'>;
  /** The device clock in ms; only differences between its readings matter. */
  clock?: () => number;
  storage?: PreferenceStorage | null;
  /** The viewer's IANA zone; the browser's by default. */
  localZone?: string;
  /** How often to read the server's clock again (drift, sleep, rehearsal jumps). */
  resyncEveryMs?: number;
}

/**
 * Server clock minus device clock, in ms, taking the server's reading to have been made
 * halfway through the round trip (`sentAt` and `receivedAt` are device-clock readings).
 */
export function clockOffset(serverTime: string, sentAt: number, receivedAt: number): number {
  return Date.parse(serverTime) - (sentAt + receivedAt) / 2;
}

function browserStorage(): PreferenceStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled (privacy settings): the preference lasts for the visit
  }
}

function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const byStart = (a: { start: string }, b: { start: string }): number =>
  Date.parse(a.start) - Date.parse(b.start);

export class AgendaStore {
  readonly slug: string;
  readonly localZone: string;

  status = $state<LoadStatus>('idle');
  error = $state<string | null>(null);
  /** No course is published at this address: the page says so to the person, with no retry. */
  notFound = $state(false);
  event = $state.raw<EventView | null>(null);
  /** Server clock minus device clock (ms) at the last reading; null until the server's clock has been read. */
  offsetMs = $state<number | null>(null);
  /** How fast the server's clock runs (a rehearsal clock may be sped up); from the live socket. */
  clockRate = $state(1);
  /** The server's time, advanced every second; null until the server's clock has been read. */
  serverNow = $state.raw<Date | null>(null);
  /** The time of the frame on screen, from the player on the page (see stream-time.svelte.ts). */
  readonly stream = new StreamTime(() => this.serverNow);
  /**
   * The page's "now": the stream's time while the stream plays, so that the NOW marker, the
   * countdowns and the talk a question is about follow what the viewer sees; the server's
   * time otherwise. The server's clock stays the authority for what is allowed.
   */
  readonly now: Date | null = $derived.by(() => {
    const server = this.serverNow;
    if (server === null) return null;
    return this.stream.viewerNow(server) ?? server;
  });
  timeDisplay = $state<TimeDisplay>('event');

  readonly parts: PartView[] = $derived(
    [...(this.event?.parts ?? [])]
      .sort((a, b) => a.position - b.position)
      .map((part) => ({ ...part, items: [...part.items].sort(byStart) })),
  );
  readonly items: AgendaItemView[] = $derived(this.parts.flatMap((part) => part.items));
  /** What is on now, by the shared rule the server also uses. */
  readonly live: AgendaState | null = $derived(this.now ? agendaStateAt(this.items, this.now) : null);
  readonly current: AgendaItemView | null = $derived(this.live?.current ?? null);
  /** How far the current item has run, 0..1. */
  readonly progress: number | null = $derived(
    this.current && this.now ? fractionDone(this.current, this.now) : null,
  );
  readonly nextQa: AgendaItemView | null = $derived(this.live?.nextQa ?? null);
  readonly secondsToNextQa: number | null = $derived(this.live?.secondsToNextQa ?? null);

  readonly eventZone: string = $derived(this.event?.timezone ?? 'UTC');
  readonly displayZone: string;
  /** The part the stream area is about: the one on now, else the next one, else the last. */
  readonly focusPart: PartView | null = $derived.by(() => {
    const at = this.now?.getTime();
    if (at === undefined) return null;
    return this.parts.find((part) => at < Date.parse(part.end)) ?? this.parts.at(-1) ?? null;
  });

  readonly #api: Pick<EventsApi, 'getEvent' | 'getNow'>;
  readonly #clock: () => number;
  readonly #storage: PreferenceStorage | null;
  readonly #resyncEveryMs: number;
  #abort = new AbortController();
  #syncedAt = -Infinity;
  /** The device-clock reading at which the server's clock read `offsetMs` ahead. */
  #anchorDevice = 0;
  #syncing = false;

  constructor(slug: string, options: AgendaStoreOptions = {}) {
    this.slug = slug;
    this.#api = options.api ?? eventsApi;
    this.#clock = options.clock ?? (() => Date.now());
    this.#storage = options.storage === undefined ? browserStorage() : options.storage;
    this.#resyncEveryMs = options.resyncEveryMs ?? 60_000;
    this.localZone = options.localZone ?? browserZone();
    this.displayZone = $derived(this.timeDisplay === 'local' ? this.localZone : this.eventZone);
    const saved = this.#storage?.getItem(TIME_DISPLAY_KEY);
    if (saved === 'event' || saved === 'local') this.timeDisplay = saved;
  }

  /** Loads the course and reads the server's clock, both at once. */
  async load(): Promise<void> {
    this.status = 'loading';
    this.error = null;
    this.notFound = false;
    const signal = this.#abort.signal;
    const [event] = await Promise.allSettled([this.#api.getEvent(this.slug, { signal }), this.sync()]);
    if (signal.aborted) return;
    if (event.status === 'rejected') {
      if (isAbort(event.reason)) return;
      // The server's message for an unknown course speaks to developers; a person gets this one.
      this.notFound = event.reason instanceof ApiError && event.reason.code === 'event/not_found';
      this.error = this.notFound ? t('event.notFound') : errorMessage(event.reason);
      this.status = 'error';
      return;
    }
    this.event = event.value;
    this.status = 'ready';
  }

  /**
   * Reads the server's clock and moves `now` to it. A failed reading keeps the last offset
   * (or none: the page then shows the agenda without marking what is on).
   */
  async sync(): Promise<void> {
    if (this.#syncing) return;
    this.#syncing = true;
    try {
      const sentAt = this.#clock();
      const reply = await this.#api.getNow(this.slug, { signal: this.#abort.signal });
      const receivedAt = this.#clock();
      this.#anchor(Date.parse(reply.serverTime), (sentAt + receivedAt) / 2, this.clockRate, receivedAt);
    } catch {
      // Retried at the next resync; the error is not the viewer's to act on.
    } finally {
      this.#syncing = false;
    }
  }

  /** The device clock, for measuring a round trip to pass to observeServerTime. */
  deviceTime(): number {
    return this.#clock();
  }

  /**
   * Takes a reading of the server's clock from the live socket. With `sentAt` (a deviceTime()
   * taken when the request went out) it was measured over a round trip, like sync(); without,
   * it came in a push and only corrects a clock that is off by more than a second.
   */
  observeServerTime(serverTime: string, clockRate: number = this.clockRate, sentAt?: number): void {
    const server = Date.parse(serverTime);
    if (Number.isNaN(server)) return;
    const rate = Number.isFinite(clockRate) && clockRate > 0 ? clockRate : 1;
    const receivedAt = this.#clock();
    if (sentAt === undefined && this.offsetMs !== null && rate === this.clockRate) {
      if (Math.abs(this.#serverTimeAt(receivedAt) - server) < PUSH_TOLERANCE_MS) return;
    }
    this.#anchor(server, sentAt === undefined ? receivedAt : (sentAt + receivedAt) / 2, rate, receivedAt);
  }

  /** Moves `now` to the server's current time. */
  tick(): void {
    if (this.offsetMs !== null) this.serverNow = new Date(this.#serverTimeAt(this.#clock()));
  }

  /** The server's time when the device clock reads `deviceMs`. */
  #serverTimeAt(deviceMs: number): number {
    return deviceMs + (this.offsetMs ?? 0) + (deviceMs - this.#anchorDevice) * (this.clockRate - 1);
  }

  #anchor(serverMs: number, deviceMs: number, rate: number, receivedAt: number): void {
    this.offsetMs = serverMs - deviceMs;
    this.#anchorDevice = deviceMs;
    this.clockRate = rate;
    this.#syncedAt = receivedAt;
    this.tick();
  }

  /** Ticks every second of the server's clock until the returned function is called. */
  start(): () => void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = (): void => {
      const serverMs = this.#serverTimeAt(this.#clock());
      const toNextSecond = TICK_MS - (((serverMs % TICK_MS) + TICK_MS) % TICK_MS);
      const delay = toNextSecond / this.clockRate + TICK_LATE_MS;
      timer = setTimeout(() => {
        this.tick();
        if (this.#clock() - this.#syncedAt >= this.#resyncEveryMs) void this.sync();
        schedule();
      }, delay);
    };
    schedule();
    return () => clearTimeout(timer);
  }

  /** Stops requests in flight; the page is going away. */
  destroy(): void {
    this.#abort.abort();
  }

  setTimeDisplay(mode: TimeDisplay): void {
    this.timeDisplay = mode;
    try {
      this.#storage?.setItem(TIME_DISPLAY_KEY, mode);
    } catch {
      // Quota or privacy mode: the choice still holds for this visit.
    }
  }

  toggleTimeDisplay(): void {
    this.setTimeDisplay(this.timeDisplay === 'event' ? 'local' : 'event');
  }

  /** Whether an item or part is still to come, on now, or over; null before the clock is read. */
  phaseOf(span: { start: string; end: string }): Phase | null {
    return phaseAt(span, this.now);
  }

  /** phaseOf on the server's clock, whatever the stream shows. */
  serverPhaseOf(span: { start: string; end: string }): Phase | null {
    return phaseAt(span, this.serverNow);
  }

  /** Seconds from now until `instant`; null before the clock is read. */
  secondsUntil(instant: string): number | null {
    return this.now ? Math.ceil((Date.parse(instant) - this.now.getTime()) / 1000) : null;
  }
}

function phaseAt(span: { start: string; end: string }, now: Date | null): Phase | null {
  if (!now) return null;
  const at = now.getTime();
  if (at < Date.parse(span.start)) return 'upcoming';
  return at < Date.parse(span.end) ? 'live' : 'ended';
}

function fractionDone(item: AgendaItemView, now: Date): number {
  const start = Date.parse(item.start);
  const length = Date.parse(item.end) - start;
  return length > 0 ? Math.min(1, Math.max(0, (now.getTime() - start) / length)) : 1;
}
