import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PUBLIC_STATUSES } from '../../../../shared/questions.js';

/** Question figures of one agenda item (a Q&A block, or a talk the questions are about). */
export interface ItemQuestionRow {
  item_id: string;
  questions: number;
  askers: number;
  answered: number;
  answered_in_text: number;
  median_seconds_to_answer: number | null;
}

export interface ItemVoteRow {
  item_id: string;
  votes: number;
  voters: number;
}

export interface TopQuestionRow {
  block_id: string;
  id: string;
  body: string;
  vote_count: number;
  status: string;
}

export interface AskedRow {
  part_id: string;
  created_at: Date;
}

export interface ViewerRow {
  part_id: string;
  at: Date;
  viewers: number;
}

/**
 * The analytics' reads: aggregates over the questions and votes of a set of parts, and the viewer
 * samples. Read-only on question and vote (their writes belong to the question repository).
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
    await this.dataSource.query(
      `INSERT INTO viewer_sample (part_id, instance, at, viewers)
       SELECT part.id, $1, $2, sample.viewers
       FROM jsonb_to_recordset($3::jsonb) AS sample(part_id uuid, viewers int)
       JOIN part ON part.id = sample.part_id
       ON CONFLICT (part_id, at, instance) DO UPDATE SET viewers = GREATEST(viewer_sample.viewers, EXCLUDED.viewers)`,
      [instance, at, JSON.stringify(counts.map((c) => ({ part_id: c.partId, viewers: c.viewers })))],
    );
  }

  /** Per block (by `block_id`) and per talk (by `talk_id`): the two groupings in one list. */
  async questionFigures(partIds: string[]): Promise<ItemQuestionRow[]> {
    const figures = (column: 'block_id' | 'talk_id') => `
      SELECT ${column} AS item_id, count(*)::int AS questions,
             count(DISTINCT participant_id)::int AS askers,
             count(*) FILTER (WHERE status = 'answered')::int AS answered,
             count(*) FILTER (WHERE status = 'answered' AND answered_how = 'text')::int AS answered_in_text,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - created_at))
               FILTER (WHERE status = 'answered' AND answered_at IS NOT NULL) AS median_seconds_to_answer
      FROM question WHERE part_id = ANY($1::uuid[]) AND ${column} IS NOT NULL GROUP BY ${column}`;
    const rows: ItemQuestionRow[] = await this.dataSource.query(
      `${figures('block_id')} UNION ALL ${figures('talk_id')}`,
      [partIds],
    );
    // percentile_cont answers double precision; node-postgres and PGlite both give a number.
    return rows.map((row) => ({
      ...row,
      median_seconds_to_answer:
        row.median_seconds_to_answer === null ? null : Number(row.median_seconds_to_answer),
    }));
  }

  async voteFigures(partIds: string[]): Promise<ItemVoteRow[]> {
    const figures = (column: 'block_id' | 'talk_id') => `
      SELECT question.${column} AS item_id, count(*)::int AS votes,
             count(DISTINCT vote.participant_id)::int AS voters
      FROM vote JOIN question ON question.id = vote.question_id
      WHERE question.part_id = ANY($1::uuid[]) AND question.${column} IS NOT NULL
      GROUP BY question.${column}`;
    return this.dataSource.query(`${figures('block_id')} UNION ALL ${figures('talk_id')}`, [partIds]);
  }

  /** The `limit` most upvoted questions viewers could see, per block. */
  async topQuestions(partIds: string[], limit: number): Promise<TopQuestionRow[]> {
    return this.dataSource.query(
      `SELECT block_id, id, body, vote_count, status FROM (
         SELECT block_id, id, body, vote_count, status,
                row_number() OVER (PARTITION BY block_id ORDER BY vote_count DESC, created_at) AS rank
         FROM question WHERE part_id = ANY($1::uuid[]) AND status = ANY($2::text[])
       ) ranked WHERE rank <= $3 ORDER BY block_id, rank`,
      [partIds, PUBLIC_STATUSES, limit],
    );
  }

  async askedTimes(partIds: string[]): Promise<AskedRow[]> {
    return this.dataSource.query(
      `SELECT part_id, created_at FROM question WHERE part_id = ANY($1::uuid[]) ORDER BY created_at`,
      [partIds],
    );
  }

  /** Viewers per part and minute, summed over the instances that sampled it. */
  async viewers(partIds: string[]): Promise<ViewerRow[]> {
    return this.dataSource.query(
      `SELECT part_id, at, sum(viewers)::int AS viewers FROM viewer_sample
       WHERE part_id = ANY($1::uuid[]) GROUP BY part_id, at ORDER BY at`,
      [partIds],
    );
  }
}
