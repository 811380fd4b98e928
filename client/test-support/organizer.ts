// A fake of the organizer API's server side, behind a fetch: component tests drive the real
// client (api/organizer.ts, the store, the components) against it and read what it was sent.
import type { EventSummary, EventView } from '../../shared/events-api.js';
import type { GrantView } from '../../shared/moderation.js';
import type { OrganizerEventSettings, ProgrammePreview } from '../../shared/organizer.js';
import { json } from './fake-fetch.js';
import { seedEvent, seedSummary } from './seed-event.js';

export const GOOD_TOKEN = 'organizer-token-0123456789';

export interface FakeCall {
  method: string;
  path: string;
  body: string | undefined;
}

export interface FakeOrganizerServer {
  fetch: typeof fetch;
  calls: FakeCall[];
  signedIn: boolean;
  events: EventSummary[];
  grants: GrantView[];
  settings: OrganizerEventSettings;
  /** The answer to the next preview. */
  nextPreview: ProgrammePreview;
  callsTo(method: string, path: string): FakeCall[];
}

export function validPreview(overrides: Partial<ProgrammePreview> = {}): ProgrammePreview {
  const { slug, title, description, notes, timezone, parts } = seedEvent;
  return {
    programme: {
      slug,
      title,
      description,
      notes,
      timezone,
      parts: parts.map((part) => ({
        title: part.title,
        date: part.date,
        start: part.start,
        end: part.end,
        streamUrl: part.streamUrl,
        streamNote: part.streamNote,
        about: part.about,
        objectives: part.objectives,
        items: part.items.map(({ kind, title: itemTitle, start, end, speakers }) => ({
          kind,
          title: itemTitle,
          start,
          end,
          speakers,
        })),
      })),
    },
    errors: [],
    slug,
    existing: false,
    changes: null,
    orphans: [],
    ...overrides,
  };
}

export function fakeOrganizerServer(options: { signedIn?: boolean } = {}): FakeOrganizerServer {
  const slug = seedEvent.slug;
  const base = `/api/events/${slug}`;
  let grantCount = 0;
  const server: FakeOrganizerServer = {
    calls: [],
    signedIn: options.signedIn ?? false,
    events: [seedSummary],
    grants: [],
    settings: {
      slug,
      preModeration: false,
      speakersMayAnswer: false,
      holdPatientData: true,
      holdProfanity: true,
      qaOpensBeforeMinutes: null,
      defaultQaOpensBeforeMinutes: 30,
      answersPublished: false,
      parts: seedEvent.parts.map((p) => ({
        id: p.id,
        title: p.title,
        date: p.date,
        streamUrl: null,
        streamDelaySeconds: 20,
      })),
    },
    nextPreview: validPreview(),
    callsTo: (method, path) => server.calls.filter((c) => c.method === method && c.path === path),
    fetch: (input, init = {}) => {
      const path = typeof input === 'string' ? input : input instanceof URL ? input.pathname : input.url;
      const method = (init.method ?? 'GET').toUpperCase();
      const body = typeof init.body === 'string' ? init.body : undefined;
      server.calls.push({ method, path, body });
      return Promise.resolve(answer(method, path, body));
    },
  };

  const unauthorized = () =>
    json({ error: 'auth/missing_token', message: 'This needs the organizer token.' }, 401);

  function answer(method: string, path: string, body: string | undefined): Response {
    const route = `${method} ${path}`;
    if (route === 'GET /api/organizer/session') return json({ signedIn: server.signedIn });
    if (route === 'POST /api/organizer/session') {
      const token = (JSON.parse(body ?? '{}') as { token?: string }).token;
      if (token !== GOOD_TOKEN) {
        return json({ error: 'auth/bad_token', message: 'That is not the organizer token.' }, 401);
      }
      server.signedIn = true;
      return json({ signedIn: true });
    }
    if (route === 'DELETE /api/organizer/session') {
      server.signedIn = false;
      return json({ signedIn: false });
    }
    if (route === 'GET /api/events') return json(server.events);
    if (!server.signedIn && method !== 'GET') return unauthorized();
    if (route === `GET ${base}`) return json(seedEvent satisfies EventView);
    if (!server.signedIn) return unauthorized();
    if (route === 'POST /api/events/preview') return json(server.nextPreview);
    if (route === 'POST /api/events') return json(seedEvent, 201);
    if (route === `PUT ${base}`) return json(seedEvent);
    if (route === `GET ${base}/settings`) return json(server.settings);
    if (route === `PATCH ${base}/settings`) {
      const change = JSON.parse(body ?? '{}') as Partial<OrganizerEventSettings> & {
        parts?: { id: string; streamUrl?: string | null; streamDelaySeconds?: number }[];
      };
      const { parts, ...eventChange } = change;
      server.settings = {
        ...server.settings,
        ...eventChange,
        parts: server.settings.parts.map((p) => ({ ...p, ...parts?.find((c) => c.id === p.id) })),
      };
      return json(server.settings);
    }
    if (route === `GET ${base}/grants`) return json(server.grants);
    if (route === `POST ${base}/grants`) {
      const request = JSON.parse(body ?? '{}') as {
        role: 'moderator' | 'speaker';
        speakerName: string | null;
        label: string;
      };
      grantCount += 1;
      const grant: GrantView = {
        id: `grant-${grantCount}`,
        eventSlug: slug,
        role: request.role,
        speakerName: request.speakerName,
        label: request.label || (request.speakerName ?? 'Moderator'),
        createdAt: '2024-02-20T10:00:00.000Z',
        expiresAt: '2099-03-05T10:00:00.000Z',
        revokedAt: null,
      };
      server.grants = [grant, ...server.grants];
      const page = request.role === 'moderator' ? 'moderate' : 'speaker';
      return json(
        { grant, secret: `secret-${grantCount}`, link: `/e/${slug}/${page}#key=secret-${grantCount}` },
        201,
      );
    }
    const revoke = new RegExp(`^DELETE ${base}/grants/(.+)$`).exec(route);
    if (revoke) {
      server.grants = server.grants.map((g) =>
        g.id === revoke[1] ? { ...g, revokedAt: '2024-02-21T10:00:00.000Z' } : g,
      );
      return json(server.grants.find((g) => g.id === revoke[1]));
    }
    if (route === `GET ${base}/questions.csv`) return new Response('\uFEFFid,text\r\n', { status: 200 });
    if (route === `DELETE ${base}`) {
      server.events = [];
      return new Response(null, { status: 204 });
    }
    return json({ error: 'event/not_found', message: 'Nothing here.' }, 404);
  }

  return server;
}
