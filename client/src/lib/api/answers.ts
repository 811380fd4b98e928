import type { PublishedAnswers } from '../../../../shared/questions.js';
import { getJson, type Fetch } from './http.js';

/** The event's published answered questions; ApiError `answers/not_published` (404) until published. */
export function fetchPublishedAnswers(slug: string, fetchImpl?: Fetch): Promise<PublishedAnswers> {
  return getJson<PublishedAnswers>(`/api/events/${encodeURIComponent(slug)}/answers`, {}, fetchImpl);
}
