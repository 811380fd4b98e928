import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { OrphanedItem } from '../../../../shared/organizer.js';
import type { Programme, ProgrammeItem, ProgrammePart } from '../../../../shared/programme.js';
import { formatInZone } from '../../../../shared/time.js';
import { DomainError } from '../../common/domain-error.js';
import { AgendaItemEntity } from './agenda-item.entity.js';
import { EventEntity } from './event.entity.js';
import { PartEntity } from './part.entity.js';
import { planRepublish, type RepublishPlan, type StoredPartShape } from './republish-plan.js';
import { SpeakerEntity } from './speaker.entity.js';

/** An event with all its rows, as stored. */
export interface StoredEvent {
  event: EventEntity;
  parts: PartEntity[];
  items: AgendaItemEntity[];
  speakers: SpeakerEntity[];
}

@Injectable()
export class EventsRepository {
  constructor(private readonly dataSource: DataSource) {}

  countEvents(): Promise<number> {
    return this.dataSource.getRepository(EventEntity).count();
  }

  async listWithParts(): Promise<{ event: EventEntity; parts: PartEntity[] }[]> {
    const events = await this.dataSource
      .getRepository(EventEntity)
      .find({ order: { createdAt: 'ASC', slug: 'ASC' } });
    if (events.length === 0) return [];
    const parts = await this.dataSource.getRepository(PartEntity).find({
      where: { eventId: In(events.map((e) => e.id)) },
      order: { position: 'ASC' },
    });
    return events.map((event) => ({ event, parts: parts.filter((p) => p.eventId === event.id) }));
  }

  async findBySlug(slug: string): Promise<StoredEvent | null> {
    const event = await this.dataSource.getRepository(EventEntity).findOneBy({ slug });
    if (!event) return null;
    const parts = await this.dataSource
      .getRepository(PartEntity)
      .find({ where: { eventId: event.id }, order: { position: 'ASC' } });
    const items = parts.length
      ? await this.dataSource.getRepository(AgendaItemEntity).find({
          where: { partId: In(parts.map((p) => p.id)) },
          order: { startsAt: 'ASC', position: 'ASC' },
        })
      : [];
    const speakers = items.length
      ? await this.dataSource.getRepository(SpeakerEntity).find({
          where: { agendaItemId: In(items.map((i) => i.id)) },
          order: { position: 'ASC' },
        })
      : [];
    return { event, parts, items, speakers };
  }

  /**
   * Deletes the event and, through the schema's ON DELETE CASCADE foreign keys, everything that
   * hangs on it (parts, agenda, questions, votes, links, audit, and any table that references
   * them). Returns what the caller must let go of in memory, or null when there is no such event.
   */
  async deleteBySlug(slug: string): Promise<{ partIds: string[]; grantIds: string[] } | null> {
    return this.dataSource.transaction(async (manager) => {
      const events: { id: string }[] = await manager.query(
        'SELECT id FROM event WHERE slug = $1 FOR UPDATE',
        [slug],
      );
      if (events.length === 0) return null;
      const eventId = events[0].id;
      const parts: { id: string }[] = await manager.query('SELECT id FROM part WHERE event_id = $1', [
        eventId,
      ]);
      const grants: { id: string }[] = await manager.query(
        'SELECT id FROM access_grant WHERE event_id = $1',
        [eventId],
      );
      await manager.query('DELETE FROM event WHERE id = $1', [eventId]);
      return { partIds: parts.map((p) => p.id), grantIds: grants.map((g) => g.id) };
    });
  }

  async findSlugByPartId(partId: string): Promise<string | null> {
    const rows: { slug: string }[] = await this.dataSource.query(
      'SELECT e.slug FROM part p JOIN event e ON e.id = p.event_id WHERE p.id = $1',
      [partId],
    );
    return rows[0]?.slug ?? null;
  }

  /** The part a Q&A block belongs to; null when the id is not a Q&A block. */
  async findPartIdOfBlock(blockId: string): Promise<string | null> {
    const rows: { part_id: string }[] = await this.dataSource.query(
      `SELECT part_id FROM agenda_item WHERE id = $1 AND kind = 'qa'`,
      [blockId],
    );
    return rows[0]?.part_id ?? null;
  }

