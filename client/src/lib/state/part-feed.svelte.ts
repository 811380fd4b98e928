// What every live view does with one part, written once: join it (and join again after each
// reconnection, with one retry policy), keep the freshest version of each question, and apply the
// pushes every view shares (`votes:changed`, the blocks of `agenda:changed`, `queue:changed`,
// `settings:changed`, `labels:changed`). The viewer, moderator and speaker stores build on it: each says how to
// join (`part:join`, `mod:join`, `speaker:join`), what its snapshot holds, and which pushes of
// its own it follows.
import { createSubscriber } from 'svelte/reactivity';
import type { QueueState } from '../../../../shared/moderation.js';
import type { BlockState, LabelView } from '../../../../shared/questions.js';
import type { EventSettings, ServerToClientEvents, VotesBatch } from '../../../../shared/realtime.js';
import type { ConnectionStatus, LiveAck, LiveConnection } from '../realtime/connection.js';

export const JOIN_TIMEOUT_MS = 10_000;
const RETRY_DELAYS_MS = [2_000, 5_000, 10_000, 30_000];

/** The wait before the attempt after `failures` failed ones: the last delay repeats. */
export function retryDelay(failures: number): number {
  return RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length - 1)];
}

/** No answer, or the server said to try again shortly: worth sending again unchanged. */
export function isTransient(ack: { error: string }): boolean {
  return ack.error === 'client/timeout' || ack.error === 'database/unavailable';
}

/** A failure that waiting cures: transient, or too many requests for now. */
export function isRetryable(ack: { error: string }): boolean {
  return isTransient(ack) || ack.error === 'rate/limited';
}

/** Counts failures in a row and says how long to wait before the next attempt. */
export class Backoff {
  #failures = 0;

  /** The server's `retryAfterMs` when it gave one, else the next of the growing delays. */
  next(retryAfterMs?: number): number {
    const delay = retryAfterMs ?? retryDelay(this.#failures);
    this.#failures += 1;
    return delay;
  }

  reset(): void {
    this.#failures = 0;
  }
}

/** The part of a question the feed reads: whose part it is, its count, and how fresh. */
export interface FeedQuestion {
  id: string;
  partId: string;
  votes: number;
  /** The part's change counter when the question last changed. */
  version: number;
  /** Moderators' views also count edits of the question itself. */
  revision?: number;
}

/** What a join's snapshot says in the terms every view shares; each field only when it has it. */
export interface FeedSnapshot<Q> {
  /** `full` false: only what changed since the version sent, and what to drop. */
  questions?: { items: readonly Q[]; full: boolean; removedIds?: readonly string[] };
  blocks?: BlockState[];
  queue?: QueueState;
  settings?: Partial<EventSettings>;
  /** The event's labels. */
  labels?: LabelView[];
  /** The part's change counter, sent back as `since` when joining again. */
  version?: number;
}

export type Listen = <E extends keyof ServerToClientEvents>(
  event: E,
  handler: ServerToClientEvents[E],
) => void;

export interface PartFeedOptions<Q, S> {
  partId: string;
  connection: LiveConnection;
  /** Asks the server for the part (`since`: the version held, null for all of it). */
  join(since: number | null): Promise<LiveAck<S>>;
  /** The shared part of a snapshot. */
  read(snapshot: S): FeedSnapshot<Q>;
  /** Runs after the shared part of a snapshot is applied, for what only this view holds. */
  onSnapshot?(snapshot: S): void;
  /** Runs after each successful join (the viewer sends what waits in its outbox). */
  onJoined?(): void;
  /** The view's own pushes, on top of the shared ones. */
  listen?(on: Listen): void;
  /** Runs when the last follower stops (the viewer leaves the part's room). */
  onStop?(): void;
}

export class PartFeed<Q extends FeedQuestion, S extends { partId: string } = { partId: string }> {
  readonly partId: string;

  /** The part's questions this view may see, by id. */
  questions = $state.raw<ReadonlyMap<string, Q>>(new Map());
  /** The part's blocks as the server last described them; null until it has. */
  blocks = $state.raw<BlockState[] | null>(null);
  /** The speakers' queue as the server last described it; null until it has. */
  queue = $state.raw<QueueState | null>(null);
  /** The event's settings as far as this view was told them. */
  settings = $state.raw<Partial<EventSettings>>({});
  /** The event's labels, in the server's order; empty until a snapshot says otherwise. */
  labels = $state.raw<LabelView[]>([]);
  /** The part's change counter at the last snapshot. */
  version = $state<number | null>(null);
  /** The part has been joined on the current connection. */
  joined = $state(false);
  /** Why the part cannot be followed (the server refused to join it). */
  joinError = $state<string | null>(null);

