// The live Q&A of one part, as a viewer sees it: the questions (their own, unsent and private
// ones included), the Q&A blocks that take questions, the question being typed, and votes.
//
// Time is the agenda store's server time. Blocks come from the server (with hand overrides);
// between its pushes, whether a block is open is computed from opensAt/closesAt on that clock.
import type { AgendaItemView, PartView } from '../../../../shared/events-api.js';
import { blockPhase, blockStates, type BlockPhase } from '../../../../shared/block-schedule.js';
import {
  DEFAULT_QA_OPENS_BEFORE_MINUTES,
  MAX_DISPLAY_NAME_LENGTH,
  MAX_QUESTION_LENGTH,
} from '../../../../shared/limits.js';
import {
  PUBLIC_STATUSES,
  type AnsweredHow,
  type BlockState,
  type QuestionReply,
  type LabelView,
  type QuestionStatus,
  type QuestionView,
} from '../../../../shared/questions.js';
import type { AskRequest, PartSnapshot } from '../../../../shared/realtime.js';
import { findPatientData, type PatientDataMatch } from '../../../../shared/patient-data.js';
import { codePointLength, normalizeText, truncateCodePoints } from '../../../../shared/text.js';
import { t } from '../i18n/index.js';
import type { LiveAck, LiveConnection } from '../realtime/connection.js';
import type { AgendaStore } from './agenda.svelte.js';
import { Announcer } from './announcer.svelte.js';
import { Outbox, type OutboxEntry } from './outbox.js';
import {
  Backoff,
  isTransient,
  JOIN_TIMEOUT_MS,
  PartFeedStore,
  type FeedSnapshot,
  type Listen,
} from './part-feed.svelte.js';

export type SortOrder = 'top' | 'recent';
export { blockPhase, type BlockPhase };

export interface QaBlock {
  id: string;
  title: string;
  start: string;
  end: string;
  opensAt: string;
  closesAt: string;
  phase: BlockPhase;
  /** The talks one can ask about in this block. */
  covers: { id: string; title: string }[];
}

/** `unsent`: still in the outbox, not yet acknowledged by the server. */
export type ListedStatus = QuestionStatus | 'unsent';

export interface ListedQuestion {
  id: string;
  blockId: string;
  talkId: string | null;
  talkTitle: string | null;
  body: string;
  displayName: string | null;
  votes: number;
  voted: boolean;
  mine: boolean;
  status: ListedStatus;
  /** An unsent question whose request is on its way. */
  sending: boolean;
  createdAt: string;
  /** Others see it, so others can upvote it (the asker cannot: vote/own_question). */
  public: boolean;
  /** A moderator edited the text. */
  edited: boolean;
  /** How an answered question was answered, and its answer in text (null otherwise). */
  answeredHow: AnsweredHow | null;
  reply: QuestionReply | null;
  /** The moderators' labels on it. */
  labels: LabelView[];
}

export interface Draft {
  body: string;
  displayName: string;
}

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

export interface QuestionsStoreOptions {
  connection: LiveConnection;
  agenda: AgendaStore;
  storage?: KeyValueStorage | null;
  /** Device clock for the outbox's timestamps and retry pacing. */
  clock?: () => number;
  /** How often new questions may be announced to screen readers. */
  announceEveryMs?: number;
}

export const DISPLAY_NAME_KEY = 'lsc.displayName';
const ASK_TIMEOUT_MS = 8_000;
const ANNOUNCED_LENGTH = 140;

const isPublic = (status: QuestionStatus): boolean => PUBLIC_STATUSES.includes(status);
const created = (q: { createdAt: string }): number => Date.parse(q.createdAt);
const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
/** Most votes first, then the oldest; answered questions go below the ones still waiting. */
const byTop = (a: ListedQuestion, b: ListedQuestion): number =>
  Number(a.status === 'answered') - Number(b.status === 'answered') ||
  b.votes - a.votes ||
  created(a) - created(b) ||
  byId(a, b);
const byRecent = (a: ListedQuestion, b: ListedQuestion): number => created(b) - created(a) || byId(a, b);

function browserStorage(): KeyValueStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** A v4 UUID; crypto.randomUUID exists only on secure origins (https, localhost). */
export function newQuestionId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Blocks as the server would describe them by default, until it has (closed until it says so). */
function estimatedBlocks(part: PartView): BlockState[] {
  return blockStates(part, new Map(), new Date(0), DEFAULT_QA_OPENS_BEFORE_MINUTES);
}

