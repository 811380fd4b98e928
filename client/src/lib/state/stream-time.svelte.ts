// The viewer's stream time: the wall-clock instant of the frame on screen. An HLS viewer sees
// the course 15-30 s after it happens, so "now" for what they see is not the server's now.
// The frame carries its own time when the playlist has EXT-X-PROGRAM-DATE-TIME (hls.js
// `playingDate`, Safari's `getStartDate()` plus `currentTime`); an embedded player (YouTube,
// Vimeo) or a playlist without it gets the server's time minus the part's stream delay, which
// the organizer sets. When nothing plays the time is unknown (null), never guessed.
//
// The agenda's "now" follows it while the stream plays; attendance heartbeats read it too.

/** The part's stream delay when the organizer has not set one, in seconds. */
export const DEFAULT_STREAM_DELAY_S = 20;

/** Where the current reading comes from; null while no player is on the page. */
export type StreamClockKind = 'hls' | 'native' | 'embed';

/** What the page tells the store about its player. */
export type StreamClockSource =
  /** hls.js: `playingDate` is the program date-time of the frame on screen, or null without it. */
  | { kind: 'hls'; video: HTMLVideoElement; playingDate: () => Date | null; delaySeconds: number }
  /** The browser's own HLS player (Safari, iOS). */
  | { kind: 'native'; video: HTMLVideoElement; delaySeconds: number }
  /** An iframe player: the page cannot see its frames, only that it is shown. */
  | { kind: 'embed'; delaySeconds: number };

/** Safari's HTMLMediaElement extension; not in the DOM typings. */
type WithStartDate = HTMLVideoElement & { getStartDate?: () => Date };

/**
 * The program date-time of the native player's frame: getStartDate() is the instant of
 * currentTime 0. Safari answers an invalid Date when the playlist has no program date-time.
 */
export function nativeFrameTime(video: HTMLVideoElement): number | null {
  const start = (video as WithStartDate).getStartDate?.();
  const startMs = start instanceof Date ? start.getTime() : NaN;
  if (!Number.isFinite(startMs) || !Number.isFinite(video.currentTime)) return null;
  return startMs + video.currentTime * 1000;
}

/** hls.js's reading, when it is a real instant. */
export function hlsFrameTime(playingDate: Date | null): number | null {
  const ms = playingDate?.getTime();
  return ms !== undefined && Number.isFinite(ms) ? ms : null;
}

/** The server's time minus the part's stream delay: the best one can say without program date-time. */
export function delayedTime(serverNow: Date | null, delaySeconds: number): number | null {
  if (serverNow === null) return null;
  const delay = Number.isFinite(delaySeconds) && delaySeconds >= 0 ? delaySeconds : DEFAULT_STREAM_DELAY_S;
  return serverNow.getTime() - delay * 1000;
}

/**
 * The stream time for a source at this moment; null when unknown. A video that has not
 * started playing yet (nothing on screen) is unknown; a playing one without program
 * date-time falls back to the delay.
 */
export function streamTimeOf(
  source: StreamClockSource | null,
  started: boolean,
  serverNow: Date | null,
): number | null {
  if (source === null) return null;
  switch (source.kind) {
    case 'embed':
      return delayedTime(serverNow, source.delaySeconds);
    case 'hls':
      if (!started) return null;
      return hlsFrameTime(source.playingDate()) ?? delayedTime(serverNow, source.delaySeconds);
    case 'native':
      if (!started) return null;
      return nativeFrameTime(source.video) ?? delayedTime(serverNow, source.delaySeconds);
  }
}

/** The organizer's delay for a part, or the default until one is set. */
export function streamDelayOf(part: { streamDelaySeconds?: number | null } | null | undefined): number {
  const delay = part?.streamDelaySeconds;
  return typeof delay === 'number' && Number.isFinite(delay) && delay >= 0 ? delay : DEFAULT_STREAM_DELAY_S;
}

const VIDEO_EVENTS = ['playing', 'play', 'pause', 'ended', 'emptied', 'error'] as const;

export class StreamTime {
  /** True while the stream plays: a video past its first frame and not paused or ended, or an embed shown. */
  playing = $state(false);
  /** Which player gives the time; null while none is on the page. */
  kind = $state<StreamClockKind | null>(null);

  readonly #serverNow: () => Date | null;
  #source: StreamClockSource | null = null;
  /** The video has shown a frame since its source was set. */
  #started = false;
  #release: (() => void) | null = null;
  #releaseVideo: (() => void) | null = null;

  /** `serverNow`: the server's time at the moment of asking (the agenda's clock). */
  constructor(serverNow: () => Date | null) {
    this.#serverNow = serverNow;
  }

  /**
   * The wall-clock time of the frame on screen, or null when it is unknown (nothing plays).
   * `serverNow` may be passed by a caller that already has it (the agenda's tick).
   */
  viewerNow(serverNow: Date | null = this.#serverNow()): Date | null {
    if (!this.playing) return null;
    const ms = streamTimeOf(this.#source, this.#started, serverNow);
    return ms === null ? null : new Date(ms);
  }

  /** Follows a player until the returned function is called (the player left the page). */
  attach(source: StreamClockSource): () => void {
    this.#release?.();
    this.#source = source;
    this.kind = source.kind;
    this.#started = false;
    if (source.kind === 'embed') {
      // An iframe cannot be asked whether it plays: shown counts as playing.
      this.#started = true;
      this.playing = true;
    } else {
      const video = source.video;
      const update = (event: Event): void => {
        if (event.type === 'playing') this.#started = true;
        if (event.type === 'emptied') this.#started = false;
        this.playing = this.#started && !video.paused && !video.ended;
      };
      for (const type of VIDEO_EVENTS) video.addEventListener(type, update);
      this.playing = false;
      this.#releaseVideo = () => {
        for (const type of VIDEO_EVENTS) video.removeEventListener(type, update);
      };
    }
    const release = (): void => {
      if (this.#source !== source) return; // a newer player took over
      this.#releaseVideo?.();
      this.#releaseVideo = null;
      this.#source = null;
      this.#started = false;
      this.#release = null;
      this.kind = null;
      this.playing = false;
    };
    this.#release = release;
    return release;
  }
}
