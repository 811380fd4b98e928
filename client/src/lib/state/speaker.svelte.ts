// The speakers' view of one part: the question on air and the queue after it, from the
// `speaker:join` snapshot and the `queue:changed` / `settings:changed` pushes that follow.
// A link for one named speaker receives only their own talks' questions (the server filters).
import type { QueueState } from '../../../../shared/moderation.js';
import type { QuestionView } from '../../../../shared/questions.js';
import type { EventSettings, SpeakerSnapshot } from '../../../../shared/realtime.js';
import type { ConnectionStatus, LiveConnection } from '../realtime/connection.js';

/** How many queued questions the speakers see after the one on air. */
export const SPEAKER_NEXT_COUNT = 3;
const JOIN_TIMEOUT_MS = 10_000;
const RETRY_DELAYS_MS = [2_000, 5_000, 10_000, 30_000];

export interface SpeakerQuestion {
  id: string;
  body: string;
  displayName: string | null;
  votes: number;
  talkTitle: string | null;
}

export class SpeakerStore {
  readonly partId: string;

  queueState = $state.raw<QueueState | null>(null);
  talks = $state.raw<Record<string, string>>({});
  speakerName = $state<string | null>(null);
  speakersMayAnswer = $state(false);
  eventSlug = $state<string | null>(null);
  joined = $state(false);
  joinError = $state<string | null>(null);
  /** "Mark answered" is on its way. */
  answering = $state(false);
  answerError = $state<string | null>(null);

  readonly onAir: SpeakerQuestion | null = $derived(
    this.queueState?.onAir ? this.#shown(this.queueState.onAir) : null,
  );
  readonly upNext: SpeakerQuestion[] = $derived(
    (this.queueState?.queued ?? []).slice(0, SPEAKER_NEXT_COUNT).map((q) => this.#shown(q)),
  );
  /** Queued after the ones shown. */
  readonly moreQueued: number = $derived(
    Math.max(0, (this.queueState?.queued.length ?? 0) - SPEAKER_NEXT_COUNT),
  );

  readonly #connection: LiveConnection;
  readonly #stops: (() => void)[] = [];
  #joining = false;
  #joinAgain = false;
  #retries = 0;
  #joinTimer: ReturnType<typeof setTimeout> | undefined;
  #destroyed = false;

  constructor(partId: string, options: { connection: LiveConnection }) {
    this.partId = partId;
    this.#connection = options.connection;
  }

  get connectionStatus(): ConnectionStatus {
    return this.#connection.status;
  }

  start(): void {
    const c = this.#connection;
    this.#stops.push(
      c.on('queue:changed', (queue) => this.#applyQueue(queue)),
      c.on('settings:changed', (settings) => this.#applySettings(settings)),
      c.onConnect(() => {
        this.joined = false;
        void this.#join();
      }),
    );
    if (c.status === 'online') void this.#join();
  }

  destroy(): void {
    this.#destroyed = true;
    for (const stop of this.#stops.splice(0)) stop();
    clearTimeout(this.#joinTimer);
  }

  /** Marks the question on air answered, when the moderators allow speakers to. */
  async markAnswered(): Promise<boolean> {
    const onAir = this.queueState?.onAir;
    if (!onAir || !this.speakersMayAnswer || this.answering) return false;
    this.answering = true;
    this.answerError = null;
    try {
      const ack = await this.#connection.request('speaker:answered', { questionId: onAir.id });
      if (this.#destroyed) return false;
      if (ack.ok) {
        this.#applyQueue(ack.data);
        return true;
      }
      this.answerError = ack.message;
      return false;
    } finally {
      this.answering = false;
    }
  }

  async #join(): Promise<void> {
    if (this.#joining) {
      this.#joinAgain = true;
      return;
    }
    this.#joining = true;
    try {
      const ack = await this.#connection.request(
        'speaker:join',
        { partId: this.partId },
        { timeoutMs: JOIN_TIMEOUT_MS },
      );
      if (this.#destroyed) return;
      if (ack.ok) {
        this.#applySnapshot(ack.data);
        this.joined = true;
        this.joinError = null;
        this.#retries = 0;
      } else if (ack.error === 'client/offline') {
        // onConnect joins again.
      } else if (ack.error === 'client/timeout' || ack.error === 'database/unavailable') {
        clearTimeout(this.#joinTimer);
        const delay = RETRY_DELAYS_MS[Math.min(this.#retries++, RETRY_DELAYS_MS.length - 1)];
        this.#joinTimer = setTimeout(() => void this.#join(), ack.retryAfterMs ?? delay);
      } else {
        this.joinError = ack.message;
      }
    } finally {
      this.#joining = false;
    }
    if (this.#joinAgain) {
      this.#joinAgain = false;
      await this.#join();
    }
  }

  #applySnapshot(snapshot: SpeakerSnapshot): void {
    if (snapshot.partId !== this.partId) return;
    this.talks = snapshot.talks;
    this.speakerName = snapshot.speakerName;
    this.speakersMayAnswer = snapshot.speakersMayAnswer;
    this.eventSlug = snapshot.eventSlug;
    const { partId, queueVersion, onAir, queued } = snapshot;
    // A push that overtook the snapshot (higher version) is kept.
    this.#applyQueue({ partId, queueVersion, onAir, queued });
  }

  #applyQueue(queue: QueueState): void {
    if (queue.partId !== this.partId) return;
    if (this.queueState && this.queueState.queueVersion > queue.queueVersion) return;
    this.queueState = queue;
  }

  #applySettings(settings: EventSettings): void {
    if (this.eventSlug !== null && settings.eventSlug !== this.eventSlug) return;
    this.speakersMayAnswer = settings.speakersMayAnswer;
  }

  #shown(q: QuestionView): SpeakerQuestion {
    return {
      id: q.id,
      body: q.body,
      displayName: q.displayName,
      votes: q.votes,
      talkTitle: q.talkId ? (this.talks[q.talkId] ?? null) : null,
    };
  }
}
