import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OrphanedItem } from '../../../../shared/organizer.js';
import type {
  AgendaItemKind,
  Programme,
  ProgrammeItem,
  ProgrammePart,
} from '../../../../shared/programme.js';
import { formatInZone } from '../../../../shared/time.js';
import { DomainError } from '../../common/domain-error.js';
import { col, defineTable, nullable, selectList, type NewRow, type RowOf } from '../../database/typed-sql.js';
import { insertRows, queryFirst, queryRows, type Db } from '../../database/typed-sql.js';
import { planRepublish, type RepublishPlan, type StoredPartShape } from './republish-plan.js';
import { eventNotFound } from './event-not-found.js';

/** A course. Its parts, items and speakers refer to it by id (checked by schema-rows.test.ts). */
export const eventTable = defineTable('event', {
  id: col.uuid(),
  slug: col.varchar(),
  title: col.text(),
  description: col.text(),
  notes: col.text(),
  timezone: col.varchar(),
  created_at: col.timestamptz(),
  /** The live settings: written by PartLiveState's repository (part-settings.repository.ts). */
  pre_moderation: col.boolean(),
  speakers_may_answer: col.boolean(),
  /** This event's "Q&A opens before" in minutes; null: QA_OPENS_BEFORE_MINUTES. */
  qa_opens_before_minutes: nullable(col.integer()),
  hold_patient_data: col.boolean(),
  hold_profanity: col.boolean(),
  /** The organizer published the answered questions as a public page (after the event). */
  answers_published: col.boolean(),
});

/** One streamed afternoon of an event. */
export const partTable = defineTable('part', {
  id: col.uuid(),
  event_id: col.uuid(),
  position: col.integer(),
  title: col.text(),
  /** Local date in the event's zone, `YYYY-MM-DD`; text so no driver shifts it by a zone. */
  local_date: col.varchar(),
  starts_at: col.timestamptz(),
  ends_at: col.timestamptz(),
  stream_url: nullable(col.text()),
  stream_note: col.text(),
  about: col.text(),
  objectives: col.jsonb<string[]>(),
  /** Moves with every change of the speakers' queue (the question repository's). */
  queue_version: col.integer(),
  /** How far the stream runs behind the programme clock, in seconds (0 to 600). */
  stream_delay_seconds: col.integer(),
});

export const agendaItemTable = defineTable('agenda_item', {
  id: col.uuid(),
  part_id: col.uuid(),
  position: col.integer(),
  kind: col.varchar<AgendaItemKind>(),
  title: col.text(),
  starts_at: col.timestamptz(),
  ends_at: col.timestamptz(),
  /** For a talk: the Q&A block that takes questions about it (the next `qa` in its part). */
  qa_item_id: nullable(col.uuid()),
  /** For a `qa` item: a moderator's hand override of the clock's open/closed. */
  submissions_override: nullable(col.varchar<'open' | 'closed'>()),
});

export const speakerTable = defineTable('speaker', {
  id: col.uuid(),
  agenda_item_id: col.uuid(),
  position: col.integer(),
  name: col.text(),
  city: nullable(col.text()),
  country: nullable(col.text()),
});

export type EventRecord = RowOf<typeof eventTable>;
export type PartRecord = RowOf<typeof partTable>;
export type AgendaItemRecord = RowOf<typeof agendaItemTable>;
export type SpeakerRecord = RowOf<typeof speakerTable>;

/** An event with all its rows, as stored. */
export interface StoredEvent {
  event: EventRecord;
  parts: PartRecord[];
  items: AgendaItemRecord[];
  speakers: SpeakerRecord[];
}

const EVENT = selectList(eventTable, 'e');
const PART = selectList(partTable, 'p');
const ITEM = selectList(agendaItemTable, 'i');
const SPEAKER = selectList(speakerTable, 's');

