import { describe, expect, it } from 'vitest';
import type { NowResponse } from '../../../../shared/events-api.js';
import { cet, nowAt, seedEvent } from '../../../test-support/seed-event.js';
import { AgendaStore } from './agenda.svelte.js';
import {
  DEFAULT_STREAM_DELAY_S,
  StreamTime,
  delayedTime,
  hlsFrameTime,
  nativeFrameTime,
  streamDelayOf,
  streamTimeOf,
} from './stream-time.svelte.js';

const at = (iso: string): Date => new Date(iso);

/** A <video> whose paused/ended/currentTime a test sets, as a playing browser would. */
function video(state: { paused?: boolean; currentTime?: number; startDate?: Date } = {}): HTMLVideoElement {
  const element = document.createElement('video');
  let paused = state.paused ?? true;
  Object.defineProperty(element, 'paused', { get: () => paused, configurable: true });
  Object.defineProperty(element, 'ended', { get: () => false, configurable: true });
  Object.defineProperty(element, 'currentTime', {
    get: () => state.currentTime ?? 0,
    configurable: true,
  });
  if (state.startDate) {
    Object.defineProperty(element, 'getStartDate', { value: () => state.startDate, configurable: true });
  }
  (element as HTMLVideoElement & { setPaused: (p: boolean) => void }).setPaused = (p) => {
    paused = p;
  };
  return element;
}

function setPaused(element: HTMLVideoElement, paused: boolean): void {
  (element as HTMLVideoElement & { setPaused: (p: boolean) => void }).setPaused(paused);
  element.dispatchEvent(new Event(paused ? 'pause' : 'playing'));
}

describe('the stream-time readings', () => {
  it('Safari: getStartDate() is the instant of currentTime 0', () => {
    const v = video({ startDate: at('2024-02-22T12:09:00Z'), currentTime: 45.5 });
    expect(nativeFrameTime(v)).toBe(Date.parse('2024-02-22T12:09:45.500Z'));
  });

  it('Safari without program date-time (an invalid Date), or a browser without getStartDate: unknown', () => {
    expect(nativeFrameTime(video({ startDate: new Date(NaN), currentTime: 3 }))).toBeNull();
    expect(nativeFrameTime(video({ currentTime: 3 }))).toBeNull();
  });

  it('hls.js: playingDate as it is, null or invalid as unknown', () => {
    expect(hlsFrameTime(at('2024-02-22T12:09:45Z'))).toBe(Date.parse('2024-02-22T12:09:45Z'));
    expect(hlsFrameTime(null)).toBeNull();
    expect(hlsFrameTime(new Date(NaN))).toBeNull();
  });

  it('embeds: the server time minus the delay; unknown before the server clock is read', () => {
    expect(delayedTime(at('2024-02-22T12:10:00Z'), 30)).toBe(Date.parse('2024-02-22T12:09:30Z'));
    expect(delayedTime(at('2024-02-22T12:10:00Z'), Number.NaN)).toBe(
      Date.parse('2024-02-22T12:10:00Z') - DEFAULT_STREAM_DELAY_S * 1000,
    );
    expect(delayedTime(null, 30)).toBeNull();
  });

  it('the part delay defaults to 20 s until the organizer sets one', () => {
    expect(streamDelayOf({})).toBe(20);
    expect(streamDelayOf(null)).toBe(20);
    expect(streamDelayOf({ streamDelaySeconds: 0 })).toBe(0);
    expect(streamDelayOf({ streamDelaySeconds: 45 })).toBe(45);
  });

  it('a video that has not shown a frame is unknown; one without program date-time falls back to the delay', () => {
    const server = at('2024-02-22T12:10:00Z');
    const v = video();
    const noPdt = { kind: 'hls', video: v, playingDate: () => null, delaySeconds: 25 } as const;
    expect(streamTimeOf(noPdt, false, server)).toBeNull();
    expect(streamTimeOf(noPdt, true, server)).toBe(Date.parse('2024-02-22T12:09:35Z'));
    const pdt = { ...noPdt, playingDate: () => at('2024-02-22T12:09:41Z') };
    expect(streamTimeOf(pdt, true, server)).toBe(Date.parse('2024-02-22T12:09:41Z'));
    expect(streamTimeOf(null, true, server)).toBeNull();
  });
});

