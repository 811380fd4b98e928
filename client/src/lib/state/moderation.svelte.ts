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
import type { BlockState } from '../../../../shared/questions.js';
import { canApply, type ModerationAction } from '../../../../shared/question-transitions.js';
import type { EventSettings, VotesBatch } from '../../../../shared/realtime.js';
import { t } from '../i18n/index.js';
import type { ConnectionStatus, LiveConnection } from '../realtime/connection.js';
import type { AgendaStore } from './agenda.svelte.js';
import { rankDuplicates, type RankedCandidate } from './duplicates.js';

export type { ModerationAction };
export { canApply };
/** A moderation request as a screen makes it: the store adds the question and its revision. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type ActionRequest = DistributiveOmit<ModerationRequest, 'questionId' | 'revision'>;

export type IncomingSort = 'votes' | 'time';
/** 'all', 'general' (about the block, no talk), or a talk's id. */
export type TalkFilter = string;

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

const JOIN_TIMEOUT_MS = 10_000;
const RETRY_DELAYS_MS = [2_000, 5_000, 10_000, 30_000];

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

export class ModerationStore {
  readonly partId: string;

  /** Every question of the part, merged ones included, by id. */
  questions = $state.raw<ReadonlyMap<string, ModeratorQuestionView>>(new Map());
  /** The queue as the server last described it; null before the snapshot. */
  queueState = $state.raw<QueueState | null>(null);
  /** The part's Q&A blocks as the server last described them. */
  serverBlocks = $state.raw<BlockState[]>([]);
  preModeration = $state(false);
  speakersMayAnswer = $state(false);
  /** Holds for likely patient data and for profanity (on unless switched off). */
  holdPatientData = $state(true);
  holdProfanity = $state(true);
  role = $state<GrantRole | null>(null);
  eventSlug = $state<string | null>(null);
  /** The snapshot of the current connection has arrived. */
  joined = $state(false);
  joinError = $state<string | null>(null);
  /** The outcome worth telling the moderator: a refusal, a stale view, a reloaded queue. */
  notice = $state.raw<Notice | null>(null);
  /** Questions with a request on its way (their buttons wait). */
  busy = $state.raw<ReadonlySet<string>>(new Set());
  /** Settings or block requests on their way, by what they change. */
  settingsBusy = $state.raw<ReadonlySet<string>>(new Set());
  /** The order the moderator asked for, shown until the server has confirmed or refused it. */
  pendingOrder = $state.raw<readonly string[] | null>(null);
  histories = $state.raw<ReadonlyMap<string, HistoryState>>(new Map());
  /** The question whose text is being edited in place. */
  editingId = $state<string | null>(null);
  /** The question the merge dialog is open for. */
  mergingId = $state<string | null>(null);

  sort = $state<IncomingSort>('votes');
  talkFilter = $state<TalkFilter>('all');
  search = $state('');

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
  /** Waiting to be dealt with: pending ones (marked, first), then visible ones, filtered and sorted. */
  readonly incoming: ModeratorQuestionView[] = $derived.by(() => {
    const filter = this.talkFilter;
    const words = folded(this.search).split(/\s+/).filter(Boolean);
    const matches = (q: ModeratorQuestionView): boolean => {
      if (filter === 'general' && q.talkId !== null) return false;
      if (filter !== 'all' && filter !== 'general' && q.talkId !== filter) return false;
      if (words.length === 0) return true;
      const text = folded(`${q.body} ${q.displayName ?? ''}`);
      return words.every((word) => text.includes(word));
    };
    const order = this.sort === 'votes' ? byVotes : byTime;
    const pending = this.live.filter((q) => q.status === 'pending' && matches(q)).sort(order);
    const visible = this.live.filter((q) => q.status === 'visible' && matches(q)).sort(order);
    return [...pending, ...visible];
  });
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

  readonly #connection: LiveConnection;
  readonly #agenda: AgendaStore;
  readonly #stops: (() => void)[] = [];
  #joining = false;
  #joinAgain = false;
  #retries = 0;
  #joinTimer: ReturnType<typeof setTimeout> | undefined;
  #reordering = false;
  #destroyed = false;

  constructor(partId: string, options: ModerationStoreOptions) {
    this.partId = partId;
    this.#connection = options.connection;
    this.#agenda = options.agenda;
  }

  get connectionStatus(): ConnectionStatus {
    return this.#connection.status;
  }

  /** The zone times are shown in: the course's. */
  get zone(): string {
    return this.#agenda.displayZone;
  }