/** Every statement on the programme's tables: event, part, agenda_item and speaker. */
@Injectable()
export class EventsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async countEvents(): Promise<number> {
    const row = await queryFirst<{ n: string | number }>(this.dataSource, 'SELECT count(*) AS n FROM event');
    return Number(row?.n ?? 0);
  }

  async listWithParts(): Promise<{ event: EventRecord; parts: PartRecord[] }[]> {
    const events = await queryRows<EventRecord>(
      this.dataSource,
      `SELECT ${EVENT} FROM event e ORDER BY e.created_at, e.slug`,
    );
    if (events.length === 0) return [];
    const parts = await queryRows<PartRecord>(
      this.dataSource,
      `SELECT ${PART} FROM part p WHERE p.event_id = ANY($1::uuid[]) ORDER BY p.position`,
      [events.map((e) => e.id)],
    );
    return events.map((event) => ({ event, parts: parts.filter((p) => p.event_id === event.id) }));
  }

  async findBySlug(slug: string): Promise<StoredEvent | null> {
    const event = await this.findEvent(slug);
    if (!event) return null;
    const parts = await queryRows<PartRecord>(
      this.dataSource,
      `SELECT ${PART} FROM part p WHERE p.event_id = $1 ORDER BY p.position`,
      [event.id],
    );
    const items = await queryRows<AgendaItemRecord>(
      this.dataSource,
      `SELECT ${ITEM} FROM agenda_item i JOIN part p ON p.id = i.part_id
       WHERE p.event_id = $1 ORDER BY i.starts_at, i.position`,
      [event.id],
    );
    const speakers = await queryRows<SpeakerRecord>(
      this.dataSource,
      `SELECT ${SPEAKER} FROM speaker s JOIN agenda_item i ON i.id = s.agenda_item_id
       JOIN part p ON p.id = i.part_id WHERE p.event_id = $1 ORDER BY s.position`,
      [event.id],
    );
    return { event, parts, items, speakers };
  }

  /** The event's own row, without its programme; null when no event has the slug. */
  findEvent(slug: string): Promise<EventRecord | null> {
    return queryFirst<EventRecord>(this.dataSource, `SELECT ${EVENT} FROM event e WHERE e.slug = $1`, [slug]);
  }

  /**
   * Deletes the event and, through the schema's ON DELETE CASCADE foreign keys, everything that
   * hangs on it (parts, agenda, questions, votes, links, audit, and any table that references
   * them). Returns what the caller must let go of in memory, or null when there is no such event.
   */
  async deleteBySlug(slug: string): Promise<{ partIds: string[]; grantIds: string[] } | null> {
    return this.dataSource.transaction(async (db) => {
      const event = await queryFirst<Pick<EventRecord, 'id'>>(
        db,
        'SELECT id FROM event WHERE slug = $1 FOR UPDATE',
        [slug],
      );
      if (!event) return null;
      const parts = await queryRows<Pick<PartRecord, 'id'>>(db, 'SELECT id FROM part WHERE event_id = $1', [
        event.id,
      ]);
      const grants = await queryRows<{ id: string }>(db, 'SELECT id FROM access_grant WHERE event_id = $1', [
        event.id,
      ]);
      await queryRows(db, 'DELETE FROM event WHERE id = $1', [event.id]);
      return { partIds: parts.map((p) => p.id), grantIds: grants.map((g) => g.id) };
    });
  }

  async findSlugByPartId(partId: string): Promise<string | null> {
    const row = await queryFirst<Pick<EventRecord, 'slug'>>(
      this.dataSource,
      'SELECT e.slug FROM part p JOIN event e ON e.id = p.event_id WHERE p.id = $1',
      [partId],
    );
    return row?.slug ?? null;
  }

  /** The part a Q&A block belongs to; null when the id is not a Q&A block. */
  async findPartIdOfBlock(blockId: string): Promise<string | null> {
    const row = await queryFirst<Pick<AgendaItemRecord, 'part_id'>>(
      this.dataSource,
      `SELECT part_id FROM agenda_item WHERE id = $1 AND kind = 'qa'`,
      [blockId],
    );
    return row?.part_id ?? null;
  }

  /** Every part's stream URL, once each: the pages' Content-Security-Policy allows their hosts. */
  async listStreamUrls(): Promise<string[]> {
    const rows = await queryRows<{ stream_url: string }>(
      this.dataSource,
      'SELECT DISTINCT stream_url FROM part WHERE stream_url IS NOT NULL ORDER BY stream_url',
    );
    return rows.map((row) => row.stream_url);
  }

  async slugExists(slug: string): Promise<boolean> {
    return (await queryFirst(this.dataSource, 'SELECT 1 FROM event WHERE slug = $1', [slug])) !== null;
  }

  /**
   * What re-publishing `programme` over the event would do, without saving: the plan and the
   * items it would remove although questions or attendance credits hang on them. Null when no
   * event has the slug.
   */
  async previewRepublish(
    slug: string,
    programme: Programme,
  ): Promise<{ plan: RepublishPlan; orphans: OrphanedItem[] } | null> {
    const shape = await loadShape(this.dataSource, slug, false);
    if (!shape) return null;
    const plan = planRepublish(shape.parts, programme.parts);
    return { plan, orphans: await orphansOf(this.dataSource, shape, plan) };
  }

  /**
   * Replaces the event's programme in one transaction. Matched parts and items keep their ids
   * (see planRepublish); when the change would remove an item that questions or attendance
   * credits hang on, nothing is changed and `programme/would_orphan` names those items.
   */
  replaceProgramme(slug: string, programme: Programme): Promise<RepublishPlan> {
    return this.dataSource.transaction(async (db) => {
      // The event row lock serialises two publishes of the same event.
      const shape = await loadShape(db, slug, true);
      if (!shape) throw eventNotFound(slug);
      const plan = planRepublish(shape.parts, programme.parts);
      // Locking the items to remove holds off a question being asked into them, or a beat being
      // credited to them, meanwhile (each foreign key takes a share lock on the item), so the
      // counts below stay true.
      const doomed = [...plan.removedItemIds, ...plan.noLongerQaIds];
      if (doomed.length) {
        await queryRows(db, 'SELECT id FROM agenda_item WHERE id = ANY($1) FOR UPDATE', [doomed]);
      }
      const orphans = await orphansOf(db, shape, plan);
      if (orphans.length) throw orphanError(orphans, shape.timezone);
      await applyPlan(db, shape, programme, plan);
      return plan;
    });
  }

  /** Stores a whole programme in one transaction: all of it or nothing. */
  insertProgramme(programme: Programme & { slug: string }): Promise<string> {
    return this.dataSource.transaction((db) => insertProgrammeRows(db, programme));
  }
}