  readonly #options: PartFeedOptions<Q, S>;
  readonly #backoff = new Backoff();
  readonly #subscribe: () => void;
  #followers = 0;
  #stops: (() => void)[] = [];
  #joining = false;
  #joinAgain = false;
  #joinTimer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(options: PartFeedOptions<Q, S>) {
    this.partId = options.partId;
    this.#options = options;
    // Components follow the part while they show it: the first reader starts, the last one to
    // go stops, so a {#key} child that owns its store needs no start or destroy of its own.
    this.#subscribe = createSubscriber(() => this.start());
  }

  /** Stopped by its last follower: answers that arrive now are for no one. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** Follows the part for as long as the calling effect (a component's template) lives. */
  follow(): void {
    this.#subscribe();
  }

  /**
   * Listens to the pushes and joins now and after every reconnection. Followers are counted, so
   * starting twice (a test and a component) listens once; the returned function stops one.
   */
  start(): () => void {
    this.#followers += 1;
    if (this.#followers === 1) this.#listen();
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      this.#followers -= 1;
      if (this.#followers === 0) this.#stop();
    };
  }

  /** Asks for a fresh snapshot (since the version held): after a refusal that says the view is stale. */
  async rejoin(): Promise<void> {
    if (this.#joining) {
      this.#joinAgain = true;
      return;
    }
    this.#joining = true;
    let joined = false;
    try {
      const ack = await this.#options.join(this.version);
      if (this.#stopped) return;
      if (ack.ok) {
        this.#applySnapshot(ack.data);
        this.joined = joined = true;
        this.joinError = null;
        this.#backoff.reset();
      } else if (ack.error === 'client/offline') {
        // onConnect joins again.
      } else if (isRetryable(ack)) {
        clearTimeout(this.#joinTimer);
        this.#joinTimer = setTimeout(() => void this.rejoin(), this.#backoff.next(ack.retryAfterMs));
      } else {
        this.joinError = ack.message;
      }
    } finally {
      this.#joining = false;
    }
    if (this.#joinAgain) {
      this.#joinAgain = false;
      await this.rejoin();
    } else if (joined) {
      this.#options.onJoined?.();
    }
  }

  /** A question from a push or an answer; an older version than the one held is ignored. */
  upsert(incoming: Q): boolean {
    if (incoming.partId !== this.partId) return false;
    const held = this.questions.get(incoming.id);
    if (held && isNewer(held, incoming)) return false;
    const next = new Map(this.questions);
    next.set(incoming.id, incoming);
    this.questions = next;
    return true;
  }

  patch(id: string, changes: Partial<Q>): void {
    const q = this.questions.get(id);
    if (!q) return;
    const next = new Map(this.questions);
    next.set(id, { ...q, ...changes });
    this.questions = next;
  }

  remove(id: string): void {
    if (!this.questions.has(id)) return;
    const next = new Map(this.questions);
    next.delete(id);
    this.questions = next;
  }

  applyVotes(batch: VotesBatch): void {
    if (batch.partId !== this.partId) return;
    let next: Map<string, Q> | null = null;
    for (const { id, votes } of batch.counts) {
      const q = (next ?? this.questions).get(id);
      if (!q || q.votes === votes) continue;
      next ??= new Map(this.questions);
      next.set(id, { ...q, votes });
    }
    if (next) this.questions = next;
  }

  /** The blocks of a push that speaks of several parts: this part's, or none when it says none. */
  applyBlocks(blocks: readonly BlockState[]): void {
    const mine = blocks.filter((b) => b.partId === this.partId);
    if (mine.length > 0 || blocks.length === 0) this.blocks = mine;
  }

  /** One block as an answer describes it (a moderator opened or closed it by hand). */
  replaceBlock(block: BlockState): void {
    this.blocks = (this.blocks ?? []).map((b) => (b.blockId === block.blockId ? block : b));
  }

  applyQueue(queue: QueueState): void {
    if (queue.partId !== this.partId) return;
    if (this.queue && this.queue.queueVersion > queue.queueVersion) return;
    this.queue = queue;
  }

  applySettings(settings: Partial<EventSettings>): void {
    const held = this.settings.eventSlug;
    if (held !== undefined && settings.eventSlug !== undefined && settings.eventSlug !== held) return;
    this.settings = { ...this.settings, ...settings };
  }

  #listen(): void {
    this.#stopped = false;
    const c = this.#options.connection;
    const stops: (() => void)[] = [
      c.on('votes:changed', (batch) => this.applyVotes(batch)),
      c.on('queue:changed', (queue) => this.applyQueue(queue)),
      c.on('settings:changed', (settings) => this.applySettings(settings)),
      c.on('agenda:changed', (update) => this.applyBlocks(update.blocks)),
      // Only the rooms of this page's event get it.
      c.on('labels:changed', (update) => (this.labels = update.labels)),
      c.onConnect(() => {
        this.joined = false;
        void this.rejoin();
      }),
    ];
    this.#options.listen?.((event, handler) => stops.push(c.on(event, handler)));
    this.#stops = stops;
    if (c.status === 'online') void this.rejoin();
  }

  #stop(): void {
    this.#stopped = true;
    for (const stop of this.#stops.splice(0)) stop();
    clearTimeout(this.#joinTimer);
    this.#options.onStop?.();
    this.joined = false;
  }

  #applySnapshot(snapshot: S): void {
    if (snapshot.partId !== this.partId) return;
    const shared = this.#options.read(snapshot);
    if (shared.questions) {
      const { items, full, removedIds = [] } = shared.questions;
      const next = full ? new Map<string, Q>() : new Map(this.questions);
      for (const id of removedIds) next.delete(id);
      for (const q of items) {
        const held = this.questions.get(q.id);
        // A push that overtook the snapshot is newer than what the snapshot says.
        next.set(q.id, held && isNewer(held, q) ? held : q);
      }
      this.questions = next;
    }
    if (shared.blocks) this.applyBlocks(shared.blocks);
    if (shared.queue) this.applyQueue(shared.queue);
    if (shared.settings) this.settings = { ...this.settings, ...shared.settings };
    if (shared.labels) this.labels = shared.labels;
    if (shared.version !== undefined) this.version = shared.version;
    this.#options.onSnapshot?.(snapshot);
  }
}

function isNewer(held: FeedQuestion, incoming: FeedQuestion): boolean {
  return held.version > incoming.version || (held.revision ?? 0) > (incoming.revision ?? 0);
}

/**
 * The base of a live view's store: its feed, and what every such store offers a page (the
 * connection's state, joined or not, why not, and start/follow/destroy). A store says how it
 * joins and what its snapshot and pushes hold by overriding the hooks.
 */
export abstract class PartFeedStore<Q extends FeedQuestion, S extends { partId: string }> {
  readonly partId: string;
  protected readonly connection: LiveConnection;
  protected readonly feed: PartFeed<Q, S>;
  #stop: (() => void) | null = null;

  constructor(partId: string, connection: LiveConnection) {
    this.partId = partId;
    this.connection = connection;
    this.feed = new PartFeed<Q, S>({
      partId,
      connection,
      join: (since) => this.join(since),
      read: (snapshot) => this.read(snapshot),
      onSnapshot: (snapshot) => this.onSnapshot(snapshot),
      onJoined: () => this.onJoined(),
      listen: (on) => this.listen(on),
      onStop: () => this.onStop(),
    });
  }

  /** The live connection's state, for the banner shown while it is lost. */
  get connectionStatus(): ConnectionStatus {
    return this.connection.status;
  }

  /** The snapshot of the current connection has arrived. Reading it follows the part. */
  get joined(): boolean {
    this.feed.follow();
    return this.feed.joined;
  }

  /** Why the part cannot be followed (the server refused to join it). Reading it follows the part. */
  get joinError(): string | null {
    this.feed.follow();
    return this.feed.joinError;
  }

  /** Follows the part: listens to pushes and joins now and after every reconnection. */
  start(): void {
    this.#stop ??= this.feed.start();
  }

  /** Follows the part while the calling effect lives (a component showing the store). */
  follow(): void {
    this.feed.follow();
  }

  /** Undoes start(); a component still showing the store keeps following. */
  destroy(): void {
    this.#stop?.();
    this.#stop = null;
  }

  protected abstract join(since: number | null): Promise<LiveAck<S>>;
  protected abstract read(snapshot: S): FeedSnapshot<Q>;
  protected onSnapshot(_snapshot: S): void {}
  protected onJoined(): void {}
  protected listen(_on: Listen): void {}
  protected onStop(): void {}
}
