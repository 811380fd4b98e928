import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryFirst, queryRows, type Db } from '../../database/typed-sql.js';
import type { AgendaItemRecord, EventRecord } from '../../modules/events/events.repository.js';

/** An event's live settings as stored (columns of `event`). */
export type LiveSettingsRow = Pick<
  EventRecord,
  | 'id'
  | 'slug'
  | 'pre_moderation'
  | 'speakers_may_answer'
  | 'hold_patient_data'
  | 'hold_profanity'
  | 'qa_opens_before_minutes'
  | 'answers_published'
>;

/** A change of settings: undefined leaves a setting as it is. */
export interface LiveSettingsChange {
  preModeration?: boolean;
  speakersMayAnswer?: boolean;
  holdPatientData?: boolean;
  holdProfanity?: boolean;
  /** null: follow the server's QA_OPENS_BEFORE_MINUTES again. */
  qaOpensBeforeMinutes?: number | null;
  /** The answered questions as a public page (issue 13). */
  answersPublished?: boolean;
}

export type BlockOverride = NonNullable<AgendaItemRecord['submissions_override']>;

const SETTINGS_COLUMNS =
  'id, slug, pre_moderation, speakers_may_answer, hold_patient_data, hold_profanity, qa_opens_before_minutes, answers_published';

/**
 * Every SQL statement on a part's live settings: the event's switches (pre-moderation, speakers
 * may mark answered, the holds, "Q&A opens before") and the hand overrides of Q&A blocks. Only
 * PartLiveState calls it, so the cache it keeps cannot miss a write. Methods taking a `db` run
 * inside the caller's transaction.
 */
@Injectable()
export class PartSettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (db: Db) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** `lock`: FOR UPDATE, so two changes of one event's settings happen one after the other. */
  async read(slug: string, db: Db = this.dataSource, lock = false): Promise<LiveSettingsRow | null> {
    return queryFirst<LiveSettingsRow>(
      db,
      `SELECT ${SETTINGS_COLUMNS} FROM event WHERE slug = $1${lock ? ' FOR UPDATE' : ''}`,
      [slug],
    );
  }

  async update(db: Db, eventId: string, change: LiveSettingsChange): Promise<void> {
    await queryRows(
      db,
      `UPDATE event SET pre_moderation = coalesce($2, pre_moderation),
         speakers_may_answer = coalesce($3, speakers_may_answer),
         hold_patient_data = coalesce($4, hold_patient_data), hold_profanity = coalesce($5, hold_profanity),
         qa_opens_before_minutes = CASE WHEN $6::boolean THEN $7::int ELSE qa_opens_before_minutes END,
         answers_published = coalesce($8, answers_published)
       WHERE id = $1`,
      [
        eventId,
        change.preModeration ?? null,
        change.speakersMayAnswer ?? null,
        change.holdPatientData ?? null,
        change.holdProfanity ?? null,
        change.qaOpensBeforeMinutes !== undefined,
        change.qaOpensBeforeMinutes ?? null,
        change.answersPublished ?? null,
      ],
    );
  }

  /** Hand overrides of the event's Q&A blocks, by block id. */
  async blockOverrides(eventId: string): Promise<Map<string, BlockOverride>> {
    const rows = await queryRows<{ id: string; submissions_override: BlockOverride }>(
      this.dataSource,
      `SELECT i.id, i.submissions_override FROM agenda_item i JOIN part p ON p.id = i.part_id
       WHERE p.event_id = $1 AND i.submissions_override IS NOT NULL`,
      [eventId],
    );
    return new Map(rows.map((row) => [row.id, row.submissions_override]));
  }

  async setBlockOverride(db: Db, blockId: string, state: BlockOverride | null): Promise<void> {
    await queryRows(db, 'UPDATE agenda_item SET submissions_override = $2 WHERE id = $1', [blockId, state]);
  }
}