async function insertProgrammeRows(db: Db, programme: Programme & { slug: string }): Promise<string> {
  const eventId = randomUUID();
  await insertRows(db, eventTable, [
    {
      id: eventId,
      slug: programme.slug,
      title: programme.title,
      description: programme.description,
      notes: programme.notes,
      timezone: programme.timezone,
    },
  ]);
  for (const [partIndex, part] of programme.parts.entries()) {
    const partId = randomUUID();
    await insertRows(db, partTable, [partRow(part, partId, eventId, partIndex)]);
    await writeItems(
      db,
      partId,
      numberedItems(part, () => null),
    );
  }
  return eventId;
}

/** A part's programme items with their positions, ids (kept ones' or new) and whether each is new. */
function numberedItems(part: ProgrammePart, keptId: (index: number) => string | null): NumberedItem[] {
  return part.items.map((item: ProgrammeItem, position) => {
    const kept = keptId(position);
    return { ...item, id: kept ?? randomUUID(), isNew: kept === null, position };
  });
}

type NumberedItem = ProgrammeItem & { id: string; isNew: boolean; position: number };

/**
 * Writes a part's items: inserts the new ones, updates the kept ones (their speakers are written
 * again), links each talk to its covering Q&A block, and inserts every item's speakers.
 */
async function writeItems(db: Db, partId: string, items: NumberedItem[]): Promise<void> {
  await insertRows(
    db,
    agendaItemTable,
    items.filter((item) => item.isNew).map((item) => itemRow(item, partId)),
  );
  for (const item of items.filter((kept) => !kept.isNew)) {
    await queryRows(
      db,
      `UPDATE agenda_item SET position = $2, kind = $3, title = $4, starts_at = $5, ends_at = $6,
         qa_item_id = NULL WHERE id = $1`,
      [item.id, item.position, item.kind, item.title, new Date(item.start), new Date(item.end)],
    );
  }
  // A second pass: the covering block may come after the talks it covers.
  for (const [talkId, qaId] of qaCoverage(items)) {
    await queryRows(db, 'UPDATE agenda_item SET qa_item_id = $2 WHERE id = $1', [talkId, qaId]);
  }
  const keptIds = items.filter((item) => !item.isNew).map((item) => item.id);
  if (keptIds.length) await queryRows(db, 'DELETE FROM speaker WHERE agenda_item_id = ANY($1)', [keptIds]);
  await insertRows(
    db,
    speakerTable,
    items.flatMap((item) =>
      item.speakers.map((speaker, position) => ({
        id: randomUUID(),
        agenda_item_id: item.id,
        position,
        name: speaker.name,
        city: speaker.city,
        country: speaker.country,
      })),
    ),
  );
}