  /** Follows the part: listens to pushes, and takes a snapshot now and after every reconnection. */
  start(): void {
    const c = this.#connection;
    this.#stops.push(
      c.on('mod:question', (q) => this.#upsert(q)),
      c.on('queue:changed', (queue) => this.#applyQueue(queue)),
      c.on('votes:changed', (batch) => this.#applyVotes(batch)),
      c.on('settings:changed', (settings) => this.#applySettings(settings)),
      c.on('agenda:changed', (update) => {
        this.#applyBlocks(update.blocks);
        this.#agenda.observeServerTime(update.serverTime, update.clockRate);
      }),
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

  talkTitle(talkId: string | null): string | null {
    return talkId ? (this.#titles.get(talkId) ?? null) : null;
  }

  blockTitle(blockId: string): string | null {
    return this.serverBlocks.find((b) => b.blockId === blockId)?.title ?? this.#titles.get(blockId) ?? null;
  }

  setSort(sort: IncomingSort): void {
    this.sort = sort;
  }

  setTalkFilter(filter: TalkFilter): void {
    this.talkFilter = filter;
  }

  setSearch(text: string): void {
    this.search = text;
  }

  dismissNotice(): void {
    this.notice = null;
  }

  startEdit(id: string): void {
    if (this.questions.has(id)) this.editingId = id;
  }

  stopEdit(): void {
    this.editingId = null;
  }

  startMerge(id: string): void {
    if (this.questions.has(id)) this.mergingId = id;
  }

  stopMerge(): void {
    this.mergingId = null;
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
      const ack = await this.#connection.request('mod:act', { ...change, questionId, revision });
      if (this.#destroyed) return false;
      if (ack.ok) {
        this.#upsert(ack.data);
        if (this.notice?.kind === 'error') this.notice = null;
        return true;
      }
      if (ack.error === 'question/stale') {
        this.notice = { kind: 'info', text: t('mod.stale', { message: ack.message }) };
        // The change that made ours stale is pushed to this room; should it not have come, a
        // fresh snapshot brings it.
        if ((this.questions.get(questionId)?.revision ?? revision) <= revision) void this.#join();
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

  async edit(id: string, body: string): Promise<boolean> {
    if (body.trim() === '') {
      this.notice = { kind: 'error', text: t('mod.editEmpty') };
      return false;
    }
    if (body.trim() === this.questions.get(id)?.body) {
      if (this.editingId === id) this.editingId = null;
      return true;
    }
    const done = await this.act(id, { action: 'edit', body });
    if (done && this.editingId === id) this.editingId = null;
    return done;
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

  async merge(id: string, intoId: string): Promise<boolean> {
    const done = await this.act(id, { action: 'merge', intoId });
    if (done && this.mergingId === id) this.mergingId = null;
    return done;
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
    const ack = await this.#connection.request('mod:history', { questionId: id });
    if (this.#destroyed) return;
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
        const ack = await this.#connection.request('mod:reorder', {
          partId: this.partId,
          queueVersion: queue.queueVersion,
          order: [...wanted],
        });
        if (this.#destroyed) return;
        if (ack.ok) {
          this.#applyQueue(ack.data);
          if (this.pendingOrder === wanted) this.pendingOrder = null;
          continue;
        }
        this.pendingOrder = null;
        if (ack.error === 'queue/stale') {
          this.notice = { kind: 'info', text: t('mod.queueStale') };
          await this.#join();
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
      const ack = await this.#connection.request('mod:block', { blockId, state });
      if (this.#destroyed) return;
      if (ack.ok) this.serverBlocks = this.serverBlocks.map((b) => (b.blockId === blockId ? ack.data : b));
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
      const ack = await this.#connection.request('mod:settings', request);
      if (this.#destroyed) return;
      if (ack.ok) this.#applySettings(ack.data);
      else this.notice = { kind: 'error', text: ack.message };
    } finally {
      this.#setSettingsBusy(key, false);
    }
  }

  // ---- connection ------------------------------------------------------------------------

  async #join(): Promise<void> {
    if (this.#joining) {
      this.#joinAgain = true;
      return;
    }
    this.#joining = true;
    try {
      const ack = await this.#connection.request(
        'mod:join',
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
        this.#joinTimer = setTimeout(() => void this.#join(), ack.retryAfterMs ?? this.#nextDelay());
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

  #nextDelay(): number {
    const delay = RETRY_DELAYS_MS[Math.min(this.#retries, RETRY_DELAYS_MS.length - 1)];
    this.#retries += 1;
    return delay;
  }

  #applySnapshot(snapshot: ModeratorSnapshot): void {
    if (snapshot.partId !== this.partId) return;
    const next = new Map<string, ModeratorQuestionView>();
    for (const q of snapshot.questions) {
      const held = this.questions.get(q.id);
      // A push that overtook the snapshot is newer than what the snapshot says.
      next.set(q.id, held && held.version > q.version ? held : q);
    }
    this.questions = next;
    this.role = snapshot.role;
    this.eventSlug = snapshot.eventSlug;
    this.preModeration = snapshot.preModeration;
    this.speakersMayAnswer = snapshot.speakersMayAnswer;
    this.holdPatientData = snapshot.holdPatientData;
    this.holdProfanity = snapshot.holdProfanity;
    this.#applyBlocks(snapshot.blocks);
    this.#applyQueue(snapshot.queue);
  }

  #upsert(incoming: ModeratorQuestionView): void {
    if (incoming.partId !== this.partId) return;
    const held = this.questions.get(incoming.id);
    if (held && (held.version > incoming.version || held.revision > incoming.revision)) return;
    const next = new Map(this.questions);
    next.set(incoming.id, incoming);
    this.questions = next;
  }

  #applyQueue(queue: QueueState): void {
    if (queue.partId !== this.partId) return;
    if (this.queueState && this.queueState.queueVersion > queue.queueVersion) return;
    this.queueState = queue;
  }

  #applyVotes(batch: VotesBatch): void {
    if (batch.partId !== this.partId) return;
    let next: Map<string, ModeratorQuestionView> | null = null;
    for (const { id, votes } of batch.counts) {
      const q = (next ?? this.questions).get(id);
      if (!q || q.votes === votes) continue;
      next ??= new Map(this.questions);
      next.set(id, { ...q, votes });
    }
    if (next) this.questions = next;
  }

  #applySettings(settings: EventSettings): void {
    if (this.eventSlug !== null && settings.eventSlug !== this.eventSlug) return;
    this.preModeration = settings.preModeration;
    this.speakersMayAnswer = settings.speakersMayAnswer;
    this.holdPatientData = settings.holdPatientData;
    this.holdProfanity = settings.holdProfanity;
  }

  #applyBlocks(blocks: BlockState[]): void {
    const mine = blocks.filter((b) => b.partId === this.partId);
    if (mine.length > 0 || blocks.length === 0) this.serverBlocks = mine;
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
