import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventView, NowResponse } from '../../../../shared/events-api.js';
import { ApiError } from '../api/http.js';
import type { EventsApi } from '../api/events.js';
import { cet, nowAt, seedEvent } from '../../../test-support/seed-event.js';
import { AgendaStore, TIME_DISPLAY_KEY, clockOffset } from './agenda.svelte.js';

type FakeApi = Pick<EventsApi, 'getEvent' | 'getNow'>;

function memoryStorage(initial: Record<string, string> = {}): Pick<Storage, 'getItem' | 'setItem'> {
  const data = new Map(Object.entries(initial));
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('clockOffset', () => {
  it('takes the server reading to be the midpoint of the round trip', () => {
    const server = Date.parse('2024-02-22T12:20:00Z');
    expect(clockOffset('2024-02-22T12:20:00Z', 1_000, 1_400)).toBe(server - 1_200);
  });
});

describe('AgendaStore', () => {
  // The device clock is wrong on purpose (it reads 1970): only the server's time may count.
  let deviceMs: number;
  const clock = (): number => deviceMs;

  beforeEach(() => {
    deviceMs = 10_000;
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  /** An API whose /now answer takes `roundTripMs` of device time and reads `serverTime`. */
  function api(
    serverTime: () => string,
    roundTripMs = 200,
    event: EventView = seedEvent,
  ): FakeApi & { nowCalls: number } {
    const fake = {
      nowCalls: 0,
      getEvent: () => Promise.resolve(event),
      getNow: (): Promise<NowResponse> => {
        fake.nowCalls += 1;
        deviceMs += roundTripMs / 2;
        const reply = nowAt(serverTime());
        deviceMs += roundTripMs / 2;
        return Promise.resolve(reply);
      },
    };
    return fake;
  }

  it('sets now from the server time, corrected by half the round trip', async () => {
    const store = new AgendaStore(seedEvent.slug, {
      api: api(() => cet('2024-02-22', '13:20'), 200),
      clock,
      storage: null,
    });
    await store.load();

    expect(store.status).toBe('ready');
    expect(store.offsetMs).toBe(Date.parse(cet('2024-02-22', '13:20')) - 10_100);
    // Read at the midpoint; 100 ms of the round trip were still to go when it arrived.
    expect(store.now?.toISOString()).toBe('2024-02-22T12:20:00.100Z');
  });

  it('derives the current item, its progress and the countdown to the next Q&A block', async () => {
    const store = new AgendaStore(seedEvent.slug, {
      api: api(() => cet('2024-02-22', '13:20'), 0),
      clock,
      storage: null,
    });
    await store.load();

    expect(store.current?.title).toBe('Breaking bad news');
    expect(store.progress).toBeCloseTo(10 / 40);
    expect(store.nextQa?.id).toBe('p1-i4');
    expect(store.secondsToNextQa).toBe(70 * 60);
    expect(store.focusPart?.id).toBe('p1');
    expect(store.phaseOf(seedEvent.parts[0].items[0])).toBe('ended');
  });

  it('moves on with the device clock between readings of the server clock', async () => {
    const store = new AgendaStore(seedEvent.slug, {
      api: api(() => cet('2024-02-22', '13:09'), 0),
      clock,
      storage: null,
    });
    await store.load();
    expect(store.current?.title).toBe('Interacting with patients during ultrasound');

    deviceMs += 61_000;
    store.tick();
    expect(store.current?.title).toBe('Breaking bad news');
    expect(store.now?.toISOString()).toBe('2024-02-22T12:10:01.000Z');
  });

  it('ticks every second and reads the server clock again after resyncEveryMs', async () => {
    vi.useFakeTimers({ now: 50_000 });
    let server = Date.parse(cet('2024-02-22', '14:29')) + 58_000; // 2 s before the Q&A block
    const fake = api(() => new Date(server).toISOString(), 0);
    const store = new AgendaStore(seedEvent.slug, { api: fake, storage: null, resyncEveryMs: 5_000 });
    await store.load();
    const stop = store.start();

    expect(store.secondsToNextQa).toBe(2);
    await vi.advanceTimersByTimeAsync(2_100);
    expect(store.secondsToNextQa).toBe(0);
    expect(store.current?.kind).toBe('qa');

    // The server's clock jumps (a rehearsal restarted); the next reading catches up.
    server = Date.parse(cet('2024-02-22', '15:10'));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fake.nowCalls).toBe(2);
    expect(store.current?.kind).toBe('break');
    stop();
  });

  it('takes readings of the server clock from the socket, at the rehearsal clock’s rate', async () => {
    const store = new AgendaStore(seedEvent.slug, {
      api: api(() => cet('2024-02-22', '13:00'), 0),
      clock,
      storage: null,
    });
    await store.load();

    // A push a little late changes nothing; a rehearsal restarted at another time moves "now".
    store.observeServerTime(new Date(Date.parse(cet('2024-02-22', '13:00')) - 300).toISOString());
    expect(store.now?.toISOString()).toBe(cet('2024-02-22', '13:00'));
    store.observeServerTime(cet('2024-02-22', '14:29'));
    expect(store.current?.title).toBe('Radiation Risk Discussion');

    // Measured over a round trip, with the clock running twice as fast.
    const sentAt = store.deviceTime();
    deviceMs += 400;
    store.observeServerTime(cet('2024-02-22', '14:29'), 2, sentAt);
    expect(store.clockRate).toBe(2);
    expect(store.now?.toISOString()).toBe(
      new Date(Date.parse(cet('2024-02-22', '14:29')) + 400).toISOString(),
    );
    deviceMs += 30_000;
    store.tick();
    expect(store.current?.kind).toBe('qa');
    expect(store.now?.toISOString()).toBe(
      new Date(Date.parse(cet('2024-02-22', '14:29')) + 400 + 60_000).toISOString(),
    );
  });

  it('shows the agenda without a "now" when the server clock cannot be read', async () => {
    const failing: FakeApi = {
      getEvent: () => Promise.resolve(seedEvent),
      getNow: () => Promise.reject(new ApiError('client/network', 0, 'offline')),
    };
    const store = new AgendaStore(seedEvent.slug, { api: failing, clock, storage: null });
    await store.load();

    expect(store.status).toBe('ready');
    expect(store.now).toBeNull();
    expect(store.current).toBeNull();
  });

  it('speaks to a person when the course does not exist', async () => {
    const missing: FakeApi = {
      getEvent: () => Promise.reject(new ApiError('event/not_found', 404, 'No event has this slug.')),
      getNow: () => Promise.reject(new ApiError('event/not_found', 404, 'No event has this slug.')),
    };
    const store = new AgendaStore('nope', { api: missing, clock, storage: null });
    await store.load();

    expect(store.status).toBe('error');
    // An unknown course is explained to a person, not with the API's wording.
    expect(store.notFound).toBe(true);
    expect(store.error).toBe(
      'We could not find this course. The link may be mistyped or incomplete, or the course is not published yet. All published courses are on the courses page.',
    );
  });

  it('shows the server’s message for other failures', async () => {
    const failing: FakeApi = {
      getEvent: () =>
        Promise.reject(new ApiError('database/unavailable', 503, 'The database did not answer.')),
      getNow: () => Promise.reject(new ApiError('database/unavailable', 503, 'The database did not answer.')),
    };
    const store = new AgendaStore('nope', { api: failing, clock, storage: null });
    await store.load();
    expect(store.error).toBe('The database did not answer.');
  });

  it('remembers the time display choice', async () => {
    const storage = memoryStorage();
    const store = new AgendaStore(seedEvent.slug, {
      api: api(() => cet('2024-02-22', '13:20')),
      clock,
      storage,
      localZone: 'UTC',
    });
    await store.load();
    expect(store.displayZone).toBe('Europe/Vienna');

    store.toggleTimeDisplay();
    expect(store.displayZone).toBe('UTC');
    expect(storage.getItem(TIME_DISPLAY_KEY)).toBe('local');

    const next = new AgendaStore(seedEvent.slug, {
      api: api(() => cet('2024-02-22', '13:20')),
      clock,
      storage,
      localZone: 'UTC',
    });
    expect(next.timeDisplay).toBe('local');
  });
});
