import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class RetentionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Deletes the questions (with their votes and audit entries, by cascade) of every event whose
   * last part ended before `endedBefore`. Returns how many went, per event slug.
   */
  async purgeQuestionsOfEventsEndedBefore(endedBefore: Date): Promise<{ slug: string; questions: number }[]> {
    const rows: { slug: string; questions: string }[] = await this.dataSource.query(
      `WITH ended AS (
         SELECT e.id, e.slug FROM event e JOIN part p ON p.event_id = e.id
         GROUP BY e.id, e.slug HAVING max(p.ends_at) < $1
       ), purged AS (
         DELETE FROM question q USING part p, ended
         WHERE q.part_id = p.id AND p.event_id = ended.id
         RETURNING ended.slug
       )
       SELECT slug, count(*) AS questions FROM purged GROUP BY slug ORDER BY slug`,
      [endedBefore],
    );
    return rows.map((row) => ({ slug: row.slug, questions: Number(row.questions) }));
  }
}
