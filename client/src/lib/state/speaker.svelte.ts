// The speakers' view of one part: the question on air and the queue after it, from the
// `speaker:join` snapshot and the `queue:changed` / `settings:changed` pushes that follow, and
// the questions answered in text (`speaker:question` keeps them live), which left the queue.
// A link for one named speaker receives only their own talks' questions (the server filters).
import type { QueueState, StaffQuestionView } from '../../../../shared/moderation.js';
import type { LabelView, QuestionReply, QuestionView } from '../../../../shared/questions.js';
import type { SpeakerSnapshot } from '../../../../shared/realtime.js';
import { t } from '../i18n/index.js';
import type { LiveAck, LiveConnection } from '../realtime/connection.js';
import { JOIN_TIMEOUT_MS, PartFeedStore, type FeedSnapshot, type Listen } from './part-feed.svelte.js';

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

/** A question answered in text, with its answer. */
export interface SpeakerAnswer extends SpeakerQuestion {
  reply: QuestionReply;
}

function isTextAnswer<Q extends QuestionView>(q: Q): q is Q & { reply: QuestionReply } {
  return q.status === 'answered' && q.answeredHow === 'text' && q.reply !== null;
}

/**
 * The queue carries the questions on air and next; the feed's own questions are those answered
 * in text (and any that were until a later change, kept by version so an older push cannot bring
 * one back).
 */
export class SpeakerStore extends PartFeedStore<StaffQuestionView, SpeakerSnapshot> {
  talks = $state.raw<Record<string, string>>({});
  speakerName = $state<string | null>(null);
  /** "Mark answered" is on its way. */
  answering = $state(false);
  answerError = $state<string | null>(null);
  /** The question whose answer in text is on its way. */
  replyingId = $state<string | null>(null);
  /** Why the last answer in text was not taken (the server's words, or the empty text). */
  replyError = $state<string | null>(null);

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
  /** The questions answered in text, latest answer first. */
  readonly answeredInText: SpeakerAnswer[] = $derived(
    [...this.feed.questions.values()]
      .filter(isTextAnswer)
      .sort((a, b) => Date.parse(b.reply.at) - Date.parse(a.reply.at) || (a.id < b.id ? -1 : 1))
      .map((q) => ({ ...this.#shown(q), reply: q.reply })),
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
      return await this.#settle(
        this.connection.request('speaker:answered', { questionId: onAir.id }),
        (queue) => this.feed.applyQueue(queue),
        (message) => (this.answerError = message),
      );
    } finally {
      this.answering = false;
    }
  }

  /**
   * Answers a question of the queue (on air or next) in text, with its revision as shown. The
   * question then leaves the queue (the server's `queue:changed`) for the answered list. Resolves
   * true when the server took it; otherwise `replyError` says why.
   */
  async reply(questionId: string, text: string): Promise<boolean> {
    const queue = this.queueState;
    const question = [queue?.onAir, ...(queue?.queued ?? [])].find((q) => q?.id === questionId);
    if (!question || !this.speakersMayAnswer || this.replyingId !== null) return false;
    if (text.trim() === '') {
      this.replyError = t('mod.replyEmpty');
      return false;
    }
    this.replyingId = questionId;
    this.replyError = null;
    try {
      const request = { action: 'reply', questionId, revision: question.revision, text } as const;
      return await this.#settle(
        this.connection.request('mod:act', request),
        (answered) => this.feed.upsert(answered),
        (message) => (this.replyError = message),
      );
    } finally {
      this.replyingId = null;
    }
  }

  /** A speaker's request answered: true when the server took it (`taken` applies it), else `refused` says why. */
  async #settle<T>(
    sent: Promise<LiveAck<T>>,
    taken: (data: T) => void,
    refused: (message: string) => void,
  ): Promise<boolean> {
    const ack = await sent;
    if (this.feed.stopped) return false;
    if (!ack.ok) {
      refused(ack.message);
      return false;
    }
    taken(ack.data);
    return true;
  }

  /** A new answer form starts without the last one's refusal. */
  clearReplyError(): void {
    this.replyError = null;
  }

  protected join(): Promise<LiveAck<SpeakerSnapshot>> {
    return this.connection.request('speaker:join', { partId: this.partId }, { timeoutMs: JOIN_TIMEOUT_MS });
  }

  protected read(snapshot: SpeakerSnapshot): FeedSnapshot<StaffQuestionView> {
    const { partId, queueVersion, onAir, queued, eventSlug, speakersMayAnswer, answeredInText } = snapshot;
    return {
      queue: { partId, queueVersion, onAir, queued },
      settings: { eventSlug, speakersMayAnswer },
      questions: { items: answeredInText, full: true },
    };
  }

  protected override listen(on: Listen): void {
    on('speaker:question', (question) => this.feed.upsert(question));
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
