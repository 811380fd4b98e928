import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface PartSettingsRecord {
  id: string;
  title: string;
  local_date: string;
  stream_url: string | null;
  stream_delay_seconds: number;
}

/**
 * SQL of the console's per-part stream settings. The event's live settings (pre-moderation,
 * speakers may answer, "Q&A opens before") belong to PartLiveState's repository.
 */
@Injectable()
export class OrganizerSettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async parts(
    eventId: string,
    manager: EntityManager | DataSource = this.dataSource,
  ): Promise<PartSettingsRecord[]> {
    return manager.query(
      `SELECT id, title, local_date, stream_url, stream_delay_seconds FROM part
       WHERE event_id = $1 ORDER BY position`,
      [eventId],
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