function excerpt(text: string, length = ANNOUNCED_LENGTH): string {
  return codePointLength(text) > length ? `${truncateCodePoints(text, length - 1)}…` : text;
}

type Delivery =
  | { kind: 'sent'; question: QuestionView }
  | { kind: 'refused'; code: string; message: string; retryAfterMs?: number }
  | { kind: 'offline' }
  | { kind: 'retry'; afterMs?: number }
  | { kind: 'rejoin' };

export class QuestionsStore extends PartFeedStore<QuestionView, PartSnapshot> {
  /** Questions typed here and not yet acknowledged, oldest first. */
  outbox = $state.raw<OutboxEntry[]>([]);
  draft = $state<Draft>({ body: '', displayName: '' });
  /** A question is on its way from the form. */
  asking = $state(false);
  askError = $state<string | null>(null);
  /** What became of the last question sent from the form. */
  askNotice = $state<string | null>(null);
  /** Likely patient identifiers in the draft the asker tried to send; null: none found. */
  patientDataWarning = $state.raw<PatientDataMatch[] | null>(null);
  voteError = $state<{ questionId: string; message: string } | null>(null);
  /** Ids of outbox entries whose request is on its way. */
  sendingIds = $state.raw<ReadonlySet<string>>(new Set());

  #chosenBlockId = $state<string | null>(null);
  /** undefined: follow the talk on now; null: a general question. */
  #chosenTalkId = $state<string | null | undefined>(undefined);

