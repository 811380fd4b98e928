// The moderators' console of one part: every question with its moderation state, the speakers'
// queue, the event's settings and the part's Q&A blocks, kept live from the `mod:join` snapshot
// and the pushes that follow it (`mod:question`, `queue:changed`, `votes:changed`,
// `settings:changed`, `agenda:changed`).
//
// Every action carries the revision of the question as shown; the server refuses it with
// `question/stale` when someone changed the question meanwhile, and the fresh state arrives as a
// push (or, failing that, from a new snapshot). A reorder carries the queue's version likewise.
import type { AgendaItemView, PartView } from '../../../../shared/events-api.js';
import type {
  AuditEntryView,
  EventSettingsRequest,
  GrantRole,
  ModerationRequest,
  ModeratorQuestionView,
  ModeratorSnapshot,
  QueueState,
} from '../../../../shared/moderation.js';
import type { LabelsRequest } from '../../../../shared/contracts/labels.js';
import type { BlockState, LabelView } from '../../../../shared/questions.js';
import { canApply, type ModerationAction } from '../../../../shared/question-transitions.js';
import { t } from '../i18n/index.js';
import type { LiveAck, LiveConnection } from '../realtime/connection.js';
import type { AgendaStore } from './agenda.svelte.js';
import { rankDuplicates, type RankedCandidate } from './duplicates.js';
import { JOIN_TIMEOUT_MS, PartFeedStore, type FeedSnapshot, type Listen } from './part-feed.svelte.js';

export type { ModerationAction };
export { canApply };
/** A moderation request as a screen makes it: the store adds the question and its revision. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type ActionRequest = DistributiveOmit<ModerationRequest, 'questionId' | 'revision'>;

export type IncomingSort = 'votes' | 'time';
/** 'all', 'general' (about the block, no talk), or a talk's id. */
export type TalkFilter = string;

/** How a screen shows the incoming questions. */
export interface IncomingView {
  sort: IncomingSort;
  talkFilter: TalkFilter;
  search: string;
}

export interface BlockCounters {
  pending: number;
  visible: number;
  /** In the queue, the question on air included. */
  queued: number;
  answered: number;
  hidden: number;
}

export interface ModerationBlock extends BlockState {
  counters: BlockCounters;
}

export interface Notice {
  kind: 'error' | 'info';
  text: string;
}

export interface HistoryState {
  status: 'loading' | 'ready' | 'error';
  entries: AuditEntryView[];
  error: string | null;
}

export interface ModerationStoreOptions {
  connection: LiveConnection;
  agenda: AgendaStore;
}

const created = (q: { createdAt: string }): number => Date.parse(q.createdAt);
const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byTime = (a: ModeratorQuestionView, b: ModeratorQuestionView): number =>
  created(a) - created(b) || byId(a, b);
const byVotes = (a: ModeratorQuestionView, b: ModeratorQuestionView): number =>
  Number(b.starred) - Number(a.starred) || b.votes - a.votes || byTime(a, b);
const latest =
  (at: (q: ModeratorQuestionView) => string | null) => (a: ModeratorQuestionView, b: ModeratorQuestionView) =>
    Date.parse(at(b) ?? b.createdAt) - Date.parse(at(a) ?? a.createdAt) || byId(a, b);

/** Lower case without accents, for the search box. */
const folded = (text: string): string => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

const sameOrder = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((id, i) => id === b[i]);

export class ModerationStore extends PartFeedStore<ModeratorQuestionView, ModeratorSnapshot> {
  role = $state<GrantRole | null>(null);
  /** The outcome worth telling the moderator: a refusal, a stale view, a reloaded queue. */
  notice = $state.raw<Notice | null>(null);
  /** Questions with a request on its way (their buttons wait). */
  busy = $state.raw<ReadonlySet<string>>(new Set());
  /** Settings or block requests on their way, by what they change. */
  settingsBusy = $state.raw<ReadonlySet<string>>(new Set());
  /** The order the moderator asked for, shown until the server has confirmed or refused it. */
  pendingOrder = $state.raw<readonly string[] | null>(null);
  histories = $state.raw<ReadonlyMap<string, HistoryState>>(new Map());

