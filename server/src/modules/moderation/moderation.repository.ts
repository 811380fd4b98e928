import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows } from '../../database/typed-sql.js';

export interface EventSettingsRow {
  id: string;
  slug: string;
  pre_moderation: boolean;
  speakers_may_answer: boolean;
  hold_patient_data: boolean;
  hold_profanity: boolean;
}

const SETTINGS_COLUMNS = 'id, slug, pre_moderation, speakers_may_answer, hold_patient_data, hold_profanity';

/**
 * The event's moderation settings and the blocks' hand overrides. Every statement on questions,
 * votes and the moderation history is in QuestionRepository; these stay here until the part's
 * live state has its own owner. Methods taking a manager run inside the caller's transaction.
 */
@Injectable()
export class ModerationRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Pass the manager when inside a transaction (the embedded database has one session). */
  async eventSettings(
    eventId: string,
    manager: EntityManager | DataSource = this.dataSource,
  ): Promise<EventSettingsRow> {
    const rows: EventSettingsRow[] = await manager.query(
      `SELECT ${SETTINGS_COLUMNS} FROM event WHERE id = $1`,
      [eventId],
    );
    return rows[0];
  }

  async eventSettingsBySlug(slug: string): Promise<EventSettingsRow | null> {
    const rows: EventSettingsRow[] = await this.dataSource.query(
      `SELECT ${SETTINGS_COLUMNS} FROM event WHERE slug = $1`,
      [slug],
    );
    return rows[0] ?? null;
  }

  async updateSettings(
    manager: EntityManager,
    eventId: string,
    change: {
      pre_moderation?: boolean;
      speakers_may_answer?: boolean;
      hold_patient_data?: boolean;
      hold_profanity?: boolean;
    },
  ): Promise<EventSettingsRow> {
    const rows = await queryRows<EventSettingsRow>(
      manager,
      `UPDATE event SET pre_moderation = coalesce($2, pre_moderation), speakers_may_answer = coalesce($3, speakers_may_answer),
         hold_patient_data = coalesce($4, hold_patient_data), hold_profanity = coalesce($5, hold_profanity)
       WHERE id = $1 RETURNING ${SETTINGS_COLUMNS}`,
      [
        eventId,
        change.pre_moderation ?? null,
        change.speakers_may_answer ?? null,
        change.hold_patient_data ?? null,
        change.hold_profanity ?? null,
      ],
    );
    return rows[0];
  }

  async setBlockOverride(
    manager: EntityManager,
    blockId: string,
    state: 'open' | 'closed' | null,
  ): Promise<void> {
    await manager.query('UPDATE agenda_item SET submissions_override = $2 WHERE id = $1', [blockId, state]);
  }
}