  /** Every part's stream URL, once each: the pages' Content-Security-Policy allows their hosts. */
  async listStreamUrls(): Promise<string[]> {
    const rows: { stream_url: string }[] = await this.dataSource.query(
      'SELECT DISTINCT stream_url FROM part WHERE stream_url IS NOT NULL ORDER BY stream_url',
    );
    return rows.map((row) => row.stream_url);
  }

  slugExists(slug: string): Promise<boolean> {
    return this.dataSource.getRepository(EventEntity).existsBy({ slug });
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
    const shape = await loadShape(this.dataSource.manager, slug, false);
    if (!shape) return null;
    const plan = planRepublish(shape.parts, programme.parts);
    return { plan, orphans: await orphansOf(this.dataSource.manager, shape, plan) };
  }

  /**
   * Replaces the event's programme in one transaction. Matched parts and items keep their ids
   * (see planRepublish); when the change would remove an item that questions or attendance
   * credits hang on, nothing is changed and `programme/would_orphan` names those items.
   */
  replaceProgramme(slug: string, programme: Programme): Promise<RepublishPlan> {
    return this.dataSource.transaction(async (manager) => {
      // The event row lock serialises two publishes of the same event.
      const shape = await loadShape(manager, slug, true);
      if (!shape) throw new DomainError('event/not_found', `No event is published as "${slug}".`);
      const plan = planRepublish(shape.parts, programme.parts);
      // Locking the items to remove holds off a question being asked into them, or a beat being
      // credited to them, meanwhile (each foreign key takes a share lock on the item), so the
      // counts below stay true.
      const doomed = [...plan.removedItemIds, ...plan.noLongerQaIds];
      if (doomed.length) {
        await manager.query('SELECT id FROM agenda_item WHERE id = ANY($1) FOR UPDATE', [doomed]);
      }
      const orphans = await orphansOf(manager, shape, plan);
      if (orphans.length) throw orphanError(orphans, shape.timezone);
      await applyPlan(manager, shape, programme, plan);
      return plan;
    });
  }

  /** Stores a whole programme in one transaction: all of it or nothing. */
  insertProgramme(programme: Programme & { slug: string }): Promise<string> {
    return this.dataSource.transaction((manager) => insertProgrammeRows(manager, programme));
  }
}

