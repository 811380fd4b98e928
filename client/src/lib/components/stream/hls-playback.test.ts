import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as fakeHlsModule from '../../../../test-support/fake-hls.js';
import { fakeHls, lastHls, resetFakeHls, stubMedia } from '../../../../test-support/fake-hls.js';
import { playHls } from './hls-playback.js';

const SRC = 'https://cdn.example.org/live/course.m3u8';

let video: HTMLVideoElement;
let onError: ReturnType<typeof vi.fn<() => void>>;

beforeEach(() => {
  resetFakeHls();
  vi.doMock('hls.js', () => {
    fakeHls.imports += 1;
    return fakeHlsModule;
  });
  vi.useFakeTimers();
  video = document.createElement('video');
  onError = vi.fn<() => void>();
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Lets the dynamic import of hls.js resolve. */
const imported = (): Promise<void> => vi.dynamicImportSettled();

describe('playHls with native HLS (Safari, iOS)', () => {
  beforeEach(() => stubMedia('maybe'));

  it('sets the playlist as the source and never loads hls.js', async () => {
    const players: string[] = [];
    const stop = playHls(video, SRC, { onError, onPlayer: (player) => players.push(player.kind) });
    await imported();
    expect(video.src).toBe(SRC);
    expect(players).toEqual(['native']);
    expect(fakeHls.imports).toBe(0);
    stop();
    expect(video.hasAttribute('src')).toBe(false);
  });

  it('retries a failed load with growing waits, then reports it once', () => {
    const load = vi.spyOn(video, 'load');
    playHls(video, SRC, { onError, retries: 2, backoffMs: 1000 });
    video.dispatchEvent(new Event('error'));
    vi.advanceTimersByTime(999);
    expect(load).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(load).toHaveBeenCalledTimes(1);
    video.dispatchEvent(new Event('error'));
    vi.advanceTimersByTime(2000);
    expect(load).toHaveBeenCalledTimes(2);
    expect(onError).not.toHaveBeenCalled();
    video.dispatchEvent(new Event('error'));
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('stops listening when stopped', () => {
    const stop = playHls(video, SRC, { onError, retries: 0 });
    stop();
    video.dispatchEvent(new Event('error'));
    expect(onError).not.toHaveBeenCalled();
  });
});

describe('playHls where the native player cannot tell the time of its frames (Chrome)', () => {
  beforeEach(() => stubMedia('maybe', false));

  it('plays through hls.js, whose playingDate carries the program date-time', async () => {
    const players: string[] = [];
    playHls(video, SRC, { onError, onPlayer: (player) => players.push(player.kind) });
    await imported();
    expect(fakeHls.imports).toBe(1);
    expect(lastHls().media).toBe(video);
    expect(video.hasAttribute('src')).toBe(false);
    expect(players).toEqual(['hls']);
  });

  it('falls back to the native player without Media Source Extensions', async () => {
    fakeHls.supported = false;
    const players: string[] = [];
    const stop = playHls(video, SRC, { onError, onPlayer: (player) => players.push(player.kind) });
    await imported();
    expect(video.src).toBe(SRC);
    expect(players).toEqual(['native']);
    expect(onError).not.toHaveBeenCalled();
    stop();
    expect(video.hasAttribute('src')).toBe(false);
  });

  it('falls back to the native player when hls.js cannot be fetched', async () => {
    playHls(video, SRC, { onError, loadHls: () => Promise.reject(new Error('offline')) });
    await vi.waitFor(() => expect(video.src).toBe(SRC));
    expect(onError).not.toHaveBeenCalled();
  });
});

describe('playHls through hls.js', () => {
  beforeEach(() => stubMedia(''));

  it('imports hls.js and attaches a player to the video', async () => {
    playHls(video, SRC, { onError });
    await imported();
    expect(fakeHls.imports).toBe(1);
    expect(fakeHls.instances).toHaveLength(1);
    expect(lastHls().source).toBe(SRC);
    expect(lastHls().media).toBe(video);
  });

  it('retries fatal network errors with backoff, then reports them once', async () => {
    playHls(video, SRC, { onError, retries: 3, backoffMs: 1000 });
    await imported();
    for (const wait of [1000, 2000, 4000]) {
      const failed = lastHls();
      failed.fatal('networkError');
      expect(failed.destroyed).toBe(true);
      vi.advanceTimersByTime(wait - 1);
      expect(fakeHls.instances.at(-1)).toBe(failed);
      vi.advanceTimersByTime(1);
      expect(lastHls()).not.toBe(failed);
      expect(lastHls().source).toBe(SRC);
    }
    expect(onError).not.toHaveBeenCalled();
    lastHls().fatal('networkError');
    vi.runAllTimers();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(fakeHls.instances).toHaveLength(4);
  });

  it('ignores errors hls.js recovers from itself', async () => {
    playHls(video, SRC, { onError, retries: 0 });
    await imported();
    lastHls().emit('hlsError', { type: 'networkError', details: 'fragLoadError', fatal: false });
    expect(onError).not.toHaveBeenCalled();
    expect(lastHls().destroyed).toBe(false);
  });

  it('gives a stream that played again the full set of retries', async () => {
    playHls(video, SRC, { onError, retries: 1, backoffMs: 1000 });
    await imported();
    lastHls().fatal('networkError');
    vi.advanceTimersByTime(1000);
    lastHls().emit('hlsFragBuffered');
    lastHls().fatal('networkError');
    vi.advanceTimersByTime(1000);
    expect(onError).not.toHaveBeenCalled();
    expect(fakeHls.instances).toHaveLength(3);
  });

  it('recovers a media error once, then reports the next', async () => {
    playHls(video, SRC, { onError });
    await imported();
    lastHls().fatal('mediaError');
    expect(lastHls().mediaRecoveries).toBe(1);
    expect(onError).not.toHaveBeenCalled();
    lastHls().fatal('mediaError');
    expect(onError).toHaveBeenCalledTimes(1);
    expect(lastHls().destroyed).toBe(true);
  });

  it('reports a browser without Media Source Extensions', async () => {
    fakeHls.supported = false;
    playHls(video, SRC, { onError });
    await imported();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(fakeHls.instances).toHaveLength(0);
  });

  it('reports an hls.js chunk that could not be fetched', async () => {
    playHls(video, SRC, { onError, loadHls: () => Promise.reject(new Error('offline')) });
    await vi.waitFor(() => expect(onError).toHaveBeenCalledTimes(1));
  });

  it('destroys the player when stopped, and cancels a pending retry', async () => {
    const stop = playHls(video, SRC, { onError, backoffMs: 1000 });
    await imported();
    const player = lastHls();
    stop();
    expect(player.destroyed).toBe(true);

    const stopLater = playHls(video, SRC, { onError, backoffMs: 1000 });
    await imported();
    lastHls().fatal('networkError');
    stopLater();
    vi.runAllTimers();
    expect(fakeHls.instances).toHaveLength(2);
    expect(onError).not.toHaveBeenCalled();
  });

  it('creates no player when stopped before hls.js arrives', async () => {
    const stop = playHls(video, SRC, { onError });
    stop();
    await imported();
    expect(fakeHls.instances).toHaveLength(0);
  });
});
