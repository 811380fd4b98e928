import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PartView } from '../../shared/events-api.js';
import type { ModeratorSnapshot } from '../../shared/moderation.js';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import {
  connectLive,
  connectViewer,
  dataOf,
  fetchEvent,
  request,
  SEED_SLUG,
  type LiveClient,
} from '../utils/live-client.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../utils/test-app.js';

/**
 * A standing attacker: every moderator and speaker event, tried with every kind of wrong
 * credential, must be refused and change nothing. Sockets that cannot even connect (forged,
 * revoked, expired, recovered with another credential) are checked at the handshake.
 */
const REHEARSAL = { SEED_FILE: DEFAULT_SEED_FILE, CLOCK_START: '2024-02-22T13:20:00+01:00' };

/** The seed renamed: another event, so its moderator link is valid, but for something else. */
const OTHER_SLUG = 'esor-other-communication-course';
const otherProgramme = () =>
  readFileSync(DEFAULT_SEED_FILE, 'utf8')
    .replace('ESOR Patient Communication Course\n', 'ESOR Other Communication Course\n')
    .replace(/Patient Communication Course - Part/g, 'Other Communication Course - Part');

describe('staff events with wrong credentials', () => {
  let server: TestApp;
  let part: PartView;
  let blockId: string;
  let moderator: LiveClient;
  const ids = { pending: '', visible: '', queued: '', onAir: '' };
  const sockets: LiveClient[] = [];

  async function issue(slug: string, body: Record<string, unknown>) {
    const response = await fetch(`${server.url}/api/events/${slug}/grants`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { grant: { id: string }; secret: string };
  }

  async function staff(secret: string) {
    const socket = await connectLive(server.url, { grant: secret });
    sockets.push(socket);
    return socket;
  }

  const state = async (): Promise<Omit<ModeratorSnapshot, 'blocks'> & { blocks: unknown[] }> => {
    const snapshot = dataOf(await request(moderator, 'mod:join', { partId: part.id }));
    const history = await Promise.all(
      Object.values(ids).map(async (questionId) =>
        dataOf(await request(moderator, 'mod:history', { questionId })),
      ),
    );
    return { ...snapshot, blocks: [snapshot.blocks, history] };
  };

  async function moderatorAct(action: Record<string, unknown>, questionId: string) {
    const snapshot = dataOf(await request(moderator, 'mod:join', { partId: part.id }));
    const revision = snapshot.questions.find((q) => q.id === questionId)!.revision;
    return dataOf(await request(moderator, 'mod:act', { ...action, questionId, revision } as never));
  }

  beforeAll(async () => {
    server = await startTestApp(REHEARSAL);
    part = (await fetchEvent(server.url, SEED_SLUG)).parts[0];
    blockId = part.items.find((item) => item.kind === 'qa')!.id;
    moderator = await staff((await issue(SEED_SLUG, { role: 'moderator' })).secret);
    dataOf(await request(moderator, 'mod:settings', { partId: part.id, preModeration: true }));
    const viewer = await connectViewer(server.url);
    sockets.push(viewer.socket);
    for (const key of Object.keys(ids) as (keyof typeof ids)[]) {
      ids[key] = dataOf(
        await request(viewer.socket, 'question:ask', { id: randomUUID(), blockId, body: `The ${key} one` }),
      ).id;
    }
    for (const id of [ids.visible, ids.queued, ids.onAir]) await moderatorAct({ action: 'approve' }, id);
    await moderatorAct({ action: 'queue' }, ids.queued);
    await moderatorAct({ action: 'on_air', previous: 'answered' }, ids.onAir);
    const published = await fetch(`${server.url}/api/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'text/plain' },
      body: otherProgramme(),
    });
    expect(published.status).toBe(201);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server?.close();
  });

  /** Every staff request with a payload that a rightful holder could send now. */
  async function attempts(): Promise<{ event: string; payload: Record<string, unknown> }[]> {
    const snapshot = dataOf(await request(moderator, 'mod:join', { partId: part.id }));
    const revision = (id: string) => snapshot.questions.find((q) => q.id === id)!.revision;
    const act = (action: string, id: string, extra: Record<string, unknown> = {}) => ({
      event: 'mod:act',
      payload: { action, questionId: id, revision: revision(id), ...extra },
    });
    return [
      { event: 'mod:join', payload: { partId: part.id } },
      act('approve', ids.pending),
      act('hide', ids.visible),
      act('restore', ids.visible),
      act('edit', ids.visible, { body: 'Rewritten by an attacker' }),
      act('merge', ids.visible, { intoId: ids.queued }),
      act('star', ids.visible, { starred: true }),
      act('queue', ids.visible),
      act('unqueue', ids.queued),
      act('on_air', ids.queued, { previous: 'queued' }),
      act('answered', ids.onAir),
      {
        event: 'mod:reorder',
        payload: { partId: part.id, queueVersion: snapshot.queue.queueVersion, order: [ids.queued] },
      },
      { event: 'mod:settings', payload: { partId: part.id, preModeration: false, speakersMayAnswer: true } },
      { event: 'mod:block', payload: { blockId, state: 'closed' } },
      { event: 'mod:history', payload: { questionId: ids.pending } },
      { event: 'speaker:join', payload: { partId: part.id } },
      { event: 'speaker:answered', payload: { questionId: ids.onAir } },
    ];
  }

  type Wrong = { name: string; connect(): Promise<LiveClient>; allowed: string[] };
  const wrongCredentials: Wrong[] = [
    {
      name: 'a viewer',
      connect: async () => {
        const viewer = await connectViewer(server.url);
        sockets.push(viewer.socket);
        return viewer.socket;
      },
      allowed: [],
    },
    {
      name: 'a panel speaker',
      connect: async () => staff((await issue(SEED_SLUG, { role: 'speaker' })).secret),
      // Speakers may follow the queue; marking answered is refused while moderators do not allow it.
      allowed: ['speaker:join'],
    },
    {
      name: 'a named speaker',
      connect: async () =>
        staff((await issue(SEED_SLUG, { role: 'speaker', speakerName: 'R. Sinnatamby' })).secret),
      allowed: ['speaker:join'],
    },
    {
      name: 'a moderator of another event',
      connect: async () => staff((await issue(OTHER_SLUG, { role: 'moderator' })).secret),
      allowed: [],
    },
  ];

  for (const wrong of wrongCredentials) {
    it(`refuses every staff request from ${wrong.name} and changes nothing`, async () => {
      const socket = await wrong.connect();
      const before = await state();
      for (const { event, payload } of await attempts()) {
        const ack = (await request(socket, event as 'mod:join', payload as never)) as {
          ok: boolean;
          error?: string;
        };
        if (wrong.allowed.includes(event)) continue;
        expect({ event, ok: ack.ok }).toEqual({ event, ok: false });
        expect(['auth/role_required', 'auth/participant_required', 'question/not_found']).toContain(
          ack.error,
        );
      }
      expect(await state()).toEqual(before);
    });
  }

  it('refuses forged, revoked and expired links, and a recovered socket with another credential, at the handshake', async () => {
    await expect(connectLive(server.url, { grant: 'x'.repeat(43) })).rejects.toThrow('auth/bad_grant');
    await expect(connectLive(server.url, { grant: 42 as never })).rejects.toThrow('auth/bad_grant');

    const revoked = await issue(SEED_SLUG, { role: 'moderator' });
    const open = await staff(revoked.secret);
    open.io.reconnection(false);
    const cut = new Promise<string>((resolve) => open.once('disconnect', resolve));
    await fetch(`${server.url}/api/events/${SEED_SLUG}/grants/${revoked.grant.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(await cut).toBe('io server disconnect');
    await expect(connectLive(server.url, { grant: revoked.secret })).rejects.toThrow('auth/bad_grant');

    const expiring = await issue(SEED_SLUG, {
      role: 'moderator',
      expiresAt: new Date(Date.now() + 1500).toISOString(),
    });
    const soon = await staff(expiring.secret);
    soon.io.reconnection(false);
    expect(await new Promise<string>((resolve) => soon.once('disconnect', resolve))).toBe(
      'io server disconnect',
    );
    await expect(connectLive(server.url, { grant: expiring.secret })).rejects.toThrow('auth/bad_grant');

    // A moderator socket that dropped and comes back with a viewer's token.
    const mod = await staff((await issue(SEED_SLUG, { role: 'moderator' })).secret);
    dataOf(await request(mod, 'mod:join', { partId: part.id }));
    const viewer = await connectViewer(server.url);
    sockets.push(viewer.socket);
    const seen = new Promise<void>((resolve) => mod.once('mod:question', () => resolve()));
    dataOf(
      await request(viewer.socket, 'question:ask', {
        id: randomUUID(),
        blockId,
        body: 'Gives mod an offset',
      }),
    );
    await seen;
    mod.io.reconnection(false);
    const dropped = new Promise<void>((resolve) => mod.once('disconnect', () => resolve()));
    mod.io.engine.close();
    await dropped;
    mod.auth = { token: viewer.token };
    const refused = new Promise<string>((resolve) =>
      mod.once('connect_error', (error) => resolve(error.message)),
    );
    mod.connect();
    expect(await refused).toBe('auth/session_mismatch');
  });
});
