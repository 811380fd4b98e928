// A stand-in for hls.js in tests (jsdom has no Media Source Extensions). A test mocks the
// module afresh for each case, so the factory runs, and counts, every import of hls.js:
//   vi.doMock('hls.js', () => { fakeHls.imports += 1; return fakeHlsModule; });
// It records what the code under test asked of it and lets a test raise hls.js events.
import { vi } from 'vitest';

type Handler = (event: string, data: unknown) => void;

export const fakeHls = {
  /** How often the code under test imported hls.js, as counted by the mock's factory. */
  imports: 0,
  /** Every player created, oldest first; tests empty it between cases. */
  instances: [] as FakeHls[],
  /** Whether MSE is there; hls.js's own check. */
  supported: true,
};

export class FakeHls {
  static readonly Events = { ERROR: 'hlsError', FRAG_BUFFERED: 'hlsFragBuffered' } as const;
  static readonly ErrorTypes = { NETWORK_ERROR: 'networkError', MEDIA_ERROR: 'mediaError' } as const;
  static isSupported(): boolean {
    return fakeHls.supported;
  }

  source: string | null = null;
  media: HTMLMediaElement | null = null;
  destroyed = false;
  mediaRecoveries = 0;
  /** hls.js's program date-time of the frame on screen; null without EXT-X-PROGRAM-DATE-TIME. */
  playingDate: Date | null = null;
  readonly #handlers = new Map<string, Handler[]>();

  constructor() {
    fakeHls.instances.push(this);
  }

  on(event: string, handler: Handler): void {
    this.#handlers.set(event, [...(this.#handlers.get(event) ?? []), handler]);
  }

  loadSource(url: string): void {
    this.source = url;
  }

  attachMedia(media: HTMLMediaElement): void {
    this.media = media;
  }

  recoverMediaError(): void {
    this.mediaRecoveries += 1;
  }

  destroy(): void {
    this.destroyed = true;
    this.media = null;
  }

  emit(event: string, data: unknown = {}): void {
    for (const handler of this.#handlers.get(event) ?? []) handler(event, data);
  }

  fatal(type: 'networkError' | 'mediaError' | 'otherError'): void {
    this.emit(FakeHls.Events.ERROR, { type, details: 'manifestLoadError', fatal: true });
  }
}

export default FakeHls;

/** Forgets the players and imports of the last test. */
export function resetFakeHls(): void {
  fakeHls.instances.length = 0;
  fakeHls.imports = 0;
  fakeHls.supported = true;
}

/** The newest player; fails the test when there is none. */
export function lastHls(): FakeHls {
  const last = fakeHls.instances.at(-1);
  if (!last) throw new Error('no hls.js player was created');
  return last;
}

/**
 * jsdom's media elements play nothing and report "not implemented": stubs them, with
 * canPlayType answering `nativeHls` for the HLS type (Safari says 'maybe', Chrome '' or, since
 * its own HLS player, 'maybe' too) and Safari's getStartDate() when `startDate` (by default
 * with native HLS: Safari).
 */
export function stubMedia(nativeHls: '' | 'maybe' = '', startDate = nativeHls === 'maybe'): void {
  if (startDate) {
    Object.defineProperty(HTMLMediaElement.prototype, 'getStartDate', {
      value: () => new Date(Number.NaN),
      configurable: true,
    });
  } else {
    delete (HTMLMediaElement.prototype as { getStartDate?: unknown }).getStartDate;
  }
  vi.spyOn(HTMLMediaElement.prototype, 'canPlayType').mockImplementation((type) =>
    type === 'application/vnd.apple.mpegurl' ? nativeHls : '',
  );
  vi.spyOn(HTMLMediaElement.prototype, 'load').mockImplementation(() => {});
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
  vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(() => {});
}
