import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface EventSettingsRecord {
  id: string;
  slug: string;
  pre_moderation: boolean;
  speakers_may_answer: boolean;
  qa_opens_before_minutes: number | null;
  /** Read so the settings the console announces carry the holds too (switched by moderators). */
  hold_patient_data: boolean;
  hold_profanity: boolean;
}

export interface PartSettingsRecord {
  id: string;
  title: string;
  local_date: string;
  stream_url: string | null;
  stream_delay_seconds: number;
}

/** SQL of the console's per-event and per-part settings. */
@Injectable()
export class OrganizerSettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async read(
    slug: string,
    manager: EntityManager | DataSource = this.dataSource,
    lock = false,
  ): Promise<{ event: EventSettingsRecord; parts: PartSettingsRecord[] } | null> {
    const events: EventSettingsRecord[] = await manager.query(
      `SELECT id, slug, pre_moderation, speakers_may_answer, qa_opens_before_minutes, hold_patient_data,
              hold_profanity FROM event
       WHERE slug = $1${lock ? ' FOR UPDATE' : ''}`,
      [slug],
    );
    const event = events[0];
    if (!event) return null;
    const parts: PartSettingsRecord[] = await manager.query(
      `SELECT id, title, local_date, stream_url, stream_delay_seconds FROM part
       WHERE event_id = $1 ORDER BY position`,
      [event.id],
    );
    return { event, parts };
  }

  async updateEvent(
    manager: EntityManager,
    eventId: string,
    change: { preModeration?: boolean; speakersMayAnswer?: boolean; qaOpensBeforeMinutes?: number | null },
  ): Promise<void> {
    await manager.query(
      `UPDATE event SET pre_moderation = coalesce($2, pre_moderation),
         speakers_may_answer = coalesce($3, speakers_may_answer),
         qa_opens_before_minutes = CASE WHEN $4::boolean THEN $5::int ELSE qa_opens_before_minutes END
       WHERE id = $1`,
      [
        eventId,
        change.preModeration ?? null,
        change.speakersMayAnswer ?? null,
        change.qaOpensBeforeMinutes !== undefined,
        change.qaOpensBeforeMinutes ?? null,
      ],
    );
  }

  async updatePart(
    manager: EntityManager,
    partId: string,
    change: { streamUrl?: string | null; streamDelaySeconds?: number },
  ): Promise<void> {
    await manager.query(
      `UPDATE part SET stream_url = CASE WHEN $2::boolean THEN $3::text ELSE stream_url END,
         stream_delay_seconds = coalesce($4, stream_delay_seconds)
       WHERE id = $1`,
      [partId, change.streamUrl !== undefined, change.streamUrl ?? null, change.streamDelaySeconds ?? null],
    );
  }
}
