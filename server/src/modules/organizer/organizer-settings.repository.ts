import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows, type Db } from '../../database/typed-sql.js';
import type { PartRecord } from '../events/events.repository.js';

export type PartSettingsRecord = Pick<
  PartRecord,
  'id' | 'title' | 'local_date' | 'stream_url' | 'stream_delay_seconds'
>;

/**
 * SQL of the console's per-part stream settings. The event's live settings (pre-moderation,
 * speakers may answer, "Q&A opens before") belong to PartLiveState's repository.
 */
@Injectable()
export class OrganizerSettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async parts(eventId: string, db: Db = this.dataSource): Promise<PartSettingsRecord[]> {
    return queryRows<PartSettingsRecord>(
      db,
      `SELECT id, title, local_date, stream_url, stream_delay_seconds FROM part
       WHERE event_id = $1 ORDER BY position`,
      [eventId],
    );
  }

  async updatePart(
    db: Db,
    partId: string,
    change: { streamUrl?: string | null; streamDelaySeconds?: number },
  ): Promise<void> {
    await queryRows(
      db,
      `UPDATE part SET stream_url = CASE WHEN $2::boolean THEN $3::text ELSE stream_url END,
         stream_delay_seconds = coalesce($4, stream_delay_seconds)
       WHERE id = $1`,
      [partId, change.streamUrl !== undefined, change.streamUrl ?? null, change.streamDelaySeconds ?? null],
    );
  }
}