async function insertProgrammeRows(
  manager: EntityManager,
  programme: Programme & { slug: string },
): Promise<string> {
  const eventId = randomUUID();
  await manager.insert(EventEntity, {
    id: eventId,
    slug: programme.slug,
    title: programme.title,
    description: programme.description,
    notes: programme.notes,
    timezone: programme.timezone,
  });
  for (const [partIndex, part] of programme.parts.entries()) {
    const partId = randomUUID();
    await manager.insert(PartEntity, partRow(part, partId, eventId, partIndex));
    const items = part.items.map((item, position) => ({ ...item, id: randomUUID(), position }));
    const coveringQa = qaCoverage(items);
    await manager.insert(
      AgendaItemEntity,
      items.map((item) => ({
        id: item.id,
        partId,
        position: item.position,
        kind: item.kind,
        title: item.title,
        startsAt: new Date(item.start),
        endsAt: new Date(item.end),
        qaItemId: null,
      })),
    );
    // A second pass: the covering block is inserted after the talks it covers.
    for (const [talkId, qaId] of coveringQa) {
      await manager.update(AgendaItemEntity, { id: talkId }, { qaItemId: qaId });
    }
    const speakers = items.flatMap((item) =>
      item.speakers.map((speaker, position) => ({
        id: randomUUID(),
        agendaItemId: item.id,
        position,
        ...speaker,
      })),
    );
    if (speakers.length) await manager.insert(SpeakerEntity, speakers);
  }
  return eventId;
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

async function loadShape(manager: EntityManager, slug: string, lock: boolean): Promise<EventShape | null> {
  const events: { id: string; timezone: string }[] = await manager.query(
    `SELECT id, timezone FROM event WHERE slug = $1${lock ? ' FOR UPDATE' : ''}`,
    [slug],
  );
  const event = events[0];
  if (!event) return null;
  const parts: { id: string; local_date: string; title: string; stream_url: string | null }[] =
    await manager.query(
      'SELECT id, local_date, title, stream_url FROM part WHERE event_id = $1 ORDER BY position',
      [event.id],
    );
  const items: { id: string; part_id: string; kind: string; title: string; starts_at: Date | string }[] =
    await manager.query(
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
async function orphansOf(
  manager: EntityManager,
  shape: EventShape,
  plan: RepublishPlan,
): Promise<OrphanedItem[]> {
  const doomed = [...plan.removedItemIds, ...plan.noLongerQaIds];
  if (doomed.length === 0) return [];
  const questions: { block_id: string; n: number | string }[] = await manager.query(
    'SELECT block_id, count(*) AS n FROM question WHERE block_id = ANY($1) GROUP BY block_id',
    [doomed],
  );
  const attendees: { item_id: string; n: number | string }[] = plan.removedItemIds.length
    ? await manager.query(
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
  manager: EntityManager,
  shape: EventShape,
  programme: Programme,
  plan: RepublishPlan,
): Promise<void> {
  await manager.query(
    'UPDATE event SET title = $2, description = $3, notes = $4, timezone = $5 WHERE id = $1',
    [shape.id, programme.title, programme.description, programme.notes, programme.timezone],
  );
  if (plan.removedItemIds.length) {
    await manager.query('DELETE FROM agenda_item WHERE id = ANY($1)', [plan.removedItemIds]);
  }
  if (plan.removedPartIds.length) {
    await manager.query('DELETE FROM part WHERE id = ANY($1)', [plan.removedPartIds]);
  }
  // Positions are unique per event and per part: move the kept rows out of the way first.
  await manager.query('UPDATE part SET position = position + 100000 WHERE event_id = $1', [shape.id]);
  for (const [position, planned] of plan.parts.entries()) {
    const partId = planned.partId ?? randomUUID();
    const part: ProgrammePart = planned.part;
    if (planned.partId === null) {
      await manager.insert(PartEntity, partRow(part, partId, shape.id, position));
    } else {
      // A stream set in the console stays unless the new text names one.
      await manager.query(
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
      await manager.query('UPDATE agenda_item SET position = position + 100000 WHERE part_id = $1', [partId]);
    }
    const items = part.items.map((item: ProgrammeItem, k) => ({
      ...item,
      id: planned.itemIds[k] ?? randomUUID(),
      isNew: planned.itemIds[k] === null,
      position: k,
    }));
    for (const item of items) {
      if (item.isNew) {
        await manager.insert(AgendaItemEntity, {
          id: item.id,
          partId,
          position: item.position,
          kind: item.kind,
          title: item.title,
          startsAt: new Date(item.start),
          endsAt: new Date(item.end),
          qaItemId: null,
        });
      } else {
        await manager.query(
          `UPDATE agenda_item SET position = $2, kind = $3, title = $4, starts_at = $5, ends_at = $6,
             qa_item_id = NULL WHERE id = $1`,
          [item.id, item.position, item.kind, item.title, new Date(item.start), new Date(item.end)],
        );
      }
    }
    for (const [talkId, qaId] of qaCoverage(items)) {
      await manager.update(AgendaItemEntity, { id: talkId }, { qaItemId: qaId });
    }
    const keptIds = items.filter((item) => !item.isNew).map((item) => item.id);
    if (keptIds.length) await manager.query('DELETE FROM speaker WHERE agenda_item_id = ANY($1)', [keptIds]);
    const speakers = items.flatMap((item) =>
      item.speakers.map((speaker, k) => ({
        id: randomUUID(),
        agendaItemId: item.id,
        position: k,
        ...speaker,
      })),
    );
    if (speakers.length) await manager.insert(SpeakerEntity, speakers);
  }
}

/** A programme part as its row: one mapping for a first publication and a re-publication alike. */
function partRow(part: ProgrammePart, id: string, eventId: string, position: number) {
  return {
    id,
    eventId,
    position,
    title: part.title,
    localDate: part.date,
    startsAt: new Date(part.start),
    endsAt: new Date(part.end),
    streamUrl: part.streamUrl,
    streamNote: part.streamNote,
    about: part.about,
    objectives: part.objectives,
  };
}