  readonly part: PartView | null = $derived.by(
    () => this.#agenda.parts.find((p) => p.id === this.partId) ?? null,
  );
  /** The part's talks, for the talk filter and for saying what a question is about. */
  readonly talks: AgendaItemView[] = $derived((this.part?.items ?? []).filter((i) => i.kind === 'talk'));
  readonly #titles: ReadonlyMap<string, string> = $derived(
    new Map((this.part?.items ?? []).map((item) => [item.id, item.title])),
  );
  /** Every question but the merged ones: those live on in the question they were merged into. */
  readonly live: ModeratorQuestionView[] = $derived(
    [...this.questions.values()].filter((q) => q.status !== 'merged'),
  );
  /** The speakers' queue in order, the question on air not included. */
  readonly queue: ModeratorQuestionView[] = $derived.by(() => {
    const order = this.pendingOrder ?? this.queueState?.queued.map((q) => q.id) ?? [];
    const rank = new Map(order.map((id, i) => [id, i]));
    const at = (q: ModeratorQuestionView): number => rank.get(q.id) ?? order.length + (q.queuePosition ?? 0);
    // Membership from each question's own state: a push about a question may come just before
    // the queue's.
    return this.live.filter((q) => q.status === 'queued').sort((a, b) => at(a) - at(b) || byTime(a, b));
  });
  readonly onAir: ModeratorQuestionView | null = $derived(
    this.live.find((q) => q.status === 'on_air') ?? null,
  );
  readonly answered: ModeratorQuestionView[] = $derived(
    this.live.filter((q) => q.status === 'answered').sort(latest((q) => q.answeredAt)),
  );
  readonly hidden: ModeratorQuestionView[] = $derived(
    this.live.filter((q) => q.status === 'hidden').sort(latest(() => null)),
  );
  /** The part's Q&A blocks in time order, with how many questions each holds in each state. */
  readonly blocks: ModerationBlock[] = $derived.by(() => {
    const counters = new Map<string, BlockCounters>();
    for (const block of this.serverBlocks) {
      counters.set(block.blockId, { pending: 0, visible: 0, queued: 0, answered: 0, hidden: 0 });
    }
    for (const q of this.live) {
      const c = counters.get(q.blockId);
      if (!c) continue;
      if (q.status === 'on_air') c.queued += 1;
      else if (q.status !== 'merged') c[q.status] += 1;
    }
    return [...this.serverBlocks]
      .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
      .map((block) => ({ ...block, counters: counters.get(block.blockId)! }));
  });

  readonly #agenda: AgendaStore;
  #reordering = false;

  constructor(partId: string, options: ModerationStoreOptions) {
    super(partId, options.connection);
    this.#agenda = options.agenda;
  }

  /** Every question of the part, merged ones included, by id. */
  get questions(): ReadonlyMap<string, ModeratorQuestionView> {
    return this.feed.questions;
  }

  /** The queue as the server last described it; null before the snapshot. */
  get queueState(): QueueState | null {
    return this.feed.queue;
  }

  /** The part's Q&A blocks as the server last described them. */
  get serverBlocks(): BlockState[] {
    return this.feed.blocks ?? [];
  }

  /** The event's labels, to tag questions with and to manage. */
  get labels(): LabelView[] {
    return this.feed.labels;
  }

  get eventSlug(): string | null {
    return this.feed.settings.eventSlug ?? null;
  }

  get preModeration(): boolean {
    return this.feed.settings.preModeration ?? false;
  }

  get speakersMayAnswer(): boolean {
    return this.feed.settings.speakersMayAnswer ?? false;
  }

  /** Holds for likely patient data and for profanity (on unless switched off). */
  get holdPatientData(): boolean {
    return this.feed.settings.holdPatientData ?? true;
  }

  get holdProfanity(): boolean {
    return this.feed.settings.holdProfanity ?? true;
  }

  /** The zone times are shown in: the course's. */
  get zone(): string {
    return this.#agenda.displayZone;
  }

  talkTitle(talkId: string | null): string | null {
    return talkId ? (this.#titles.get(talkId) ?? null) : null;
  }

  blockTitle(blockId: string): string | null {
    return this.serverBlocks.find((b) => b.blockId === blockId)?.title ?? this.#titles.get(blockId) ?? null;
  }

  /**
   * Waiting to be dealt with, as a screen sorts and filters it: pending ones (marked, first),
   * then visible ones.
   */
  incomingBy({ sort, talkFilter, search }: IncomingView): ModeratorQuestionView[] {
    const words = folded(search).split(/\s+/).filter(Boolean);
    const matches = (q: ModeratorQuestionView): boolean => {
      if (talkFilter === 'general' && q.talkId !== null) return false;
      if (talkFilter !== 'all' && talkFilter !== 'general' && q.talkId !== talkFilter) return false;
      if (words.length === 0) return true;
      const text = folded(`${q.body} ${q.displayName ?? ''}`);
      return words.every((word) => text.includes(word));
    };
    const order = sort === 'votes' ? byVotes : byTime;
    const pending = this.live.filter((q) => q.status === 'pending' && matches(q)).sort(order);
    const visible = this.live.filter((q) => q.status === 'visible' && matches(q)).sort(order);
    return [...pending, ...visible];
  }

  dismissNotice(): void {
    this.notice = null;
  }

  // ---- actions on one question ------------------------------------------------------------

  /**
   * Sends one action with the question's revision as shown. Resolves true when the server
   * carried it out; otherwise the notice says why.
   */
  async act(questionId: string, change: ActionRequest): Promise<boolean> {
    const q = this.questions.get(questionId);
    if (!q || this.busy.has(questionId)) return false;
    const revision = q.revision;
    this.#setBusy(questionId, true);
    try {
      const ack = await this.connection.request('mod:act', { ...change, questionId, revision });
      if (this.feed.stopped) return false;
      if (ack.ok) {
        this.feed.upsert(ack.data);
        if (this.notice?.kind === 'error') this.notice = null;
        return true;
      }
      if (ack.error === 'question/stale') {
        this.notice = { kind: 'info', text: t('mod.stale', { message: ack.message }) };
        // The change that made ours stale is pushed to this room; should it not have come, a
        // fresh snapshot brings it.
        if ((this.questions.get(questionId)?.revision ?? revision) <= revision) void this.feed.rejoin();
        return false;
      }
      this.notice = { kind: 'error', text: ack.message };
      return false;
    } finally {
      this.#setBusy(questionId, false);
    }
  }

  approve(id: string): Promise<boolean> {
    return this.act(id, { action: 'approve' });
  }

  hide(id: string): Promise<boolean> {
    return this.act(id, { action: 'hide' });
  }

  restore(id: string): Promise<boolean> {
    return this.act(id, { action: 'restore' });
  }

  /** Resolves true when the text is saved, or was unchanged: the editor may close. */
  edit(id: string, body: string): Promise<boolean> {
    if (body.trim() === '') {
      this.notice = { kind: 'error', text: t('mod.editEmpty') };
      return Promise.resolve(false);
    }
    if (body.trim() === this.questions.get(id)?.body) return Promise.resolve(true);
    return this.act(id, { action: 'edit', body });
  }

  /** Answers in text, or edits the answer; resolves true when saved or unchanged (the form may close). */
  reply(id: string, text: string): Promise<boolean> {
    if (text.trim() === '') {
      this.notice = { kind: 'error', text: t('mod.replyEmpty') };
      return Promise.resolve(false);
    }
    if (text.trim() === this.questions.get(id)?.reply?.text) return Promise.resolve(true);
    return this.act(id, { action: 'reply', text });
  }

  toggleStar(id: string): Promise<boolean> {
    const q = this.questions.get(id);
    return q ? this.act(id, { action: 'star', starred: !q.starred }) : Promise.resolve(false);
  }

  enqueue(id: string): Promise<boolean> {
    return this.act(id, { action: 'queue' });
  }

  unqueue(id: string): Promise<boolean> {
    return this.act(id, { action: 'unqueue' });
  }

  /**
   * Puts a question on air by hand. The one on air until now goes back to the front of the
   * queue: it may not have been answered. "Next" is the way to mark it answered and move on.
   */
  putOnAir(id: string): Promise<boolean> {
    return this.act(id, { action: 'on_air', previous: 'queued' });
  }

  markAnswered(id: string): Promise<boolean> {
    return this.act(id, { action: 'answered' });
  }

  /** The question carries exactly these labels from now on. */
  setLabels(id: string, labelIds: string[]): Promise<boolean> {
    return this.act(id, { action: 'label', labelIds });
  }

  merge(id: string, intoId: string): Promise<boolean> {
    return this.act(id, { action: 'merge', intoId });
  }

  /** The first queued question goes on air; the one on air until now is answered. */
  next(): Promise<boolean> {
    const first = this.queue[0];
    if (!first) return Promise.resolve(false);
    return this.act(first.id, { action: 'on_air', previous: 'answered' });
  }

  /** The other questions of the same block, likely duplicates first, for "Merge into…". */
  mergeCandidates(id: string): RankedCandidate<ModeratorQuestionView>[] {
    const q = this.questions.get(id);
    return q ? rankDuplicates(q, this.live) : [];
  }

  async loadHistory(id: string): Promise<void> {
    this.#setHistory(id, { status: 'loading', entries: this.histories.get(id)?.entries ?? [], error: null });
    const ack = await this.connection.request('mod:history', { questionId: id });
    if (this.feed.stopped) return;
    this.#setHistory(
      id,
      ack.ok
        ? { status: 'ready', entries: ack.data, error: null }
        : { status: 'error', entries: [], error: ack.message },
    );
  }

  // ---- the queue -------------------------------------------------------------------------

  /**
   * Asks for a new order of the queue. Several quick moves are sent one after the other, each
   * with the queue version the previous one returned; the screen shows the wished order meanwhile.
   */
  async reorder(order: readonly string[]): Promise<void> {
    this.pendingOrder = [...order];
    if (this.#reordering) return;
    this.#reordering = true;
    try {
      for (;;) {
        const wanted: readonly string[] | null = this.pendingOrder;
        const queue = this.queueState;
        if (wanted === null || queue === null) break;
        if (
          sameOrder(
            wanted,
            queue.queued.map((q) => q.id),
          )
        ) {
          this.pendingOrder = null;
          break;
        }
        const ack = await this.connection.request('mod:reorder', {
          partId: this.partId,
          queueVersion: queue.queueVersion,
          order: [...wanted],
        });
        if (this.feed.stopped) return;
        if (ack.ok) {
          this.feed.applyQueue(ack.data);
          if (this.pendingOrder === wanted) this.pendingOrder = null;
          continue;
        }
        this.pendingOrder = null;
        if (ack.error === 'queue/stale') {
          this.notice = { kind: 'info', text: t('mod.queueStale') };
          await this.feed.rejoin();
        } else {
          this.notice = { kind: 'error', text: ack.message };
        }
        break;
      }
    } finally {
      this.#reordering = false;
    }
  }

  /** Moves a queued question up (-1) or down (+1); nothing past either end. */
  move(id: string, by: number): Promise<void> {
    const order = this.queue.map((q) => q.id);
    const from = order.indexOf(id);
    const to = from + by;
    if (from < 0 || to < 0 || to >= order.length) return Promise.resolve();
    return this.moveTo(id, to);
  }

  /** Moves a queued question to a 0-based position. */
  moveTo(id: string, index: number): Promise<void> {
    const order = this.queue.map((q) => q.id);
    const from = order.indexOf(id);
    if (from < 0) return Promise.resolve();
    const to = Math.max(0, Math.min(order.length - 1, index));
    if (to === from) return Promise.resolve();
    order.splice(from, 1);
    order.splice(to, 0, id);
    return this.reorder(order);
  }

  // ---- the event's labels -----------------------------------------------------------------

  /** Creates, renames or deletes a label; resolves true when the server did (the notice says why not). */
  async changeLabels(change: LabelsRequest): Promise<boolean> {
    if (this.settingsBusy.has('labels')) return false;
    this.#setSettingsBusy('labels', true);
    try {
      const ack = await this.connection.request('mod:labels', change);
      if (this.feed.stopped) return false;
      if (ack.ok) {
        this.feed.labels = ack.data;
        if (this.notice?.kind === 'error') this.notice = null;
        return true;
      }
      this.notice = { kind: 'error', text: ack.message };
      return false;
    } finally {
      this.#setSettingsBusy('labels', false);
    }
  }

  // ---- settings and blocks -----------------------------------------------------------------

  async setPreModeration(on: boolean): Promise<void> {
    await this.#settings('preModeration', { partId: this.partId, preModeration: on });
  }

  async setSpeakersMayAnswer(on: boolean): Promise<void> {
    await this.#settings('speakersMayAnswer', { partId: this.partId, speakersMayAnswer: on });
  }

  async setHoldPatientData(on: boolean): Promise<void> {
    await this.#settings('holdPatientData', { partId: this.partId, holdPatientData: on });
  }

  async setHoldProfanity(on: boolean): Promise<void> {
    await this.#settings('holdProfanity', { partId: this.partId, holdProfanity: on });
  }

  /** 'open' or 'closed' by hand, or null to follow the clock again. */
  async setBlockState(blockId: string, state: 'open' | 'closed' | null): Promise<void> {
    const key = `block:${blockId}`;
    if (this.settingsBusy.has(key)) return;
    this.#setSettingsBusy(key, true);
    try {
      const ack = await this.connection.request('mod:block', { blockId, state });
      if (this.feed.stopped) return;
      if (ack.ok) this.feed.replaceBlock(ack.data);
      else this.notice = { kind: 'error', text: ack.message };
    } finally {
      this.#setSettingsBusy(key, false);
    }
  }

  async #settings(
    key: Exclude<keyof EventSettingsRequest, 'partId'>,
    request: EventSettingsRequest,
  ): Promise<void> {
    if (this.settingsBusy.has(key)) return;
    this.#setSettingsBusy(key, true);
    try {
      const ack = await this.connection.request('mod:settings', request);
      if (this.feed.stopped) return;
      if (ack.ok) this.feed.applySettings(ack.data);
      else this.notice = { kind: 'error', text: ack.message };
    } finally {
      this.#setSettingsBusy(key, false);
    }
  }

  protected join(): Promise<LiveAck<ModeratorSnapshot>> {
    return this.connection.request('mod:join', { partId: this.partId }, { timeoutMs: JOIN_TIMEOUT_MS });
  }

  protected read(snapshot: ModeratorSnapshot): FeedSnapshot<ModeratorQuestionView> {
    return {
      questions: { items: snapshot.questions, full: true },
      blocks: snapshot.blocks,
      queue: snapshot.queue,
      settings: {
        eventSlug: snapshot.eventSlug,
        preModeration: snapshot.preModeration,
        speakersMayAnswer: snapshot.speakersMayAnswer,
        holdPatientData: snapshot.holdPatientData,
        holdProfanity: snapshot.holdProfanity,
      },
      labels: snapshot.labels,
    };
  }

  protected override onSnapshot(snapshot: ModeratorSnapshot): void {
    this.role = snapshot.role;
  }

  protected override listen(on: Listen): void {
    on('mod:question', (q) => this.feed.upsert(q));
    on('agenda:changed', (update) => this.#agenda.observeServerTime(update.serverTime, update.clockRate));
  }

  #setBusy(id: string, busy: boolean): void {
    const next = new Set(this.busy);
    if (busy) next.add(id);
    else next.delete(id);
    this.busy = next;
  }

  #setSettingsBusy(key: string, busy: boolean): void {
    const next = new Set(this.settingsBusy);
    if (busy) next.add(key);
    else next.delete(key);
    this.settingsBusy = next;
  }

  #setHistory(id: string, state: HistoryState): void {
    const next = new Map(this.histories);
    next.set(id, state);
    this.histories = next;
  }
}
