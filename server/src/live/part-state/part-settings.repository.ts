import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** An event's live settings as stored (columns of `event`). */
export interface LiveSettingsRow {
  id: string;
  slug: string;
  pre_moderation: boolean;
  speakers_may_answer: boolean;
  hold_patient_data: boolean;
  hold_profanity: boolean;
  qa_opens_before_minutes: number | null;
  answers_published: boolean;
}

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

export type BlockOverride = 'open' | 'closed';

const SETTINGS_COLUMNS =
  'id, slug, pre_moderation, speakers_may_answer, hold_patient_data, hold_profanity, qa_opens_before_minutes, answers_published';

/**
 * Every SQL statement on a part's live settings: the event's switches (pre-moderation, speakers
 * may mark answered, the holds, "Q&A opens before") and the hand overrides of Q&A blocks. Only
 * PartLiveState calls it, so the cache it keeps cannot miss a write. Methods taking a manager run
 * inside the caller's transaction.
 */
@Injectable()
export class PartSettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** `lock`: FOR UPDATE, so two changes of one event's settings happen one after the other. */
  async read(
    slug: string,
    manager: EntityManager | DataSource = this.dataSource,
    lock = false,
  ): Promise<LiveSettingsRow | null> {
    const rows: LiveSettingsRow[] = await manager.query(
      `SELECT ${SETTINGS_COLUMNS} FROM event WHERE slug = $1${lock ? ' FOR UPDATE' : ''}`,
      [slug],
    );
    return rows[0] ?? null;
  }

  async update(manager: EntityManager, eventId: string, change: LiveSettingsChange): Promise<void> {
    await manager.query(
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
    const rows: { id: string; submissions_override: BlockOverride }[] = await this.dataSource.query(
      `SELECT i.id, i.submissions_override FROM agenda_item i JOIN part p ON p.id = i.part_id
       WHERE p.event_id = $1 AND i.submissions_override IS NOT NULL`,
      [eventId],
    );
    return new Map(rows.map((row) => [row.id, row.submissions_override]));
  }

  async setBlockOverride(
    manager: EntityManager,
    blockId: string,
    state: BlockOverride | null,
  ): Promise<void> {
    await manager.query('UPDATE agenda_item SET submissions_override = $2 WHERE id = $1', [blockId, state]);
  }
}
