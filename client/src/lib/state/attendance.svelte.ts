// CME attendance on the event page: registration, the heartbeat every 30 s while registered,
// presence prompts the server asks for, the evaluation, the certificate and the viewer's own
// data. Off (and invisible) unless the organizer turned attendance on for the event.
import type {
  EvaluationQuestion,
  MyAttendance,
  PresencePrompt,
  PublicAttendanceSettings,
  RegistrationRequest,
} from '../../../../shared/attendance.js';
import { BEAT_INTERVAL_SECONDS, PROMPT_CONFIRM_SECONDS } from '../../../../shared/attendance.js';
import { attendanceApi, type AttendanceApi } from '../api/attendance.js';
import { ApiError, errorMessage } from '../api/http.js';
import { t } from '../i18n/index.js';
import type { LiveConnection } from '../realtime/connection.js';
import { PARTICIPANT_KEY } from '../realtime/live-socket.svelte.js';

/** Where the frame on screen is in time: the agenda's StreamTime (stream-time.svelte.ts). */
export interface StreamClock {
  /** True while the player plays (not paused, not stalled). */
  readonly playing: boolean;
  /** The wall-clock instant of the frame on screen; null when unknown (never guessed). */
  viewerNow(): Date | null;
}

export interface AttendanceOptions {
  connection: LiveConnection;
  stream: StreamClock;
  /** The part being watched, or null when none is on. */
  partId: () => string | null;
  api?: AttendanceApi;
  /** The participant token the socket also uses. */
  token?: () => string | null;
  visible?: () => boolean;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

function storedToken(): string | null {
  try {
    return window.localStorage.getItem(PARTICIPANT_KEY);
  } catch {
    return null;
  }
}

export class AttendanceStore {
  settings = $state.raw<PublicAttendanceSettings | null>(null);
  me = $state.raw<MyAttendance | null>(null);
  /** Live seconds credited in the part being watched, from the last beat's acknowledgement. */
  liveSeconds = $state<number | null>(null);
  prompt = $state.raw<PresencePrompt | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);
  /** A short confirmation to announce ("Registered", "Thank you"). */
  notice = $state<string | null>(null);

  readonly enabled = $derived(this.settings?.enabled === true);
  readonly registered = $derived(this.me !== null);
  readonly evaluation: EvaluationQuestion[] = $derived(this.settings?.evaluation ?? []);

