import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { Programme } from '../../../../shared/programme.js';
import { AgendaItemEntity } from './agenda-item.entity.js';
import { EventEntity } from './event.entity.js';
import { PartEntity } from './part.entity.js';
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

  /** Whether new questions of the event wait for a moderator's approval. */
  async preModeration(slug: string): Promise<boolean> {
    const rows: { pre_moderation: boolean }[] = await this.dataSource.query(
      'SELECT pre_moderation FROM event WHERE slug = $1',
      [slug],
    );
    return rows[0]?.pre_moderation ?? false;
  }

  /** Hand overrides of Q&A blocks' submissions, by block id. */
  async submissionOverrides(partIds: string[]): Promise<Map<string, 'open' | 'closed'>> {
    const rows: { id: string; submissions_override: 'open' | 'closed' }[] = await this.dataSource.query(
      `SELECT id, submissions_override FROM agenda_item
       WHERE part_id = ANY($1) AND submissions_override IS NOT NULL`,
      [partIds],
    );
    return new Map(rows.map((row) => [row.id, row.submissions_override]));
  }

  slugExists(slug: string): Promise<boolean> {
    return this.dataSource.getRepository(EventEntity).existsBy({ slug });
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
    await manager.insert(PartEntity, {
      id: partId,
      eventId,
      position: partIndex,
      title: part.title,
      localDate: part.date,
      startsAt: new Date(part.start),
      endsAt: new Date(part.end),
      streamUrl: part.streamUrl,
      streamNote: part.streamNote,
      about: part.about,
      objectives: part.objectives,
    });
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
