import type { EventSummary } from '../../../../shared/events-api.js';
import { eventsApi, type EventsApi } from '../api/events.js';
import { errorMessage, isAbort } from '../api/http.js';
import type { LoadStatus } from './load-status.js';

/** The list of published courses on the start page. */
export class EventsStore {
  status = $state<LoadStatus>('idle');
  events = $state.raw<EventSummary[]>([]);
  error = $state<string | null>(null);

  readonly #api: Pick<EventsApi, 'listEvents'>;
  #abort: AbortController | null = null;

  constructor(api: Pick<EventsApi, 'listEvents'> = eventsApi) {
    this.#api = api;
  }

  async load(): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.status = 'loading';
    this.error = null;
    try {
      const events = await this.#api.listEvents({ signal: abort.signal });
      this.events = events;
      this.status = 'ready';
    } catch (error) {
      if (isAbort(error)) return;
      this.error = errorMessage(error);
      this.status = 'error';
    }
  }

  destroy(): void {
    this.#abort?.abort();
  }
}
