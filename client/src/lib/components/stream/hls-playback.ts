// Plays an HLS playlist in a <video>: natively where the browser's player tells the time of
// its frames (Safari, iOS), else through hls.js, else natively without it. hls.js is imported here and nowhere else, dynamically, so the bundler makes
// it a chunk of its own that only a viewer of an HLS stream on such a browser downloads.
import type Hls from 'hls.js';
import type { ErrorData } from 'hls.js';

export const HLS_MIME = 'application/vnd.apple.mpegurl';

export interface PlaybackOptions {
  /** Called once when the stream cannot be played (after the retries); not after stop. */
  onError: () => void;
  /** How many times a failed load is retried before onError; each retry waits twice as long. */
  retries?: number;
  /** The wait before the first retry. */
  backoffMs?: number;
  /**
   * Called with the player that will show the stream, as soon as it is known: 'native' (the
   * browser's own, whose frames carry getStartDate()) or 'hls' with hls.js's `playingDate`.
   */
  onPlayer?: (player: { kind: 'native' } | { kind: 'hls'; playingDate: () => Date | null }) => void;
  /** The hls.js module; tests may pass their own. */
  loadHls?: () => Promise<{ default: typeof Hls }>;
}

const loadHlsJs = (): Promise<{ default: typeof Hls }> => import('hls.js');

/** Starts playing `url` in `video`; the returned function stops it and lets everything go. */
export function playHls(video: HTMLVideoElement, url: string, options: PlaybackOptions): () => void {
  const { onError, onPlayer, retries = 4, backoffMs = 2000, loadHls = loadHlsJs } = options;
  let stopped = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const fail = (): void => {
    if (!stopped) onError();
  };
  /** Tries `again` after a growing wait, or gives up; true when a retry is scheduled. */
  const retry = (again: () => void): boolean => {
    if (stopped || failures >= retries) return false;
    timer = setTimeout(again, backoffMs * 2 ** failures);
    failures += 1;
    return true;
  };

  const playNative = (): (() => void) => {
    // The browser plays HLS itself: no hls.js. A playlist that is not there yet (the stream
    // has not started) is an `error` event on the element.
    const onMediaError = (): void => {
      if (!retry(() => video.load())) fail();
    };
    const onPlaying = (): void => {
      failures = 0;
    };
    video.addEventListener('error', onMediaError);
    video.addEventListener('playing', onPlaying);
    onPlayer?.({ kind: 'native' });
    video.src = url;
    return () => {
      stopped = true;
      clearTimeout(timer);
      video.removeEventListener('error', onMediaError);
      video.removeEventListener('playing', onPlaying);
      video.removeAttribute('src');
      video.load(); // stops the download
    };
  };

  // Safari's own player gives the frame's program date-time (getStartDate()); Chrome's newer
  // native HLS does not, so there hls.js plays it (its playingDate does) and the native
  // player is only the fallback for a browser without Media Source Extensions.
  const native = video.canPlayType(HLS_MIME) !== '';
  if (native && typeof (video as { getStartDate?: unknown }).getStartDate === 'function') {
    return playNative();
  }
  let stopNative: (() => void) | null = null;

  let hls: Hls | null = null;
  const release = (): void => {
    hls?.destroy();
    hls = null;
  };

  void loadHls()
    .then(({ default: HlsPlayer }) => {
      if (stopped) return;
      if (!HlsPlayer.isSupported()) {
        if (native) stopNative = playNative();
        else fail(); // neither native HLS nor Media Source Extensions
        return;
      }

      // Reads whichever hls.js player is current: a retry replaces it.
      onPlayer?.({ kind: 'hls', playingDate: () => hls?.playingDate ?? null });
      let mediaRecovered = false;
      const start = (): void => {
        const player = new HlsPlayer();
        hls = player;
        player.on(HlsPlayer.Events.FRAG_BUFFERED, () => {
          // Playing again: a later outage gets the full set of retries.
          failures = 0;
          mediaRecovered = false;
        });
        player.on(HlsPlayer.Events.ERROR, (_event, data: ErrorData) => {
          if (!data.fatal || stopped) return; // hls.js handles the others itself
          if (data.type === HlsPlayer.ErrorTypes.MEDIA_ERROR && !mediaRecovered) {
            mediaRecovered = true;
            player.recoverMediaError();
            return;
          }
          // A fatal error leaves the player unusable: start afresh, which also reloads a
          // playlist that was not published yet.
          release();
          if (data.type !== HlsPlayer.ErrorTypes.NETWORK_ERROR || !retry(start)) fail();
        });
        player.loadSource(url);
        player.attachMedia(video);
      };
      start();
    })
    .catch(() => {
      // The chunk could not be fetched (offline), or hls.js would not start.
      if (native && !stopped) stopNative = playNative();
      else fail();
    });

  return () => {
    stopped = true;
    clearTimeout(timer);
    release();
    stopNative?.();
  };
}