/**
 * A `qa` item covers the talks since the previous `qa` or `break` in its part.
 * Returns talk id → covering qa id.
 */
export function qaCoverage(items: { id: string; kind: string }[]): Map<string, string> {
  const coverage = new Map<string, string>();
  let waiting: string[] = [];
  for (const item of items) {
    if (item.kind === 'talk') waiting.push(item.id);
    else if (item.kind === 'qa') {
      for (const talkId of waiting) coverage.set(talkId, item.id);
      waiting = [];
    } else waiting = [];
  }
  return coverage;
}

interface EventShape {
  id: string;
  timezone: string;
  parts: (StoredPartShape & { streamUrl: string | null })[];
}

async function loadShape(db: Db, slug: string, lock: boolean): Promise<EventShape | null> {
  const event = await queryFirst<Pick<EventRecord, 'id' | 'timezone'>>(
    db,
    `SELECT id, timezone FROM event WHERE slug = $1${lock ? ' FOR UPDATE' : ''}`,
    [slug],
  );
  if (!event) return null;
  const parts = await queryRows<Pick<PartRecord, 'id' | 'local_date' | 'title' | 'stream_url'>>(
    db,
    'SELECT id, local_date, title, stream_url FROM part WHERE event_id = $1 ORDER BY position',
    [event.id],
  );
  const items = await queryRows<Pick<AgendaItemRecord, 'id' | 'part_id' | 'kind' | 'title' | 'starts_at'>>(
    db,
    `SELECT i.id, i.part_id, i.kind, i.title, i.starts_at FROM agenda_item i
     JOIN part p ON p.id = i.part_id WHERE p.event_id = $1 ORDER BY i.starts_at, i.position`,
    [event.id],
  );
  return {
    id: event.id,
    timezone: event.timezone,
    parts: parts.map((part) => ({
      id: part.id,
      localDate: part.local_date,
      title: part.title,
      streamUrl: part.stream_url,
      items: items
        .filter((item) => item.part_id === part.id)
        .map((item) => ({
          id: item.id,
          kind: item.kind,
          title: item.title,
          startsAt: new Date(item.starts_at),
        })),
    })),
  };
}

/**
 * The items the plan would remove (or turn from Q&A blocks into talks) although something hangs
 * on them: questions asked in a block, or CME attendance credited to an item (beats credited to
 * it or an organizer's correction). Their rows follow the item, so a re-publish would silently
 * delete them; it is refused instead. A kept item that changes kind keeps its attendance.
 */
async function orphansOf(db: Db, shape: EventShape, plan: RepublishPlan): Promise<OrphanedItem[]> {
  const doomed = [...plan.removedItemIds, ...plan.noLongerQaIds];
  if (doomed.length === 0) return [];
  const questions = await queryRows<{ block_id: string; n: number | string }>(
    db,
    'SELECT block_id, count(*) AS n FROM question WHERE block_id = ANY($1) GROUP BY block_id',
    [doomed],
  );
  const attendees = plan.removedItemIds.length
    ? await queryRows<{ item_id: string; n: number | string }>(
        db,
        `SELECT item_id, count(DISTINCT attendee_id) AS n FROM (
           SELECT item_id, attendee_id FROM attendance_credit WHERE item_id = ANY($1)
           UNION ALL
           SELECT item_id, attendee_id FROM attendance_correction WHERE item_id = ANY($1)
         ) AS credited GROUP BY item_id`,
        [plan.removedItemIds],
      )
    : [];
  const questionsOf = new Map(questions.map((row) => [row.block_id, Number(row.n)]));
  const attendeesOf = new Map(attendees.map((row) => [row.item_id, Number(row.n)]));
  return shape.parts.flatMap((part) =>
    part.items
      .filter((item) => questionsOf.has(item.id) || attendeesOf.has(item.id))
      .map((item) => ({
        partTitle: part.title,
        title: item.title,
        start: item.startsAt.toISOString(),
        questions: questionsOf.get(item.id) ?? 0,
        attendees: attendeesOf.get(item.id) ?? 0,
      })),
  );
}