describe('StreamTime', () => {
  const server = at('2024-02-22T12:10:00Z');

  it('hls.js: the frame time while playing, unknown before the first frame, when paused and after release', () => {
    const time = new StreamTime(() => server);
    const v = video();
    let playingDate: Date | null = at('2024-02-22T12:09:38Z');
    const release = time.attach({ kind: 'hls', video: v, playingDate: () => playingDate, delaySeconds: 20 });
    expect(time.kind).toBe('hls');
    expect(time.playing).toBe(false);
    expect(time.viewerNow()).toBeNull();

    setPaused(v, false);
    expect(time.playing).toBe(true);
    expect(time.viewerNow()?.toISOString()).toBe('2024-02-22T12:09:38.000Z');
    playingDate = at('2024-02-22T12:09:39Z');
    expect(time.viewerNow()?.toISOString()).toBe('2024-02-22T12:09:39.000Z');

    setPaused(v, true);
    expect(time.playing).toBe(false);
    expect(time.viewerNow()).toBeNull();

    setPaused(v, false);
    release();
    expect(time.kind).toBeNull();
    expect(time.playing).toBe(false);
    expect(time.viewerNow()).toBeNull();
    // Events of a released video change nothing.
    v.dispatchEvent(new Event('playing'));
    expect(time.playing).toBe(false);
  });

  it('native: getStartDate() plus currentTime', () => {
    const time = new StreamTime(() => server);
    const v = video({ startDate: at('2024-02-22T11:00:00Z'), currentTime: 3600 + 9 * 60 + 31 });
    time.attach({ kind: 'native', video: v, delaySeconds: 20 });
    setPaused(v, false);
    expect(time.viewerNow()?.toISOString()).toBe('2024-02-22T12:09:31.000Z');
  });

  it('an embed counts as playing while shown, at the server time minus the delay', () => {
    const time = new StreamTime(() => server);
    const release = time.attach({ kind: 'embed', delaySeconds: 15 });
    expect(time.playing).toBe(true);
    expect(time.viewerNow()?.toISOString()).toBe('2024-02-22T12:09:45.000Z');
    release();
    expect(time.viewerNow()).toBeNull();
  });

  it('a newer player takes over; releasing the older one then changes nothing', () => {
    const time = new StreamTime(() => server);
    const first = time.attach({ kind: 'embed', delaySeconds: 15 });
    time.attach({ kind: 'embed', delaySeconds: 40 });
    first();
    expect(time.viewerNow()?.toISOString()).toBe('2024-02-22T12:09:20.000Z');
  });
});

describe('AgendaStore follows the stream time while the stream plays', () => {
  it('the current item, the countdown and the phase follow the frame on screen; the server time otherwise', async () => {
    let deviceMs = 0;
    const api = {
      getEvent: () => Promise.resolve(seedEvent),
      getNow: (): Promise<NowResponse> => Promise.resolve(nowAt(cet('2024-02-22', '13:10'))),
    };
    const store = new AgendaStore(seedEvent.slug, { api, clock: () => deviceMs, storage: null });
    await store.load();
    deviceMs += 5_000;
    store.tick();
    expect(store.serverNow?.toISOString()).toBe('2024-02-22T12:10:05.000Z');
    expect(store.current?.title).toBe('Breaking bad news');

    // The stream runs 25 s behind: its frame is still in the talk before.
    const v = video();
    let frame = at('2024-02-22T12:09:40Z');
    store.stream.attach({ kind: 'hls', video: v, playingDate: () => frame, delaySeconds: 20 });
    setPaused(v, false);
    expect(store.now?.toISOString()).toBe('2024-02-22T12:09:40.000Z');
    expect(store.current?.title).toBe('Interacting with patients during ultrasound');
    expect(store.secondsToNextQa).toBe(80 * 60 + 20);
    expect(store.phaseOf(seedEvent.parts[0].items[1])).toBe('upcoming');
    expect(store.serverPhaseOf(seedEvent.parts[0].items[1])).toBe('live');

    // The next tick reads the frame again: the stream reached the boundary.
    frame = at('2024-02-22T12:10:00Z');
    deviceMs += 1_000;
    store.tick();
    expect(store.current?.title).toBe('Breaking bad news');

    // Paused: the page goes back to the server's time.
    frame = at('2024-02-22T12:09:00Z');
    setPaused(v, true);
    expect(store.now?.toISOString()).toBe('2024-02-22T12:10:06.000Z');
    expect(store.current?.title).toBe('Breaking bad news');
  });
});