  readonly #slug: string;
  readonly #options: AttendanceOptions;
  readonly #api: AttendanceApi;
  #timer: unknown = null;
  #promptTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(slug: string, options: AttendanceOptions) {
    this.#slug = slug;
    this.#options = options;
    this.#api = options.api ?? attendanceApi;
  }

  #token(): string | null {
    return (this.#options.token ?? storedToken)();
  }

  /** Reads whether the event records attendance and, if so, this viewer's registration. */
  async load(): Promise<void> {
    try {
      this.settings = await this.#api.settings(this.#slug);
    } catch {
      // No attendance settings (or no answer): the page simply shows nothing about credits.
      this.settings = null;
      return;
    }
    if (this.enabled) await this.refresh();
  }

  /** Reloads this viewer's standing; not registered is a normal answer. */
  async refresh(): Promise<void> {
    const token = this.#token();
    if (!token) return;
    try {
      this.me = await this.#api.mine(this.#slug, token);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'attendance/not_registered') this.me = null;
      else this.error = errorMessage(error);
    }
  }

  async register(form: Omit<RegistrationRequest, 'consent'> & { consent: boolean }): Promise<boolean> {
    const token = this.#token();
    if (!token) {
      this.error = t('attendance.noIdentity');
      return false;
    }
    if (!form.consent) {
      this.error = t('attendance.consentRequired');
      return false;
    }
    return this.#run(async () => {
      await this.#api.register(this.#slug, token, { ...form, consent: true });
      await this.refresh();
      this.notice = t('attendance.registered');
      void this.beat();
    });
  }

  /** Sends beats every interval while registered; returns the stop function. */
  start(): () => void {
    const set = this.#options.setInterval ?? ((fn, ms) => setInterval(fn, ms));
    const clear = this.#options.clearInterval ?? ((h) => clearInterval(h as ReturnType<typeof setInterval>));
    const seconds = this.settings?.beatIntervalSeconds ?? BEAT_INTERVAL_SECONDS;
    this.#timer = set(() => void this.beat(), seconds * 1000);
    return () => {
      clear(this.#timer);
      clearTimeout(this.#promptTimer);
    };
  }

  /** One heartbeat with what the player shows now. */
  async beat(): Promise<void> {
    const partId = this.#options.partId();
    if (!this.enabled || !this.registered || partId === null) return;
    const streamTime = this.#options.stream.viewerNow();
    const ack = await this.#options.connection.request('attendance:beat', {
      partId,
      playing: this.#options.stream.playing,
      visible: (this.#options.visible ?? defaultVisible)(),
      streamTime: streamTime === null ? null : streamTime.toISOString(),
    });
    if (!ack.ok) {
      if (ack.error === 'attendance/not_registered') this.me = null;
      return;
    }
    this.liveSeconds = ack.data.liveSeconds;
    if (ack.data.prompt && ack.data.prompt.id !== this.prompt?.id) this.#showPrompt(ack.data.prompt);
  }

  #showPrompt(prompt: PresencePrompt): void {
    this.prompt = prompt;
    clearTimeout(this.#promptTimer);
    // The server's deadline is on its clock; the person gets the same span in real time.
    const seconds = this.settings?.promptConfirmSeconds ?? PROMPT_CONFIRM_SECONDS;
    this.#promptTimer = setTimeout(() => {
      if (this.prompt?.id === prompt.id) {
        this.prompt = null;
        this.notice = t('attendance.promptMissed');
      }
    }, seconds * 1000);
  }

  async confirmPrompt(): Promise<void> {
    const prompt = this.prompt;
    if (!prompt) return;
    const ack = await this.#options.connection.request('attendance:confirm', { promptId: prompt.id });
    clearTimeout(this.#promptTimer);
    this.prompt = null;
    this.notice = ack.ok ? t('attendance.promptThanks') : ack.message;
  }

  async evaluate(answers: Record<string, string | number | boolean>): Promise<boolean> {
    const token = this.#token();
    if (!token) return false;
    return this.#run(async () => {
      await this.#api.evaluate(this.#slug, token, answers);
      await this.refresh();
      this.notice = t('attendance.evaluationThanks');
    });
  }

  async certificate(): Promise<Blob | null> {
    const token = this.#token();
    if (!token) return null;
    let blob: Blob | null = null;
    await this.#run(async () => {
      blob = await this.#api.certificate(this.#slug, token);
      await this.refresh();
    });
    return blob;
  }

  async myData(): Promise<Blob | null> {
    const token = this.#token();
    if (!token) return null;
    let blob: Blob | null = null;
    await this.#run(async () => {
      blob = await this.#api.myData(this.#slug, token);
    });
    return blob;
  }

  async deleteMine(): Promise<boolean> {
    const token = this.#token();
    if (!token) return false;
    return this.#run(async () => {
      await this.#api.deleteMine(this.#slug, token);
      this.me = null;
      this.liveSeconds = null;
      this.prompt = null;
      this.notice = t('attendance.deleted');
    });
  }

  async #run(work: () => Promise<void>): Promise<boolean> {
    this.busy = true;
    this.error = null;
    this.notice = null;
    try {
      await work();
      return true;
    } catch (error) {
      this.error = errorMessage(error);
      return false;
    } finally {
      this.busy = false;
    }
  }
}

function defaultVisible(): boolean {
  return typeof document === 'undefined' || document.visibilityState !== 'hidden';
}