  readonly part: PartView | null = $derived.by(
    () => this.#agenda.parts.find((p) => p.id === this.partId) ?? null,
  );
  readonly #titles: ReadonlyMap<string, string> = $derived.by(
    () => new Map((this.part?.items ?? []).map((item) => [item.id, item.title])),
  );
  /** The part's Q&A blocks in time order, with their phase now. */
  readonly blocks: QaBlock[] = $derived.by(() => {
    const part = this.part;
    const items = new Map<string, AgendaItemView>((part?.items ?? []).map((item) => [item.id, item]));
    const source = this.serverBlocks ?? (part ? estimatedBlocks(part) : []);
    const now = this.#agenda.now;
    return source
      .map((block) => ({
        id: block.blockId,
        title: block.title,
        start: block.start,
        end: block.end,
        opensAt: block.opensAt,
        closesAt: block.closesAt,
        phase: blockPhase(block, now),
        covers: items.get(block.blockId)?.covers ?? [],
      }))
      .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  });
  /** Blocks one can still ask in, now or later: the block chooser's options. */
  readonly choosableBlocks: QaBlock[] = $derived(this.blocks.filter((b) => b.phase !== 'ended'));
  readonly defaultBlockId: string | null = $derived.by(() => {
    const choosable = this.choosableBlocks;
    // After the last block the list still shows its questions.
    if (choosable.length === 0) return this.blocks.at(-1)?.id ?? null;
    const current = this.#agenda.current;
    const covering = (b: QaBlock): boolean =>
      current !== null && (b.id === current.id || b.covers.some((c) => c.id === current.id));
    return (
      choosable.find((b) => covering(b) && b.phase === 'open') ??
      choosable.find((b) => b.phase === 'open') ??
      choosable.find(covering) ??
      choosable[0]
    ).id;
  });
  /** The block the form asks in and the list shows. */
  readonly blockId: string | null = $derived.by(() => {
    const chosen = this.#chosenBlockId;
    return chosen !== null && this.choosableBlocks.some((b) => b.id === chosen)
      ? chosen
      : this.defaultBlockId;
  });
  readonly block: QaBlock | null = $derived(this.blocks.find((b) => b.id === this.blockId) ?? null);
  /** The next block of the part to open, for "questions open at …". */
  readonly nextOpening: QaBlock | null = $derived(this.blocks.find((b) => b.phase === 'upcoming') ?? null);
  readonly canAsk: boolean = $derived(this.block?.phase === 'open');
  /** The talk on now, when the chosen block covers it: the talk chooser's default. */
  readonly defaultTalkId: string | null = $derived.by(() => {
    const current = this.#agenda.current;
    return current && this.block?.covers.some((c) => c.id === current.id) ? current.id : null;
  });
  /** The talk the question is about; null: the block in general. */
  readonly talkId: string | null = $derived.by(() => {
    const chosen = this.#chosenTalkId;
    if (chosen === null) return null;
    if (chosen !== undefined && this.block?.covers.some((c) => c.id === chosen)) return chosen;
    return this.defaultTalkId;
  });
  /** The event clock's now, for "2 min ago". */
  get now(): Date | null {
    return this.#agenda.now;
  }
  // Counted in code points after the server's normalisation, as the server counts.
  readonly charactersLeft: number = $derived(
    MAX_QUESTION_LENGTH - codePointLength(normalizeText(this.draft.body)),
  );
  /** The question on air, pinned above the list whichever block is chosen. */
  readonly onAir: ListedQuestion | null = $derived.by(() => {
    for (const q of this.questions.values()) if (q.status === 'on_air') return this.#listed(q);
    return null;
  });
  /** The chosen block's questions, by Top: what a list shows until the viewer sorts it. */
  readonly listed: ListedQuestion[] = $derived(this.listedBy('top'));

  /** The chosen block's questions: own unsent and private ones first, then the others in `sort`. */
  listedBy(sort: SortOrder): ListedQuestion[] {
    const blockId = this.blockId;
    const onAirId = this.onAir?.id;
    const unsent = this.outbox
      .filter((e) => e.blockId === blockId && !this.questions.has(e.id))
      .map((e) => this.#unsent(e))
      .reverse();
    const own: ListedQuestion[] = [];
    const shared: ListedQuestion[] = [];
    for (const q of this.questions.values()) {
      if (q.blockId !== blockId || q.id === onAirId) continue;
      const item = this.#listed(q);
      (item.public ? shared : own).push(item);
    }
    own.sort(byRecent);
    shared.sort(sort === 'top' ? byTop : byRecent);
    return [...unsent, ...own, ...shared];
  }

  /** This participant's questions in every block of the part, unsent ones included, newest first. */
  readonly myQuestions: ListedQuestion[] = $derived.by(() => {
    const unsent = this.outbox.filter((e) => !this.questions.has(e.id)).map((e) => this.#unsent(e));
    const sent = [...this.questions.values()].filter((q) => q.mine).map((q) => this.#listed(q));
    return [...unsent, ...sent].sort(byRecent);
  });

  readonly #agenda: AgendaStore;
  readonly #outbox: Outbox;
  readonly #storage: KeyValueStorage | null;
  readonly #clock: () => number;
  readonly #announcer: Announcer<QuestionView>;
  /** Ids this browser asked, so broadcasts of them (which say mine: false) stay marked. */
  readonly #ownIds = new Set<string>();
  readonly #voteWanted = new Map<string, boolean>();
  readonly #voteConfirmed = new Map<string, boolean>();
  readonly #voting = new Set<string>();
  readonly #retry = new Backoff();
  #talkPinnedByTyping = false;
  #flushing = false;
  /** The outbox entry the form's notice speaks of, so it can be updated when that one goes. */
  #noticeFor: string | null = null;
  /** An ask was answered part/not_joined and the part joined again; a second one waits instead. */
  #rejoinedForAsk = false;
  #flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(partId: string, options: QuestionsStoreOptions) {
    super(partId, options.connection);
    this.#agenda = options.agenda;
    this.#clock = options.clock ?? (() => Date.now());
    this.#storage = options.storage === undefined ? browserStorage() : options.storage;
    this.#outbox = new Outbox(this.#storage, this.#clock);
    this.#announcer = new Announcer(
      (added) =>
        added.length === 1
          ? t('qa.announceOne', { body: excerpt(added[0].body) })
          : t('qa.announceMany', { count: added.length }),
      options.announceEveryMs,
      this.#clock,
    );
    this.outbox = this.#outbox.list(partId);
    for (const entry of this.outbox) this.#ownIds.add(entry.id);
    try {
      this.draft.displayName = this.#storage?.getItem(DISPLAY_NAME_KEY) ?? '';
    } catch {
      // No remembered name.
    }
  }

  /** Everything this participant may see of the part, by id. */
  get questions(): ReadonlyMap<string, QuestionView> {
    return this.feed.questions;
  }

  /** The part's blocks as the server last sent them; null until it has. */
  get serverBlocks(): BlockState[] | null {
    return this.feed.blocks;
  }

  /** The part's change counter at the last snapshot, sent back as `since` when rejoining. */
  /** The event's labels, for filtering the list by label. */
  get labels(): LabelView[] {
    return this.feed.labels;
  }

  get version(): number | null {
    return this.feed.version;
  }

  /** The text for the live region: new questions, at most every few seconds. */
  get announcement(): string {
    return this.#announcer.message;
  }

  override destroy(): void {
    super.destroy();
    clearTimeout(this.#flushTimer);
    this.#announcer.destroy();
  }

  /** The public questions of any block, most votes first: looking back at an ended block. */
  questionsOfBlock(blockId: string): ListedQuestion[] {
    return [...this.questions.values()]
      .filter((q) => q.blockId === blockId && isPublic(q.status))
      .map((q) => this.#listed(q))
      .sort(byTop);
  }

  /**
   * The block a draft was begun in, once that block has ended with the draft still unsent. The
   * form would otherwise carry the text into another block unasked; the viewer chooses instead.
   */
  get strandedDraftBlock(): QaBlock | null {
    const chosen = this.#chosenBlockId;
    if (chosen === null || this.draft.body.trim() === '') return null;
    const block = this.blocks.find((b) => b.id === chosen);
    return block?.phase === 'ended' ? block : null;
  }

  chooseBlock(blockId: string): void {
    this.#chosenBlockId = blockId;
  }

  chooseTalk(talkId: string | null): void {
    this.#chosenTalkId = talkId;
    this.#talkPinnedByTyping = false;
  }

  setBody(body: string): void {
    // A draft belongs to the block it is begun in (an ended one is no longer the form's block).
    if (this.draft.body.trim() === '' && body.trim() !== '') this.#chosenBlockId = this.blockId;
    // Once a question is being typed it stays about the talk it was begun for, even if the next
    // talk starts before it is sent.
    if (this.draft.body.trim() === '' && body.trim() !== '' && this.#chosenTalkId === undefined) {
      this.#chosenTalkId = this.talkId;
      this.#chosenBlockId ??= this.blockId;
      this.#talkPinnedByTyping = true;
    }
    this.draft.body = body;
    if (this.askNotice) this.askNotice = null;
    if (this.patientDataWarning) this.patientDataWarning = null;
  }

  /** The asker chose to edit the draft after the patient-data warning. */
  dismissPatientDataWarning(): void {
    this.patientDataWarning = null;
  }

  setDisplayName(name: string): void {
    this.draft.displayName = truncateCodePoints(name, MAX_DISPLAY_NAME_LENGTH);
  }

  /**
   * Sends the draft; offline it waits in the outbox and goes when the connection returns. A draft
   * that may identify a patient is not sent until the asker confirms (`reviewed`): the server holds
   * it for a moderator either way, but most people would rather take the details out.
   */
  async submit({ reviewed = false }: { reviewed?: boolean } = {}): Promise<void> {
    if (this.asking) return;
    this.askError = null;
    this.askNotice = null;
    this.patientDataWarning = null;
    const body = normalizeText(this.draft.body);
    if (body === '') {
      this.askError = t('qa.empty');
      return;
    }
    if (codePointLength(body) > MAX_QUESTION_LENGTH) {
      this.askError = t('qa.tooLong', { max: MAX_QUESTION_LENGTH });
      return;
    }
    const block = this.block;
    if (!block || block.phase !== 'open') {
      this.askError = t('qa.notOpen');
      return;
    }
    if (!reviewed) {
      const found = findPatientData(body);
      if (found.length > 0) {
        this.patientDataWarning = found;
        return;
      }
    }
    const displayName = truncateCodePoints(this.draft.displayName.trim(), MAX_DISPLAY_NAME_LENGTH);
    this.#rememberName(displayName);
    const entry: OutboxEntry = {
      id: newQuestionId(),
      partId: this.partId,
      blockId: block.id,
      talkId: this.talkId,
      body,
      displayName: displayName || null,
      // The frame on screen as the viewer asks: a block that just ended on the server's clock
      // still takes the question while the viewer's stream shows it open.
      streamTime: this.#agenda.stream.viewerNow()?.toISOString() ?? null,
      queuedAt: this.#clock(),
    };
    this.#ownIds.add(entry.id);
    this.#outbox.add(entry);
    this.#syncOutbox();
    this.#noticeFor = entry.id;

    if (!this.feed.joined) {
      // Sent by the join that follows the connection.
      this.#clearDraft(body);
      this.askNotice = this.connection.status === 'online' ? t('qa.waiting') : t('qa.queued');
      return;
    }
    this.asking = true;
    try {
      const result = await this.#deliver(entry);
      switch (result.kind) {
        case 'sent':
          this.#clearDraft(body);
          this.askNotice = result.question.status === 'pending' ? t('qa.sentPending') : t('qa.sent');
          break;
        case 'refused':
          // The text stays in the form, with the server's explanation beside it.
          this.#outbox.remove(entry.id);
          this.#syncOutbox();
          this.askError = result.message;
          break;
        case 'offline':
        case 'rejoin':
          this.#clearDraft(body);
          this.askNotice = t('qa.queued');
          break;
        case 'retry':
          this.#clearDraft(body);
          this.askNotice = t('qa.retrying');
          this.#scheduleFlush(result.afterMs);
          break;
        default:
          result satisfies never;
      }
    } finally {
      this.asking = false;
    }
  }

  /** Upvotes or takes the upvote back at once; the server's answer confirms or reverts it. */
  async toggleVote(questionId: string): Promise<void> {
    const q = this.questions.get(questionId);
    // One's own question takes no votes from its asker (the server answers vote/own_question).
    if (!q || !isPublic(q.status) || q.mine || this.#ownIds.has(questionId)) return;
    this.voteError = null;
    if (this.connection.status !== 'online') {
      this.voteError = { questionId, message: t('qa.voteOffline') };
      return;
    }
    const want = !q.voted;
    if (!this.#voteWanted.has(questionId)) this.#voteConfirmed.set(questionId, q.voted);
    this.#voteWanted.set(questionId, want);
    this.#patch(questionId, { voted: want, votes: Math.max(0, q.votes + (want ? 1 : -1)) });
    // A request on its way picks up the latest wish when its answer comes.
    if (!this.#voting.has(questionId)) await this.#sendVotes(questionId);
  }

  // ---- connection ------------------------------------------------------------------------

  protected async join(since: number | null): Promise<LiveAck<PartSnapshot>> {
    const partId = this.partId;
    const sentAt = this.#agenda.deviceTime();
    const ack = await this.connection.request('part:join', since === null ? { partId } : { partId, since }, {
      timeoutMs: JOIN_TIMEOUT_MS,
    });
    if (ack.ok) this.#agenda.observeServerTime(ack.data.serverTime, ack.data.clockRate, sentAt);
    return ack;
  }

  protected read(snapshot: PartSnapshot): FeedSnapshot<QuestionView> {
    return {
      questions: { items: snapshot.questions, full: snapshot.full, removedIds: snapshot.removedIds },
      blocks: snapshot.blocks,
      version: snapshot.version,
      labels: snapshot.labels,
    };
  }

  protected override onJoined(): void {
    void this.#flush();
  }

  protected override listen(on: Listen): void {
    // The asker's own copies (and every change, from a server run as the naive baseline).
    on('question:upserted', (q) => this.#upsert(q, false));
    on('question:removed', (removal) => this.#remove(removal.id, removal.partId, removal.version));
    // The part's batch: its counts are the feed's; the questions and removals folded into it are ours.
    on('votes:changed', (batch) => {
      for (const q of batch.questions ?? []) this.#upsert(q, false);
      for (const removal of batch.removed ?? []) this.#remove(removal.id, batch.partId, removal.version);
    });
    on('agenda:changed', (update) => this.#agenda.observeServerTime(update.serverTime, update.clockRate));
  }

  protected override onStop(): void {
    if (this.feed.joined && this.connection.status === 'online') {
      void this.connection.request('part:leave', { partId: this.partId });
    }
  }

  /** What the viewer keeps beside the questions: which are its own, and what left the outbox. */
  protected override onSnapshot(snapshot: PartSnapshot): void {
    for (const q of snapshot.questions) if (q.mine) this.#ownIds.add(q.id);
    // Sent before a reload whose acknowledgement was lost: the server has them.
    for (const entry of this.outbox) if (this.questions.has(entry.id)) this.#outbox.remove(entry.id);
    this.#syncOutbox();
  }

  /** A question from a push (`personal` false: mine/voted are not ours) or from an answer to us. */
  #upsert(incoming: QuestionView, personal: boolean): void {
    if (incoming.partId !== this.partId) return;
    const held = this.questions.get(incoming.id);
    if (held && held.version > incoming.version) return;
    const q: QuestionView = personal
      ? incoming
      : {
          ...incoming,
          mine: held?.mine || incoming.mine || this.#ownIds.has(incoming.id),
          voted: held ? held.voted : incoming.voted,
        };
    if (q.mine) this.#ownIds.add(q.id);
    this.feed.upsert(q);
    if (this.outbox.some((e) => e.id === q.id)) {
      this.#outbox.remove(q.id);
      this.#syncOutbox();
    }
    if (!held && !q.mine && isPublic(q.status) && q.blockId === this.blockId) this.#announcer.add(q);
  }

  #remove(id: string, partId: string, version: number): void {
    if (partId !== this.partId) return;
    const q = this.questions.get(id);
    if (!q) return;
    if (q.mine) {
      // Our own room told us of this change already: nothing to ask for.
      if (!isPublic(q.status) && q.version >= version) return;
      // Hidden or merged? Only this participant's own view says (hidden stays visible to its
      // author), so ask for what changed instead of guessing.
      void this.feed.rejoin();
      return;
    }
    this.feed.remove(id);
  }

  // ---- asking ----------------------------------------------------------------------------

  async #deliver(entry: OutboxEntry): Promise<Delivery> {
    this.#setSending(entry.id, true);
    let ack: LiveAck<QuestionView>;
    try {
      const request: AskRequest = {
        id: entry.id,
        blockId: entry.blockId,
        talkId: entry.talkId ?? null,
        body: entry.body,
        displayName: entry.displayName ?? null,
        streamTime: entry.streamTime ?? null,
      };
      ack = await this.connection.request('question:ask', request, { timeoutMs: ASK_TIMEOUT_MS });
    } finally {
      this.#setSending(entry.id, false);
    }
    if (ack.ok) {
      this.#retry.reset();
      this.#rejoinedForAsk = false;
      this.#outbox.remove(entry.id);
      this.#upsert(ack.data, true);
      this.#syncOutbox();
      return { kind: 'sent', question: ack.data };
    }
    if (ack.error === 'client/offline') return { kind: 'offline' };
    if (ack.error === 'part/not_joined') {
      // The server forgot this socket's room (a restart): join again, which sends the outbox.
      // Should that not help, keep trying at a slower pace rather than in a tight loop.
      if (this.#rejoinedForAsk) return { kind: 'retry' };
      this.#rejoinedForAsk = true;
      void this.feed.rejoin();
      return { kind: 'rejoin' };
    }
    if (isTransient(ack)) return { kind: 'retry', afterMs: ack.retryAfterMs };
    return { kind: 'refused', code: ack.error, message: ack.message, retryAfterMs: ack.retryAfterMs };
  }

  /** Sends what waits in the outbox, oldest first, once the part is joined. */
  async #flush(): Promise<void> {
    if (this.#flushing || !this.feed.joined || this.feed.stopped) return;
    this.#flushing = true;
    try {
      for (const entry of this.#outbox.list(this.partId)) {
        if (this.sendingIds.has(entry.id)) continue;
        const result = await this.#deliver(entry);
        if (this.feed.stopped) return;
        if (result.kind === 'sent' && this.#noticeFor === entry.id) {
          // The form still says "saved, will be sent": say it went.
          this.askNotice = result.question.status === 'pending' ? t('qa.sentPending') : t('qa.sent');
        }
        if (result.kind === 'offline' || result.kind === 'rejoin') return;
        if (result.kind === 'retry') {
          this.#scheduleFlush(result.afterMs);
          return;
        }
        if (result.kind === 'refused') {
          if (result.code === 'rate/limited') {
            this.#scheduleFlush(result.retryAfterMs);
            return;
          }
          this.#outbox.remove(entry.id);
          this.#syncOutbox();
          this.#giveBack(entry, result.message);
        }
      }
    } finally {
      this.#flushing = false;
    }
  }

  #scheduleFlush(afterMs?: number): void {
    clearTimeout(this.#flushTimer);
    this.#flushTimer = setTimeout(() => void this.#flush(), this.#retry.next(afterMs));
  }

  /** A queued question the server refused goes back into the form, if that is empty. */
  #giveBack(entry: OutboxEntry, message: string): void {
    if (this.draft.body.trim() === '') {
      this.draft.body = entry.body;
      this.#chosenBlockId = entry.blockId;
      this.#chosenTalkId = entry.talkId ?? null;
    }
    this.askNotice = null;
    this.askError = t('qa.notSent', { excerpt: excerpt(entry.body, 60), message });
  }

  #clearDraft(sentBody: string): void {
    // Only what was sent: a new question begun meanwhile stays.
    if (normalizeText(this.draft.body) === sentBody) this.draft.body = '';
    if (this.#talkPinnedByTyping) {
      this.#chosenTalkId = undefined;
      this.#talkPinnedByTyping = false;
    }
  }

  #rememberName(name: string): void {
    try {
      this.#storage?.setItem(DISPLAY_NAME_KEY, name);
    } catch {
      // Not remembered; nothing else depends on it.
    }
  }

  #syncOutbox(): void {
    this.outbox = this.#outbox.list(this.partId);
  }

  #setSending(id: string, sending: boolean): void {
    const next = new Set(this.sendingIds);
    if (sending) next.add(id);
    else next.delete(id);
    this.sendingIds = next;
  }

  // ---- voting ----------------------------------------------------------------------------

  async #sendVotes(questionId: string): Promise<void> {
    this.#voting.add(questionId);
    try {
      for (;;) {
        const want = this.#voteWanted.get(questionId);
        if (want === undefined) return;
        const ack = await this.connection.request('question:vote', { questionId, voted: want });
        if (this.feed.stopped) return;
        if (!ack.ok) {
          const confirmed = this.#voteConfirmed.get(questionId) ?? false;
          const q = this.questions.get(questionId);
          if (q && q.voted !== confirmed) {
            this.#patch(questionId, { voted: confirmed, votes: Math.max(0, q.votes + (confirmed ? 1 : -1)) });
          }
          this.#voteWanted.delete(questionId);
          this.#voteConfirmed.delete(questionId);
          this.voteError = { questionId, message: ack.message };
          return;
        }
        this.#voteConfirmed.set(questionId, ack.data.voted);
        if (this.#voteWanted.get(questionId) === ack.data.voted) {
          this.#patch(questionId, { voted: ack.data.voted, votes: ack.data.votes });
          this.#voteWanted.delete(questionId);
          this.#voteConfirmed.delete(questionId);
          return;
        }
        // Clicked again while waiting: send the latest wish.
      }
    } finally {
      this.#voting.delete(questionId);
    }
  }

  #patch(id: string, changes: Partial<QuestionView>): void {
    this.feed.patch(id, changes);
  }

  // ---- presentation ----------------------------------------------------------------------

  #talkTitle(talkId: string | null | undefined): string | null {
    return talkId ? (this.#titles.get(talkId) ?? null) : null;
  }

  #listed(q: QuestionView): ListedQuestion {
    return {
      id: q.id,
      blockId: q.blockId,
      talkId: q.talkId,
      talkTitle: this.#talkTitle(q.talkId),
      body: q.body,
      displayName: q.displayName,
      votes: q.votes,
      voted: q.voted,
      mine: q.mine,
      status: q.status,
      sending: false,
      createdAt: q.createdAt,
      public: isPublic(q.status),
      edited: q.edited,
      answeredHow: q.answeredHow,
      reply: q.reply,
      labels: q.labels,
    };
  }

  #unsent(entry: OutboxEntry): ListedQuestion {
    return {
      id: entry.id,
      blockId: entry.blockId,
      talkId: entry.talkId ?? null,
      talkTitle: this.#talkTitle(entry.talkId),
      body: entry.body,
      displayName: entry.displayName ?? null,
      votes: 0,
      voted: false,
      mine: true,
      status: 'unsent',
      sending: this.sendingIds.has(entry.id),
      createdAt: new Date(entry.queuedAt).toISOString(),
      public: false,
      edited: false,
      answeredHow: null,
      reply: null,
      labels: [],
    };
  }
}
