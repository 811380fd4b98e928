import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventView } from '../../shared/events-api.js';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import {
  connectLive,
  connectViewer,
  dataOf,
  fetchEvent,
  issueGrant,
  request as emit,
  SEED_SLUG,
  type LiveClient,
} from '../utils/live-client.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../utils/test-app.js';

const REHEARSAL = { SEED_FILE: DEFAULT_SEED_FILE, CLOCK_START: '2024-02-22T13:20:00+01:00' };
const auth = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

/** Columns that point at an event's rows, by the names this schema (and later migrations) use. */
const EVENT_REFERENCE =
  /^(event|part|question|grant|access_grant|block|talk|agenda_item|qa_item|merged_into)_id$/;

describe('DELETE /api/events/:slug', () => {
  let server: TestApp;
  let db: DataSource;
  let seed: EventView;
  let other: EventView;
  const sockets: LiveClient[] = [];

  /** Questions, votes, a moderation action (audit) and links in one event. */
  async function traffic(event: EventView): Promise<{ moderator: LiveClient; viewer: LiveClient }> {
    const part = event.parts[0];
    const block = part.items.find((item) => item.kind === 'qa')!;
    const grant = await issueGrant(server.url, TEST_ADMIN_TOKEN, event.slug, { role: 'moderator' });
    await issueGrant(server.url, TEST_ADMIN_TOKEN, event.slug, { role: 'speaker', speakerName: 'Someone' });
    const moderator = await connectLive(server.url, { grant: grant.secret });
    sockets.push(moderator);
    dataOf(await emit(moderator, 'mod:join', { partId: part.id }));
    const asker = await connectViewer(server.url);
    const voter = await connectViewer(server.url);
    sockets.push(asker.socket, voter.socket);
    dataOf(await emit(voter.socket, 'part:join', { partId: part.id }));
    const asked = [];
    for (const body of ['First question?', 'Second question?']) {
      asked.push(
        dataOf(await emit(asker.socket, 'question:ask', { id: randomUUID(), blockId: block.id, body })),
      );
    }
    for (const question of asked)
      dataOf(await emit(voter.socket, 'question:vote', { questionId: question.id, voted: true }));
    dataOf(
      await emit(moderator, 'mod:act', {
        action: 'star',
        questionId: asked[0].id,
        revision: 0,
        starred: true,
      }),
    );
    return { moderator, viewer: voter.socket };
  }

  async function tables(): Promise<string[]> {
    const rows: { table_name: string }[] = await db.query(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    return rows.map((row) => row.table_name);
  }

  /** Rows of `table` whose text mentions any of `needles` (ids or the slug), in any column. */
  async function rowsMentioning(table: string, needles: string[]): Promise<number> {
    // Whole values only: the other event's slug starts with this one's.
    const escaped = needles.map((needle) => needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const pattern = `(^|[^a-z0-9-])(${escaped.join('|')})($|[^a-z0-9-])`;
    const rows: { count: number }[] = await db.query(
      `SELECT count(*)::int AS count FROM "${table}" AS r WHERE r::text ~ $1`,
      [pattern],
    );
    return rows[0].count;
  }

  /** Every id the event's rows carry, found through the references of every table that has one. */
  async function idsOfEvent(eventId: string): Promise<string[]> {
    const ids = new Set([eventId]);
    const columns: { table_name: string; column_name: string }[] = await db.query(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND data_type = 'uuid'`,
    );
    const idTables = new Set(columns.filter((c) => c.column_name === 'id').map((c) => c.table_name));
    // Grow the set until no table adds an id: parts, then items, questions, votes' questions...
    for (let size = 0; size !== ids.size;) {
      size = ids.size;
      for (const { table_name: table, column_name: column } of columns) {
        if (!EVENT_REFERENCE.test(column) || !idTables.has(table)) continue;
        const rows: { id: string }[] = await db.query(
          `SELECT id::text AS id FROM "${table}" WHERE "${column}"::text = ANY($1)`,
          [[...ids]],
        );
        for (const row of rows) ids.add(row.id);
      }
    }
    return [...ids];
  }

  beforeAll(async () => {
    server = await startTestApp(REHEARSAL);
    db = server.app.get(DataSource);
    // The same course published a second time under another title (so another slug).
    const text = (await readFile(DEFAULT_SEED_FILE, 'utf8')).replace(
      '\nESOR Patient Communication Course\n',
      '\nESOR Patient Communication Course Encore\n',
    );
    other = (
      await request(server.url)
        .post('/api/events')
        .set(auth)
        .set('Content-Type', 'text/plain')
        .send(text)
        .expect(201)
    ).body as EventView;
    seed = await fetchEvent(server.url, SEED_SLUG);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server.close();
  });

  it('every column that points at an event, part, item, question or link deletes with it', async () => {
    const rules: { table_name: string; column_name: string; delete_rule: string }[] = await db.query(
      `SELECT k.table_name, k.column_name, r.delete_rule
       FROM information_schema.referential_constraints r
       JOIN information_schema.key_column_usage k
         ON k.constraint_name = r.constraint_name AND k.constraint_schema = r.constraint_schema
       WHERE k.table_schema = 'public'`,
    );
    const columns: { table_name: string; column_name: string }[] = await db.query(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const referencing = columns.filter((c) => EVENT_REFERENCE.test(c.column_name));
    expect(referencing.length).toBeGreaterThanOrEqual(10);
    for (const { table_name, column_name } of referencing) {
      const rule = rules.find((r) => r.table_name === table_name && r.column_name === column_name);
      expect(rule, `${table_name}.${column_name} has no foreign key`).toBeDefined();
      expect(['CASCADE', 'SET NULL'], `${table_name}.${column_name}`).toContain(rule!.delete_rule);
    }
  });

  it('answers 204, then 404 for the event and its exports, and leaves no row of it in any table', async () => {
    const { moderator, viewer } = await traffic(seed);
    await traffic(other);
    const seedIds = await idsOfEvent(await eventIdOf(SEED_SLUG));
    const otherIds = await idsOfEvent(await eventIdOf(other.slug));
    // parts, items, speakers, two questions, two links at least
    expect(seedIds.length).toBeGreaterThan(30);
    const needles = [...seedIds, SEED_SLUG];
    const before = new Map<string, number>();
    for (const table of await tables()) before.set(table, await rowsMentioning(table, needles));
    expect(before.get('question')).toBe(2);
    expect(before.get('vote')).toBe(2);
    expect(before.get('audit_entry')).toBeGreaterThanOrEqual(1);
    expect(before.get('access_grant')).toBe(2);

    await request(server.url).delete(`/api/events/${SEED_SLUG}`).expect(401);
    const disconnected = new Promise<string>((resolve) => moderator.once('disconnect', resolve));
    await request(server.url).delete(`/api/events/${SEED_SLUG}`).set(auth).expect(204, '');

    for (const table of await tables()) {
      expect(await rowsMentioning(table, needles), `rows of the deleted event left in ${table}`).toBe(0);
    }
    // The other event is whole.
    const otherNeedles = [...otherIds, other.slug];
    expect(await rowsMentioning('question', otherNeedles)).toBe(2);
    expect(await rowsMentioning('vote', otherNeedles)).toBe(2);
    expect((await request(server.url).get(`/api/events/${other.slug}`).expect(200)).body).toEqual(
      await fetchEvent(server.url, other.slug),
    );

    for (const path of ['', '/now', '/calendar.ics', '/questions.csv', '/questions.json', '/grants']) {
      const response = await request(server.url).get(`/api/events/${SEED_SLUG}${path}`).set(auth);
      expect(response.status, path).toBe(404);
      // Parsed by hand: the calendar route's error keeps its text/calendar content type.
      expect(JSON.parse(response.text), path).toMatchObject({ error: 'event/not_found' });
    }
    await request(server.url).delete(`/api/events/${SEED_SLUG}`).set(auth).expect(404);
    const listed = (await request(server.url).get('/api/events').expect(200)).body as { slug: string }[];
    expect(listed.map((event) => event.slug)).toEqual([other.slug]);

    // Its moderator link is cut off; a viewer can no longer join its part.
    expect(await disconnected).toBe('io server disconnect');
    const rejoin = await emit(viewer, 'part:join', { partId: seed.parts[0].id });
    expect(rejoin).toMatchObject({ ok: false, error: 'part/not_found' });
  });

  async function eventIdOf(slug: string): Promise<string> {
    const rows: { id: string }[] = await db.query('SELECT id FROM event WHERE slug = $1', [slug]);
    return rows[0].id;
  }
});
