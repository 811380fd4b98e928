// The organizer console's HTTP calls. The session is an HttpOnly cookie the server sets at
// sign-in (Path=/api, SameSite=Strict): same-origin requests carry it, page scripts never see it.
import type { EventSummary, EventView } from '../../../../shared/events-api.js';
import type { CreateGrantRequest, GrantIssued, GrantView } from '../../../../shared/moderation.js';
import type {
  OrganizerEventSettings,
  OrganizerSessionState,
  OrganizerSettingsChange,
  ProgrammePreview,
} from '../../../../shared/organizer.js';
import { fetchOrThrow, getJson, sendJson, type Fetch } from './http.js';

export type ExportFormat = 'csv' | 'json';

export interface OrganizerApi {
  session(): Promise<OrganizerSessionState>;
  signIn(token: string): Promise<OrganizerSessionState>;
  signOut(): Promise<OrganizerSessionState>;
  listEvents(): Promise<EventSummary[]>;
  getEvent(slug: string): Promise<EventView>;
  preview(text: string): Promise<ProgrammePreview>;
  publish(text: string): Promise<EventView>;
  republish(slug: string, text: string): Promise<EventView>;
  settings(slug: string): Promise<OrganizerEventSettings>;
  updateSettings(slug: string, change: OrganizerSettingsChange): Promise<OrganizerEventSettings>;
  grants(slug: string): Promise<GrantView[]>;
  createGrant(slug: string, request: CreateGrantRequest): Promise<GrantIssued>;
  revokeGrant(slug: string, id: string): Promise<GrantView>;
  exportQuestions(slug: string, format: ExportFormat): Promise<Blob>;
  deleteEvent(slug: string): Promise<void>;
}

const eventPath = (slug: string): string => `/api/events/${encodeURIComponent(slug)}`;
const TEXT = { contentType: 'text/plain; charset=utf-8' };

export function createOrganizerApi(fetchImpl?: Fetch): OrganizerApi {
  // Without fetchImpl, the global fetch of the moment (tests may stub it).
  const f = (): Fetch => fetchImpl ?? fetch;
  return {
    session: () => getJson('/api/organizer/session', {}, f()),
    signIn: (token) => sendJson('POST', '/api/organizer/session', { token }, {}, f()),
    signOut: () => sendJson('DELETE', '/api/organizer/session', undefined, {}, f()),
    listEvents: () => getJson('/api/events', {}, f()),
    getEvent: (slug) => getJson(eventPath(slug), {}, f()),
    preview: (text) => sendJson('POST', '/api/events/preview', text, TEXT, f()),
    publish: (text) => sendJson('POST', '/api/events', text, TEXT, f()),
    republish: (slug, text) => sendJson('PUT', eventPath(slug), text, TEXT, f()),
    settings: (slug) => getJson(`${eventPath(slug)}/settings`, {}, f()),
    updateSettings: (slug, change) => sendJson('PATCH', `${eventPath(slug)}/settings`, change, {}, f()),
    grants: (slug) => getJson(`${eventPath(slug)}/grants`, {}, f()),
    createGrant: (slug, request) => sendJson('POST', `${eventPath(slug)}/grants`, request, {}, f()),
    revokeGrant: (slug, id) =>
      sendJson('DELETE', `${eventPath(slug)}/grants/${encodeURIComponent(id)}`, undefined, {}, f()),
    exportQuestions: async (slug, format) =>
      (await fetchOrThrow(f(), `${eventPath(slug)}/questions.${format}`)).blob(),
    deleteEvent: async (slug) => {
      await fetchOrThrow(f(), eventPath(slug), { method: 'DELETE' });
    },
  };
}

export const organizerApi: OrganizerApi = createOrganizerApi();
