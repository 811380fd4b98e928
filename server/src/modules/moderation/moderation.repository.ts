import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditEntryView } from '../../../../shared/moderation.js';
import type { QuestionStatus } from '../../../../shared/questions.js';
import { returnedRows } from '../../database/returning.js';
import { QUESTION_COLUMNS, type QuestionRow } from '../questions/question-row.js';

/** Fields a moderation action may set; `revision` and `change_seq` move with every change. */
export interface QuestionChange {
  status?: QuestionStatus;
  body?: string;
  original_body?: string | null;
  starred?: boolean;
  queue_position?: number | null;
  merged_into_id?: string | null;
  queued_at?: Date | null;
  on_air_at?: Date | null;
  answered_at?: Date | null;
  air_ended_at?: Date | null;
  /** JSON text of `FlaggedSpan[]`, or null. */
  flagged_spans?: string | null;
}

export interface AuditRecord {
  eventId: string;
  questionId: string | null;
  actor: string;
  action: string;
  before: unknown;
  after: unknown;
  at: Date;
}

/** SQL of moderation. Methods taking a manager run inside the caller's transaction. */
@Injectable()
export class ModerationRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The part's queue row, locked: queue changes of one part happen one at a time. */
  async lockPart(manager: EntityManager, partId: string): Promise<{ queueVersion: number }> {
    const rows: { queue_version: number }[] = await manager.query(
      'SELECT queue_version FROM part WHERE id = $1 FOR UPDATE',
      [partId],
    );
    return { queueVersion: rows[0].queue_version };
  }

  async bumpQueueVersion(manager: EntityManager, partId: string): Promise<void> {
    await manager.query('UPDATE part SET queue_version = queue_version + 1 WHERE id = $1', [partId]);
  }

  async lockQuestion(manager: EntityManager, id: string): Promise<QuestionRow | null> {
    const rows: QuestionRow[] = await manager.query(
      `SELECT ${QUESTION_COLUMNS} FROM question q WHERE q.id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  }

  async findQuestion(id: string): Promise<QuestionRow | null> {
    const rows: QuestionRow[] = await this.dataSource.query(
      `SELECT ${QUESTION_COLUMNS} FROM question q WHERE q.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async update(manager: EntityManager, id: string, change: QuestionChange, at: Date): Promise<QuestionRow> {
    const entries: [string, unknown][] = Object.entries(change);
    const assignments = entries.map(([column], i) => `${column} = $${i + 3}`);
    const rows = returnedRows<QuestionRow>(
      await manager.query(
        `UPDATE question q SET ${[...assignments, 'revision = revision + 1', "change_seq = nextval('question_change_seq')", 'updated_at = $2'].join(', ')}
       WHERE q.id = $1 RETURNING ${QUESTION_COLUMNS}`,
        [id, at, ...entries.map(([, value]) => value)],
      ),
    );
    return rows[0];
  }

  async nextQueuePosition(manager: EntityManager, partId: string): Promise<number> {
    const rows: { next: number }[] = await manager.query(
      `SELECT coalesce(max(queue_position), 0)::int + 1 AS next FROM question WHERE part_id = $1 AND status = 'queued'`,
      [partId],
    );
    return rows[0].next;
  }

  async queuedIds(manager: EntityManager | DataSource, partId: string): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM question WHERE part_id = $1 AND status = 'queued' ORDER BY queue_position, queued_at, id`,
      [partId],
    );
    return rows.map((row) => row.id);
  }

  /** Positions 1..n in the given order; only rows whose position changes are touched. */
  async setQueueOrder(
    manager: EntityManager,
    partId: string,
    order: string[],
    at: Date,
  ): Promise<QuestionRow[]> {
    if (order.length === 0) return [];
    return returnedRows<QuestionRow>(
      await manager.query(
        `UPDATE question q SET queue_position = o.position, revision = revision + 1,
         change_seq = nextval('question_change_seq'), updated_at = $3
       FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, position)
       WHERE q.id = o.id AND q.part_id = $1 AND q.queue_position IS DISTINCT FROM o.position
       RETURNING ${QUESTION_COLUMNS}`,
        [partId, order, at],
      ),
    );
  }

  async eventIdOfPart(manager: EntityManager, partId: string): Promise<string> {
    const rows: { event_id: string }[] = await manager.query('SELECT event_id FROM part WHERE id = $1', [
      partId,
    ]);
    return rows[0].event_id;
  }

  /** The question on air in each of these parts (at most one per part). */
  async onAirIn(partIds: string[]): Promise<QuestionRow[]> {
    if (partIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT ${QUESTION_COLUMNS} FROM question q WHERE q.part_id = ANY($1::uuid[]) AND q.status = 'on_air'`,
      [partIds],
    );
  }

  async onAirId(manager: EntityManager, partId: string): Promise<string | null> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM question WHERE part_id = $1 AND status = 'on_air'`,
      [partId],
    );
    return rows[0]?.id ?? null;
  }

  /** Unites the duplicate's voters with the target's, each participant once; returns the exact count. */
  async uniteVotes(manager: EntityManager, fromId: string, intoId: string): Promise<number> {
    // The target's asker may have upvoted the duplicate; on their own question that vote would
    // be one nobody may cast (vote/own_question), so it does not come along.
    await manager.query(
      `INSERT INTO vote (question_id, participant_id, created_at)
       SELECT $2, v.participant_id, v.created_at FROM vote v
       WHERE v.question_id = $1
         AND v.participant_id <> (SELECT participant_id FROM question WHERE id = $2)
       ON CONFLICT DO NOTHING`,
      [fromId, intoId],
    );
    const rows = returnedRows<{ vote_count: number }>(
      await manager.query(
        `UPDATE question SET vote_count = (SELECT count(*) FROM vote WHERE question_id = $1)
         WHERE id = $1 RETURNING vote_count`,
        [intoId],
      ),
    );
    return rows[0].vote_count;
  }

  async audit(manager: EntityManager, entry: AuditRecord): Promise<void> {
    await manager.query(
      `INSERT INTO audit_entry (event_id, question_id, actor, action, before, after, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        entry.eventId,
        entry.questionId,
        entry.actor,
        entry.action,
        entry.before === undefined ? null : JSON.stringify(entry.before),
        entry.after === undefined ? null : JSON.stringify(entry.after),
        entry.at,
      ],
    );
  }

  async history(questionId: string): Promise<AuditEntryView[]> {
    const rows: {
      at: Date;
      actor: string;
      action: string;
      question_id: string | null;
      before: unknown;
      after: unknown;
      label: string | null;
    }[] = await this.dataSource.query(
      // The link's label ("Anna") names the person; the actor keeps the link's id for the record.
      `SELECT a.at, a.actor, a.action, a.question_id, a.before, a.after, g.label
       FROM audit_entry a
       LEFT JOIN access_grant g ON a.actor IN ('moderator:' || g.id::text, 'speaker:' || g.id::text)
       WHERE a.question_id = $1 ORDER BY a.id`,
      [questionId],
    );
    return rows.map((row) => ({
      at: new Date(row.at).toISOString(),
      actor: row.actor,
      actorLabel: row.label,
      action: row.action,
      questionId: row.question_id,
      before: row.before,
      after: row.after,
    }));
  }

  async listPart(partId: string): Promise<QuestionRow[]> {
    return this.dataSource.query(
      `SELECT ${QUESTION_COLUMNS} FROM question q WHERE q.part_id = $1 ORDER BY q.created_at, q.id`,
      [partId],
    );
  }

  /** The on-air question and the queued ones in order, with the part's queue version. */
  async queue(partId: string): Promise<{ queueVersion: number; rows: QuestionRow[] }> {
    const [versionRows, rows] = await Promise.all([
      this.dataSource.query<{ queue_version: number }[]>('SELECT queue_version FROM part WHERE id = $1', [
        partId,
      ]),
      this.dataSource.query<QuestionRow[]>(
        `SELECT ${QUESTION_COLUMNS} FROM question q WHERE q.part_id = $1 AND q.status IN ('queued', 'on_air')
         ORDER BY q.queue_position NULLS FIRST, q.queued_at, q.id`,
        [partId],
      ),
    ]);
    return { queueVersion: versionRows[0]?.queue_version ?? 0, rows };
  }

  /** Every question of an event (or one block), for the export, oldest first. */
  async exportRows(eventId: string, blockId: string | null): Promise<QuestionRow[]> {
    return this.dataSource.query(
      `SELECT ${QUESTION_COLUMNS} FROM question q JOIN part p ON p.id = q.part_id
       WHERE p.event_id = $1 AND ($2::uuid IS NULL OR q.block_id = $2)
       ORDER BY p.position, q.created_at, q.id`,
      [eventId, blockId],
    );
  }
}
