// The organizer's analytics of an event; the console's session cookie authenticates the call.
import type { EventAnalytics } from '../../../../shared/analytics.js';
import { getJson, type Fetch } from './http.js';

export function fetchAnalytics(slug: string, fetchImpl: Fetch = fetch): Promise<EventAnalytics> {
  return getJson(`/api/events/${encodeURIComponent(slug)}/analytics`, {}, fetchImpl);
}
