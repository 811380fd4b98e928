// A moderator's or speaker's page, up to the part it shows: the link's secret (taken from the
// address once, then kept for the tab), the socket that connects as staff with it, the event's
// agenda, and which part is followed: the one the address pins with ?part=<id> (or the
// moderator chose), else the part on now or next. The part's store is not the session's: each
// page makes it in a {#key} child (PartScope), so it is made and let go with the part.
import { forgetGrantSecret, takeGrantSecret } from '../realtime/grant-secret.js';
import type { OwnedConnection } from '../realtime/connection.js';
import { LiveSocket } from '../realtime/live-socket.svelte.js';
import { AgendaStore } from './agenda.svelte.js';
import { startLivePage } from './live-page.js';

export interface StaffSessionOptions {
  /** Tests pass a FakeLiveSocket; the app opens a socket with the link's secret. */
  connection?: OwnedConnection;
  /** The address's query, for ?part=<id>. */
  search?: string;
}

export class StaffSession {
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

  constructor(slug: string, options: StaffSessionOptions) {
    this.slug = slug;
    this.secret = takeGrantSecret(slug);
    this.live = options.connection ?? (this.secret ? new LiveSocket({ grant: this.secret }) : null);
    this.agenda = new AgendaStore(slug);
    this.#chosenPartId = new URLSearchParams(options.search ?? location.search).get('part');
  }

  choosePart(partId: string): void {
    this.#chosenPartId = partId;
  }

  /**
   * Connects while the page lives; a refused link is forgotten, so a reload does not try it
   * again. The returned function ends it all.
   */
  start(): () => void {
    const live = this.live;
    if (!live) return () => undefined;
    const stopPage = startLivePage(live, this.agenda);
    const stopEffects = $effect.root(() => {
      $effect(() => {
        if (this.refused) forgetGrantSecret(this.slug);
      });
    });
    return () => {
      stopEffects();
      stopPage();
    };
  }
}