function orphanError(orphans: OrphanedItem[], timezone: string): DomainError {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const named = orphans
    .map((o) => {
      const holds = [
        o.questions > 0 ? plural(o.questions, 'question', 'questions') : null,
        o.attendees > 0
          ? plural(o.attendees, 'attendee with CME credits', 'attendees with CME credits')
          : null,
      ].filter(Boolean);
      return `"${o.title}" (${o.partTitle}, ${formatInZone(o.start, timezone, { dateStyle: 'medium', timeStyle: 'short' })}): ${holds.join(', ')}`;
    })
    .join('; ');
  const credits = orphans.some((o) => o.attendees > 0);
  return new DomainError(
    'programme/would_orphan',
    credits
      ? `This change would remove items that have questions or CME attendance credits: ${named}. Keep their start times (items are matched by part and start; a kept item may change its title, end and kind). Attendance credits are never dropped by a re-publish.`
      : `This change would remove Q&A blocks that have questions: ${named}. Keep their start times (items are matched by part and start) or export and remove the questions first.`,
  );
}

async function applyPlan(
  db: Db,
  shape: EventShape,
  programme: Programme,
  plan: RepublishPlan,
): Promise<void> {
  await queryRows(
    db,
    'UPDATE event SET title = $2, description = $3, notes = $4, timezone = $5 WHERE id = $1',
    [shape.id, programme.title, programme.description, programme.notes, programme.timezone],
  );
  if (plan.removedItemIds.length) {
    await queryRows(db, 'DELETE FROM agenda_item WHERE id = ANY($1)', [plan.removedItemIds]);
  }
  if (plan.removedPartIds.length) {
    await queryRows(db, 'DELETE FROM part WHERE id = ANY($1)', [plan.removedPartIds]);
  }
  // Positions are unique per event and per part: move the kept rows out of the way first.
  await queryRows(db, 'UPDATE part SET position = position + 100000 WHERE event_id = $1', [shape.id]);
  for (const [position, planned] of plan.parts.entries()) {
    const partId = planned.partId ?? randomUUID();
    const part: ProgrammePart = planned.part;
    if (planned.partId === null) {
      await insertRows(db, partTable, [partRow(part, partId, shape.id, position)]);
    } else {
      // A stream set in the console stays unless the new text names one.
      await queryRows(
        db,
        `UPDATE part SET position = $2, title = $3, local_date = $4, starts_at = $5, ends_at = $6,
           stream_url = coalesce($7, stream_url), stream_note = $8, about = $9, objectives = $10
         WHERE id = $1`,
        [
          partId,
          position,
          part.title,
          part.date,
          new Date(part.start),
          new Date(part.end),
          part.streamUrl,
          part.streamNote,
          part.about,
          JSON.stringify(part.objectives),
        ],
      );
      await queryRows(db, 'UPDATE agenda_item SET position = position + 100000 WHERE part_id = $1', [partId]);
    }
    await writeItems(
      db,
      partId,
      numberedItems(part, (k) => planned.itemIds[k] ?? null),
    );
  }
}

/** A programme part as its row: one mapping for a first publication and a re-publication alike. */
function partRow(
  part: ProgrammePart,
  id: string,
  eventId: string,
  position: number,
): NewRow<typeof partTable> {
  return {
    id,
    event_id: eventId,
    position,
    title: part.title,
    local_date: part.date,
    starts_at: new Date(part.start),
    ends_at: new Date(part.end),
    stream_url: part.streamUrl,
    stream_note: part.streamNote,
    about: part.about,
    objectives: part.objectives,
  };
}

/** A new agenda item as its row; its covering block is linked afterwards (see writeItems). */
function itemRow(item: NumberedItem, partId: string): NewRow<typeof agendaItemTable> {
  return {
    id: item.id,
    part_id: partId,
    position: item.position,
    kind: item.kind,
    title: item.title,
    starts_at: new Date(item.start),
    ends_at: new Date(item.end),
    qa_item_id: null,
  };
}
