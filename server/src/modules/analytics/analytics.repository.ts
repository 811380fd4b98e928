import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { col, defineTable, queryRows, type RowOf } from '../../database/typed-sql.js';

/** How many viewers one instance counted in a part's room in one minute (checked by schema-rows.test.ts). */
export const viewerSampleTable = defineTable('viewer_sample', {
  part_id: col.uuid(),
  instance: col.text(),
  at: col.timestamptz(),
  viewers: col.integer(),
});

/** Viewers of a part in one minute, summed over the instances that sampled it. */
export type ViewerRow = Pick<RowOf<typeof viewerSampleTable>, 'part_id' | 'at' | 'viewers'>;

/**
 * Every statement on the viewer samples. The question and vote figures the analytics also
 * read belong to the question repository, the one owner of those tables.
 */
@Injectable()
export class AnalyticsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async recordViewers(
    instance: string,
    at: Date,
    counts: { partId: string; viewers: number }[],
  ): Promise<void> {
    // Joined with part, so a part deleted since the rooms were read is skipped, not an error.
    await queryRows(
      this.dataSource,
      `INSERT INTO viewer_sample (part_id, instance, at, viewers)
       SELECT part.id, $1, $2, sample.viewers
       FROM jsonb_to_recordset($3::jsonb) AS sample(part_id uuid, viewers int)
       JOIN part ON part.id = sample.part_id
       ON CONFLICT (part_id, at, instance) DO UPDATE SET viewers = GREATEST(viewer_sample.viewers, EXCLUDED.viewers)`,
      [instance, at, JSON.stringify(counts.map((c) => ({ part_id: c.partId, viewers: c.viewers })))],
    );
  }

  /** Viewers per part and minute, summed over the instances that sampled it. */
  viewers(partIds: string[]): Promise<ViewerRow[]> {
    return queryRows<ViewerRow>(
      this.dataSource,
      `SELECT part_id, at, sum(viewers)::int AS viewers FROM viewer_sample
       WHERE part_id = ANY($1::uuid[]) GROUP BY part_id, at ORDER BY at`,
      [partIds],
    );
  }
}
