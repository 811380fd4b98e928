// A moderator's or speaker's page, up to the part it shows: the link's secret (taken from the
// address once, then kept for the tab), the socket that connects as staff with it, the event's
// agenda, and which part is followed: the one the address pins with ?part=<id> (or the
// moderator chose), else the part on now or next. A page whose header needs the part's store
// (the moderator's pending count) lets the session make it per part and follow it; the speaker
// page owns its store in a {#key} child (PartScope) and passes no `createStore`.
import { untrack } from 'svelte';
import { forgetGrantSecret, takeGrantSecret } from '../realtime/grant-secret.js';
import type { OwnedConnection } from '../realtime/connection.js';
import { LiveSocket } from '../realtime/live-socket.svelte.js';
import { AgendaStore } from './agenda.svelte.js';
import { startLivePage } from './live-page.js';

/** A per-part store: following it joins the part, and stops when nothing shows it any more. */
export interface PartStore {
  follow(): void;
}

export interface StaffSessionOptions<S extends PartStore> {
  /** Tests pass a FakeLiveSocket; the app opens a socket with the link's secret. */
  connection?: OwnedConnection;
  /** Makes the store of one part; without it `store` stays null. */
  createStore?: (partId: string, connection: OwnedConnection, agenda: AgendaStore) => S;
  /** The address's query, for ?part=<id>. */
  search?: string;
}

export class StaffSession<S extends PartStore = PartStore> {
  readonly slug: string;
  /** The link's secret; null: the page was opened without one. */
  readonly secret: string | null;
  readonly live: OwnedConnection | null;
  readonly agenda: AgendaStore;

  #chosenPartId = $state<string | null>(null);

  /** The part followed: the chosen one while the event has it, else the part on now or next. */
  readonly partId: string | null = $derived.by(() => {
    const chosen = this.#chosenPartId;
    return chosen !== null && this.agenda.parts.some((p) => p.id === chosen)
      ? chosen
      : (this.agenda.focusPart?.id ?? null);
  });
  /** The server turned the link away for good (unknown, expired or revoked). */
  readonly refused: boolean = $derived.by(() => this.live?.status === 'refused');
  /** The followed part's store, a new one for each part (and only then: made untracked). */
  readonly store: S | null = $derived.by(() => {
    const partId = this.partId;
    const live = this.live;
    const create = this.#createStore;
    return partId !== null && live !== null && create
      ? untrack(() => create(partId, live, this.agenda))
      : null;
  });

  readonly #createStore: StaffSessionOptions<S>['createStore'];

  constructor(slug: string, options: StaffSessionOptions<S>) {
    this.slug = slug;
    this.secret = takeGrantSecret(slug);
    this.live = options.connection ?? (this.secret ? new LiveSocket({ grant: this.secret }) : null);
    this.agenda = new AgendaStore(slug);
    this.#createStore = options.createStore;
    this.#chosenPartId = new URLSearchParams(options.search ?? location.search).get('part');
  }

  choosePart(partId: string): void {
    this.#chosenPartId = partId;
  }

  /**
   * Connects and follows the part's store while the page lives; a refused link is forgotten, so
   * a reload does not try it again. The returned function ends it all.
   */
  start(): () => void {
    const live = this.live;
    if (!live) return () => undefined;
    const stopPage = startLivePage(live, this.agenda);
    const stopEffects = $effect.root(() => {
      $effect(() => {
        if (this.refused) forgetGrantSecret(this.slug);
      });
      // The store of the part shown is followed; when the part changes, the old one stops.
      $effect(() => this.store?.follow());
    });
    return () => {
      stopEffects();
      stopPage();
    };
  }
}
