// The speakers' view of one part: the question on air and the queue after it, from the
// `speaker:join` snapshot and the `queue:changed` / `settings:changed` pushes that follow.
// A link for one named speaker receives only their own talks' questions (the server filters).
import type { QueueState } from '../../../../shared/moderation.js';
import type { LabelView, QuestionView } from '../../../../shared/questions.js';
import type { SpeakerSnapshot } from '../../../../shared/realtime.js';
import type { LiveAck, LiveConnection } from '../realtime/connection.js';
import { JOIN_TIMEOUT_MS, PartFeedStore, type FeedQuestion, type FeedSnapshot } from './part-feed.svelte.js';

/** How many queued questions the speakers see after the one on air. */
export const SPEAKER_NEXT_COUNT = 3;

export interface SpeakerQuestion {
  id: string;
  body: string;
  displayName: string | null;
  votes: number;
  talkTitle: string | null;
  /** The moderators' labels on it ("For the panel"). */
  labels: LabelView[];
}

/** The speakers' view holds no questions of its own: only the queue, which carries them. */
export class SpeakerStore extends PartFeedStore<FeedQuestion, SpeakerSnapshot> {
  talks = $state.raw<Record<string, string>>({});
  speakerName = $state<string | null>(null);
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

  constructor(partId: string, options: { connection: LiveConnection }) {
    super(partId, options.connection);
  }

  get queueState(): QueueState | null {
    return this.feed.queue;
  }

  get speakersMayAnswer(): boolean {
    return this.feed.settings.speakersMayAnswer ?? false;
  }

  get eventSlug(): string | null {
    return this.feed.settings.eventSlug ?? null;
  }

  /** Marks the question on air answered, when the moderators allow speakers to. */
  async markAnswered(): Promise<boolean> {
    const onAir = this.queueState?.onAir;
    if (!onAir || !this.speakersMayAnswer || this.answering) return false;
    this.answering = true;
    this.answerError = null;
    try {
      const ack = await this.connection.request('speaker:answered', { questionId: onAir.id });
      if (this.feed.stopped) return false;
      if (ack.ok) {
        this.feed.applyQueue(ack.data);
        return true;
      }
      this.answerError = ack.message;
      return false;
    } finally {
      this.answering = false;
    }
  }

  protected join(): Promise<LiveAck<SpeakerSnapshot>> {
    return this.connection.request('speaker:join', { partId: this.partId }, { timeoutMs: JOIN_TIMEOUT_MS });
  }

  protected read(snapshot: SpeakerSnapshot): FeedSnapshot<FeedQuestion> {
    const { partId, queueVersion, onAir, queued, eventSlug, speakersMayAnswer } = snapshot;
    return { queue: { partId, queueVersion, onAir, queued }, settings: { eventSlug, speakersMayAnswer } };
  }

  protected override onSnapshot(snapshot: SpeakerSnapshot): void {
    this.talks = snapshot.talks;
    this.speakerName = snapshot.speakerName;
  }

  #shown(q: QuestionView): SpeakerQuestion {
    return {
      id: q.id,
      body: q.body,
      displayName: q.displayName,
      votes: q.votes,
      talkTitle: q.talkId ? (this.talks[q.talkId] ?? null) : null,
      labels: q.labels,
    };
  }
}
