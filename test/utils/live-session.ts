import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { PartView } from '../../shared/events-api.js';
import type { EventSettingsRequest, ModeratorSnapshot } from '../../shared/moderation.js';
import type { PartSnapshot, SpeakerSnapshot } from '../../shared/realtime.js';
import type { QuestionView } from '../../shared/questions.js';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import type { AppOverrides } from '../../server/src/app.module.js';
import {
  connectLive,
  connectViewer,
  dataOf,
  fetchEvent,
  issueGrant,
  request,
  SEED_SLUG,
  type LiveClient,
} from './live-client.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from './test-app.js';

/**
 * The seed course on a rehearsal clock standing in "Breaking bad news" (13:10–13:50 CET) on the
 * first afternoon: both Q&A blocks of part 1 take questions (they open 30 minutes before 12:30).
 */
export const REHEARSAL = { SEED_FILE: DEFAULT_SEED_FILE, CLOCK_START: '2024-02-22T13:20:00+01:00' };

export interface SessionOptions {
  env?: Record<string, string>;
  overrides?: AppOverrides;
  /** Settings every test starts from again (a test that changes them must not change the next one's). */
  settingsAfterEach?: Omit<EventSettingsRequest, 'partId'>;
}

/** One app on the seed course for a whole `describe`, and the viewers and staff a test connects. */
export interface LiveSession {
  readonly server: TestApp;
  /** The first afternoon. */
  readonly part: PartView;
  /** Its first Q&A block. */
  readonly blockId: string;
  /** A moderator link of the course, issued once. */
  readonly moderatorSecret: string;
  /** Closes `socket` (or `{ socket }`) after the test. */
  track: <T extends { socket: LiveClient } | LiveClient>(value: T) => T;
  /** A new participant joined to the part, with the snapshot the join answered. */
  viewer: () => Promise<Awaited<ReturnType<typeof connectViewer>> & { snapshot: PartSnapshot }>;
  /** A moderator socket joined to the part's moderation, with its snapshot. */
  moderator: (secret?: string) => Promise<{ socket: LiveClient; snapshot: ModeratorSnapshot }>;
  /** A new speaker link (for one speaker's talks, or the whole panel) joined to the part. */
  speaker: (speakerName?: string) => Promise<{ socket: LiveClient; snapshot: SpeakerSnapshot }>;
  /** Asks in the first block (about the talk titled `talkTitle`, if given); fails the test on a refusal. */
  ask: (socket: LiveClient, body: string, talkTitle?: string) => Promise<QuestionView>;
}

/**
 * Starts the app in `beforeAll` (the seed on the rehearsal clock unless `env` says otherwise),
 * closes the sockets a test opened after each test and puts `settingsAfterEach` back, and stops
 * the app in `afterAll`. Call it inside a `describe`; read its fields inside tests and hooks.
 */
export function useLiveSession(options: SessionOptions = {}): LiveSession {
  let started: { server: TestApp; part: PartView; blockId: string; moderatorSecret: string } | undefined;
  const sockets: LiveClient[] = [];
  const get = () => {
    if (!started) throw new Error('The live session starts in beforeAll; read it inside a test or hook.');
    return started;
  };

  beforeAll(async () => {
    const server = await startTestApp(options.env ?? REHEARSAL, undefined, options.overrides);
    const part = (await fetchEvent(server.url, SEED_SLUG)).parts[0];
    started = {
      server,
      part,
      blockId: part.items.find((item) => item.kind === 'qa')!.id,
      moderatorSecret: (await issueGrant(server.url, TEST_ADMIN_TOKEN, SEED_SLUG, { role: 'moderator' }))
        .secret,
    };
  });

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    if (options.settingsAfterEach && started) {
      const mod = await connectLive(started.server.url, { grant: started.moderatorSecret });
      dataOf(await request(mod, 'mod:settings', { partId: started.part.id, ...options.settingsAfterEach }));
      mod.close();
    }
  });

  afterAll(() => started?.server.close());

  const session: LiveSession = {
    get server() {
      return get().server;
    },
    get part() {
      return get().part;
    },
    get blockId() {
      return get().blockId;
    },
    get moderatorSecret() {
      return get().moderatorSecret;
    },
    track: (value) => {
      sockets.push('socket' in value ? value.socket : value);
      return value;
    },
    viewer: async () => {
      const connected = session.track(await connectViewer(session.server.url));
      const snapshot = dataOf(await request(connected.socket, 'part:join', { partId: session.part.id }));
      return { ...connected, snapshot };
    },
    moderator: async (secret = session.moderatorSecret) => {
      const socket = session.track(await connectLive(session.server.url, { grant: secret }));
      return { socket, snapshot: dataOf(await request(socket, 'mod:join', { partId: session.part.id })) };
    },
    speaker: async (speakerName) => {
      const grant = await issueGrant(session.server.url, TEST_ADMIN_TOKEN, SEED_SLUG, {
        role: 'speaker',
        speakerName,
      });
      const socket = session.track(await connectLive(session.server.url, { grant: grant.secret }));
      return { socket, snapshot: dataOf(await request(socket, 'speaker:join', { partId: session.part.id })) };
    },
    ask: async (socket, body, talkTitle) => {
      const talkId = talkTitle ? session.part.items.find((i) => i.title === talkTitle)!.id : undefined;
      return dataOf(
        await request(socket, 'question:ask', { id: randomUUID(), blockId: session.blockId, body, talkId }),
      );
    },
  };
  return session;
}
