import type { EventSummary, EventView, NowResponse } from '../../../../shared/events-api.js';
import { getJson, type Fetch, type RequestOptions } from './http.js';

export interface EventsApi {
  listEvents(options?: RequestOptions): Promise<EventSummary[]>;
  getEvent(slug: string, options?: RequestOptions): Promise<EventView>;
  getNow(slug: string, options?: RequestOptions): Promise<NowResponse>;
}

const eventPath = (slug: string): string => `/api/events/${encodeURIComponent(slug)}`;

export function createEventsApi(fetchImpl?: Fetch): EventsApi {
  // Without fetchImpl, getJson uses the global fetch of the moment (tests may stub it).
  const f = fetchImpl;
  return {
    listEvents: (options) => getJson<EventSummary[]>('/api/events', options, f),
    getEvent: (slug, options) => getJson<EventView>(eventPath(slug), options, f),
    getNow: (slug, options) => getJson<NowResponse>(`${eventPath(slug)}/now`, options, f),
  };
}

export const eventsApi: EventsApi = createEventsApi();
