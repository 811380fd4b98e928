import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import type { PartView } from '../../shared/events-api.js';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import {
  connectLive,
  connectViewer,
  dataOf,
  fetchEvent,
  newParticipant,
  request,
  SEED_SLUG,
  waitFor,
  waitForQuestion,
  type LiveClient,
} from '../utils/live-client.js';
import type { VotesBatch } from '../../shared/realtime.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../utils/test-app.js';

// Each case here was reproduced against the server before its fix (issue 9).
const REHEARSAL = { SEED_FILE: DEFAULT_SEED_FILE, CLOCK_START: '2024-02-22T13:20:00+01:00' };

describe('security: connections that outlive their rights, and hostile text', () => {
  let server: TestApp;
  let part: PartView;
  let blockId: string;
  const sockets: LiveClient[] = [];

  const track = <T extends LiveClient>(socket: T): T => {
    sockets.push(socket);
    return socket;
  };

  async function grant(body: { role: 'moderator' | 'speaker'; expiresAt?: string; label?: string }) {
    const response = await fetch(`${server.url}/api/events/${SEED_SLUG}/grants`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { grant: { id: string; label: string }; secret: string };
  }

  async function revoke(grantId: string) {
    const response = await fetch(`${server.url}/api/events/${SEED_SLUG}/grants/${grantId}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(200);
  }

  async function moderatorSocket(secret: string) {
    const socket = track(await connectLive(server.url, { grant: secret }));
    dataOf(await request(socket, 'mod:join', { partId: part.id }));
    return socket;
  }

  async function viewerSocket() {
    const viewer = await connectViewer(server.url);
    track(viewer.socket);
    dataOf(await request(viewer.socket, 'part:join', { partId: part.id }));
    return viewer;
  }

  async function ask(socket: LiveClient, body = `Question ${randomUUID()}`, id = randomUUID()) {
    return dataOf(await request(socket, 'question:ask', { id, blockId, body, talkId: null }));
  }

  /** Asks from `asker` and resolves once `watcher` got the push about it (listening before asking). */
  async function askSeenBy(
    asker: LiveClient,
    watcher: LiveClient,
    event: 'mod:question' | 'question:upserted',
    body?: string,
  ) {
    const id = randomUUID();
    const seen = waitFor(watcher, event as 'mod:question', (q) => q.id === id);
    await ask(asker, body, id);
    return seen;
  }

  /**
   * A client can recover only once it holds an offset, i.e. has received a broadcast: a moderator
   * sees a new question, a viewer the push about their own.
   */
  async function prime(socket: LiveClient, role: 'moderator' | 'viewer', asker: LiveClient) {
    if (role === 'moderator') await askSeenBy(asker, socket, 'mod:question');
    else await askSeenBy(socket, socket, 'question:upserted');
  }

  /** Every event the socket receives from now on, by name. */
  function record(socket: LiveClient): Map<string, unknown[]> {
    const seen = new Map<string, unknown[]>();
    socket.onAny((event: string, payload: unknown) => {
      seen.set(event, [...(seen.get(event) ?? []), payload]);
    });
    return seen;
  }

  /** Drops the transport while socket.io-client keeps its session id, as a network loss would. */
  function dropTransport(socket: LiveClient): Promise<void> {
    socket.io.reconnection(false);
    const gone = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    socket.io.engine.close();
    return gone;
  }

  /** Reconnects with `auth`; resolves with the outcome of the handshake. */
  function reconnect(
    socket: LiveClient,
    auth: { token?: string; grant?: string },
  ): Promise<{ connected: true; recovered: boolean } | { connected: false; error: string }> {
    socket.auth = auth;
    return new Promise((resolve) => {
      const onError = (error: Error) => {
        socket.off('connect', onConnect);
        resolve({ connected: false, error: error.message });
      };
      const onConnect = () => {
        socket.off('connect_error', onError);
        resolve({ connected: true, recovered: socket.recovered });
      };
      socket.once('connect_error', onError);
      socket.once('connect', onConnect);
      socket.connect();
    });
  }

  const settle = () => new Promise((resolve) => setTimeout(resolve, 600));

  beforeAll(async () => {
    server = await startTestApp(REHEARSAL);
    part = (await fetchEvent(server.url, SEED_SLUG)).parts[0];
    blockId = part.items.find((item) => item.kind === 'qa')!.id;
    // Pre-moderation: new questions are pending, seen only by moderators (and their askers).
    const moderator = await moderatorSocket((await grant({ role: 'moderator' })).secret);
    dataOf(await request(moderator, 'mod:settings', { partId: part.id, preModeration: true }));
    moderator.close();
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });

  afterAll(async () => {
    await server?.close();
  });

  describe('a recovered connection keeps its rooms only as the same identity', () => {
    it('control: the same link recovers and gets the moderator pushes it missed', async () => {
      const { secret } = await grant({ role: 'moderator' });
      const moderator = await moderatorSocket(secret);
      const asker = await viewerSocket();
      await prime(moderator, 'moderator', asker.socket);
      await dropTransport(moderator);
      const seen = record(moderator);
      const missed = await ask(asker.socket);
      const outcome = await reconnect(moderator, { grant: secret });
      expect(outcome).toEqual({ connected: true, recovered: true });
      await settle();
      const pushed = (seen.get('mod:question') ?? []) as { id: string }[];
      expect(pushed.map((q) => q.id)).toContain(missed.id);
    });

    it('control: the same participant recovers', async () => {
      const viewer = await viewerSocket();
      await prime(viewer.socket, 'viewer', viewer.socket);
      await dropTransport(viewer.socket);
      expect(await reconnect(viewer.socket, { token: viewer.token })).toEqual({
        connected: true,
        recovered: true,
      });
    });

    const cases: {
      name: string;
      restored: 'moderator' | 'viewer';
      /** The credential presented on reconnection, made after the drop. */
      present(ctx: { secret: string; grantId: string }): Promise<{ token?: string; grant?: string }>;
      error: string;
    }[] = [
      {
        name: 'viewer, then another viewer',
        restored: 'viewer',
        present: async () => ({ token: (await newParticipant(server.url)).token }),
        error: 'auth/session_mismatch',
      },
      {
        name: 'moderator, then a viewer token',
        restored: 'moderator',
        present: async () => ({ token: (await newParticipant(server.url)).token }),
        error: 'auth/session_mismatch',
      },
      {
        name: 'moderator, then a speaker link',
        restored: 'moderator',
        present: async () => ({ grant: (await grant({ role: 'speaker' })).secret }),
        error: 'auth/session_mismatch',
      },
      {
        name: 'moderator, then another moderator link',
        restored: 'moderator',
        present: async () => ({ grant: (await grant({ role: 'moderator' })).secret }),
        error: 'auth/session_mismatch',
      },
      {
        name: 'moderator whose link was revoked while away',
        restored: 'moderator',
        present: async ({ secret, grantId }) => {
          await revoke(grantId);
          return { grant: secret };
        },
        error: 'auth/bad_grant',
      },
    ];

    for (const c of cases) {
      it(`refuses ${c.name}, and nothing the old identity missed reaches it`, async () => {
        const issued = await grant({ role: 'moderator' });
        const asker = await viewerSocket();
        const socket =
          c.restored === 'moderator' ? await moderatorSocket(issued.secret) : (await viewerSocket()).socket;
        await prime(socket, c.restored, asker.socket);
        await dropTransport(socket);
        const seen = record(socket);
        const credential = await c.present({ secret: issued.secret, grantId: issued.grant.id });
        await ask(asker.socket); // pending: for moderators only
        const outcome = await reconnect(socket, credential);
        expect(outcome).toEqual({ connected: false, error: c.error });
        // Still nothing after more pending questions: the socket holds no restored room.
        await ask(asker.socket);
        await settle();
        expect(seen.get('mod:question')).toBeUndefined();
        expect(seen.get('question:upserted')).toBeUndefined();
        expect(seen.get('votes:changed')).toBeUndefined();
        // A client that tries again starts as a new connection (not a recovered one) if it may.
        if (c.error === 'auth/session_mismatch') {
          const again = await reconnect(socket, credential);
          expect(again).toEqual({ connected: true, recovered: false });
          await ask(asker.socket);
          await settle();
          expect(seen.get('mod:question')).toBeUndefined();
        }
      });
    }

    it('refuses a moderator whose link expired while away', async () => {
      const issued = await grant({ role: 'moderator', expiresAt: new Date(Date.now() + 2500).toISOString() });
      const asker = await viewerSocket();
      const moderator = await moderatorSocket(issued.secret);
      await prime(moderator, 'moderator', asker.socket);
      await dropTransport(moderator);
      const seen = record(moderator);
      await ask(asker.socket);
      await new Promise((resolve) => setTimeout(resolve, 2600));
      expect(await reconnect(moderator, { grant: issued.secret })).toEqual({
        connected: false,
        error: 'auth/bad_grant',
      });
      await settle();
      expect(seen.get('mod:question')).toBeUndefined();
    });
  });

  describe('links that expire', () => {
    it('takes "expiresAt" as an instant and refuses one in the past or with "expiresInHours"', async () => {
      const at = new Date(Date.now() + 60_000).toISOString();
      const issued = await grant({ role: 'moderator', expiresAt: at });
      const listed = (await (
        await fetch(`${server.url}/api/events/${SEED_SLUG}/grants`, {
          headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
        })
      ).json()) as { id: string; expiresAt: string }[];
      expect(listed.find((g) => g.id === issued.grant.id)?.expiresAt).toBe(at);
      for (const body of [
        { role: 'moderator', expiresAt: new Date(Date.now() - 1000).toISOString() },
        { role: 'moderator', expiresAt: 'tomorrow' },
        { role: 'moderator', expiresAt: at, expiresInHours: 2 },
      ]) {
        const response = await fetch(`${server.url}/api/events/${SEED_SLUG}/grants`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(response.status).toBe(400);
        expect(((await response.json()) as { message: string }).message).toMatch(/expires/);
      }
    });

    it('disconnects an open socket at expiry; it gets no more pushes and cannot come back', async () => {
      const issued = await grant({ role: 'moderator', expiresAt: new Date(Date.now() + 2000).toISOString() });
      const asker = await viewerSocket();
      const moderator = await moderatorSocket(issued.secret);
      await askSeenBy(asker.socket, moderator, 'mod:question');
      moderator.io.reconnection(false);
      const reason = await new Promise<string>((resolve) => moderator.once('disconnect', resolve));
      expect(reason).toBe('io server disconnect');
      const seen = record(moderator);
      await ask(asker.socket);
      await settle();
      expect(seen.get('mod:question')).toBeUndefined();
      await expect(connectLive(server.url, { grant: issued.secret })).rejects.toThrow('auth/bad_grant');
    });
  });

  describe('hostile text', () => {
    it('refuses a NUL in a question or a name before the rate limit counts it', async () => {
      const viewer = await viewerSocket();
      for (let i = 0; i < 6; i++) {
        const ack = await request(viewer.socket, 'question:ask', {
          id: randomUUID(),
          blockId,
          body: i % 2 ? 'Why\u0000?' : 'Why?',
          displayName: i % 2 ? null : 'An\u0000na',
        });
        expect(ack).toMatchObject({ ok: false, error: 'request/invalid' });
        expect(!ack.ok && ack.message).toMatch(i % 2 ? /"body".*NUL/ : /"displayName".*NUL/);
      }
      // The participant's limit is 5 questions a minute: all five still go through.
      for (let i = 0; i < 5; i++) await ask(viewer.socket);
    });

    it('refuses a NUL in a moderator edit, a link label and a programme, saving nothing', async () => {
      const moderator = await moderatorSocket((await grant({ role: 'moderator' })).secret);
      const asker = await viewerSocket();
      const question = await ask(asker.socket, 'Original text');
      const snapshot = dataOf(await request(moderator, 'mod:join', { partId: part.id }));
      const revision = snapshot.questions.find((q) => q.id === question.id)!.revision;
      const edit = await request(moderator, 'mod:act', {
        action: 'edit',
        questionId: question.id,
        revision,
        body: 'Edited\u0000',
      });
      expect(edit).toMatchObject({ ok: false, error: 'request/invalid' });
      const after = dataOf(await request(moderator, 'mod:join', { partId: part.id }));
      expect(after.questions.find((q) => q.id === question.id)).toMatchObject({
        body: 'Original text',
        revision,
      });

      const label = await fetch(`${server.url}/api/events/${SEED_SLUG}/grants`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ role: 'moderator', label: 'An\u0000na' }),
      });
      expect(label.status).toBe(400);
      expect(await label.json()).toMatchObject({
        error: 'request/invalid',
        message: expect.stringMatching(/"label"/),
      });

      const events = async () =>
        ((await (await fetch(`${server.url}/api/events`)).json()) as unknown[]).length;
      const count = await events();
      const text = await fetch(`${server.url}/api/events`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'text/plain' },
        body: 'Notes\n\nA course\u0000 title\n',
      });
      expect(text.status).toBe(400);
      expect(await text.json()).toMatchObject({ error: 'request/invalid', line: 3 });
      const json = await fetch(`${server.url}/api/events`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ title: 'A\u0000', parts: [] }),
      });
      expect(json.status).toBe(400);
      expect(await json.json()).toMatchObject({
        error: 'request/invalid',
        message: expect.stringMatching(/^title/),
      });
      expect(await events()).toBe(count);
    });

    it('answers a retry of a question with a lone surrogate or a decomposed accent with the same question', async () => {
      const viewer = await viewerSocket();
      for (const body of ['Is \uD800 a problem?', 'Cafe\u0301 au lait?']) {
        const id = randomUUID();
        const first = dataOf(await request(viewer.socket, 'question:ask', { id, blockId, body }));
        const retry = await request(viewer.socket, 'question:ask', { id, blockId, body });
        expect(retry).toEqual({ ok: true, data: first });
        expect(first.body).toBe(body.replace('\uD800', '\uFFFD').normalize('NFC'));
      }
    });

    it('strips controls and bidi overrides from names and link labels', async () => {
      const moderator = await moderatorSocket((await grant({ role: 'moderator' })).secret);
      const viewer = await viewerSocket();
      const id = randomUUID();
      const pushed = waitFor(moderator, 'mod:question', (q) => q.id === id);
      const asked = dataOf(
        await request(viewer.socket, 'question:ask', {
          id,
          blockId,
          body: 'A question',
          displayName: 'Anna \u202Erotaredom\u001B[31m\u0007\u0008',
        }),
      );
      expect(asked.displayName).toBe('Anna rotaredom [31m');
      expect((await pushed).displayName).toBe('Anna rotaredom [31m');
      const issued = await grant({ role: 'moderator', label: '\u2067Anna\u2069 \u202Dthe\u202C mod' });
      expect(issued.grant.label).toBe('Anna the mod');
    });
  });

  it('sends viewers no vote count of a question hidden before the batch goes out', async () => {
    const moderator = await moderatorSocket((await grant({ role: 'moderator' })).secret);
    const asker = await viewerSocket();
    const watcher = await viewerSocket();
    const voter = await viewerSocket();
    const question = await askSeenBy(asker.socket, moderator, 'mod:question');
    const shown = waitForQuestion(watcher.socket, (q) => q.id === question.id);
    dataOf(
      await request(moderator, 'mod:act', {
        action: 'approve',
        questionId: question.id,
        revision: question.revision,
      }),
    );
    await shown;
    const seen = record(watcher.socket);
    const toModerators = waitFor(moderator, 'votes:changed', (b) =>
      b.counts.some((c) => c.id === question.id),
    );
    const approved = dataOf(await request(moderator, 'mod:join', { partId: part.id })).questions.find(
      (q) => q.id === question.id,
    )!;
    dataOf(await request(voter.socket, 'question:vote', { questionId: question.id, voted: true }));
    // Hidden well within the 400 ms batch interval that the vote started.
    dataOf(
      await request(moderator, 'mod:act', {
        action: 'hide',
        questionId: question.id,
        revision: approved.revision,
      }),
    );
    expect((await toModerators).counts).toContainEqual({ id: question.id, votes: 1 });
    await settle();
    const batches = (seen.get('votes:changed') ?? []) as VotesBatch[];
    expect(batches.flatMap((b) => b.removed ?? [])).toEqual([expect.objectContaining({ id: question.id })]);
    expect(batches.flatMap((b) => b.counts.map((c) => c.id))).not.toContain(question.id);
    expect(batches.flatMap((b) => (b.questions ?? []).map((q) => q.id))).not.toContain(question.id);
  });

  it('logs a failed query by its shape and code, never its parameters', async () => {
    const written: string[] = [];
    const capture = (stream: NodeJS.WriteStream) => {
      const original = stream.write.bind(stream);
      stream.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
        written.push(String(chunk));
        return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
      };
      return () => {
        stream.write = original;
      };
    };
    const restore = [capture(process.stdout), capture(process.stderr)];
    try {
      const secret = `secret-question-text-${randomUUID()}`;
      await expect(
        server.app
          .get(DataSource)
          .query('INSERT INTO question (id, body) VALUES ($1, $2)', ['not-a-uuid', secret]),
      ).rejects.toThrow();
    } finally {
      for (const undo of restore) undo();
    }
    const log = written.join('');
    expect(log).toMatch(
      /Database query failed \(SQLSTATE 22P02\): INSERT INTO question \(id, body\) VALUES \(\$1, \$2\)/,
    );
    expect(log).not.toMatch(/secret-question-text|not-a-uuid/);
  });

  // 601 identities over HTTP: seconds on a quiet machine, longer on a loaded one.
  it('limits IPv6 clients by their /64, so rotating addresses inside it does not help', async () => {
    const limited = await startTestApp({ TRUST_PROXY: 'true' }, undefined);
    try {
      const issue = (address: string) =>
        fetch(`${limited.url}/api/participants`, { method: 'POST', headers: { 'X-Forwarded-For': address } });
      // 600 new identities a minute per address: one more from the same /64 is refused.
      const statuses: number[] = [];
      for (let i = 0; i < 601; i += 50) {
        const batch = Array.from({ length: Math.min(50, 601 - i) }, (_, k) =>
          issue(`2001:db8:7:9:${(i + k).toString(16)}::${(k + 1).toString(16)}`),
        );
        statuses.push(...(await Promise.all(batch)).map((r) => r.status));
      }
      expect(statuses.filter((s) => s === 201)).toHaveLength(600);
      expect(statuses.at(-1)).toBe(429);
      // Another /64 has its own count.
      expect((await issue('2001:db8:7:a::1')).status).toBe(201);
    } finally {
      await limited.close();
    }
  }, 120_000);
});
