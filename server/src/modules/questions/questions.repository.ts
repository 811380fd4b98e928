import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { FlaggedSpan } from '../../../../shared/moderation.js';
import { PUBLIC_STATUSES, type QuestionStatus, type QuestionView } from '../../../../shared/questions.js';
import { returnedRows } from '../../database/returning.js';
import { PUBLIC_STATUSES_SQL, QUESTION_COLUMNS, toQuestionView, type QuestionRow } from './question-row.js';

export interface NewQuestion {
  id: string;
  partId: string;
  blockId: string;
  talkId: string | null;
  participantId: string;
  body: string;
  displayName: string | null;
  status: QuestionStatus;
  /** What the question is held for; empty when it is not held. */
  flaggedSpans: FlaggedSpan[];
  at: Date;
}

/**
 * Concurrent transactions take change numbers in one order and may commit in another; a
 * reconnecting client's delta therefore starts this many changes before its version. Resending
 * a few rows is harmless (upserts); missing one is not. The window is bounded by the writes in
 * flight at once (pool size times instances), far below this.
 */
const DELTA_SAFETY_CHANGES = 500;

@Injectable()
export class QuestionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts the question unless its id exists. Returns the stored question either way, and
   * whether this call created it (a retry with the same id gets the first result).
   */
  async insertOnce(question: NewQuestion): Promise<{ created: boolean; row: QuestionRow }> {
    const inserted: QuestionRow[] = await this.dataSource.query(
      `INSERT INTO question AS q (id, part_id, block_id, talk_id, participant_id, body, display_name, status,
         created_at, updated_at, flagged_spans)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10::jsonb)
       ON CONFLICT (id) DO NOTHING
       RETURNING ${QUESTION_COLUMNS}`,
      [
        question.id,
        question.partId,
        question.blockId,
        question.talkId,
        question.participantId,
        question.body,
        question.displayName,
        question.status,
        question.at,
        question.flaggedSpans.length ? JSON.stringify(question.flaggedSpans) : null,
      ],
    );
    if (inserted.length) return { created: true, row: inserted[0] };
    const existing = await this.findById(question.id, question.participantId);
    if (!existing) throw new Error(`Question ${question.id} vanished between insert and read`);
    return { created: false, row: existing };
  }

  /** The row with `voted` for this viewer. */
  async findById(id: string, viewerId: string): Promise<QuestionRow | null> {
    const rows: QuestionRow[] = await this.dataSource.query(
      `SELECT ${QUESTION_COLUMNS}, EXISTS (SELECT 1 FROM vote v WHERE v.question_id = q.id AND v.participant_id = $2) AS voted
       FROM question q WHERE q.id = $1`,
      [id, viewerId],
    );
    return rows[0] ?? null;
  }

  /** What a viewer may see of a part: public questions and their own, with their votes. */
  async listForViewer(partId: string, viewerId: string): Promise<QuestionView[]> {
    const rows: QuestionRow[] = await this.dataSource.query(
      `SELECT ${QUESTION_COLUMNS}, (v.participant_id IS NOT NULL) AS voted
       FROM question q
       LEFT JOIN vote v ON v.question_id = q.id AND v.participant_id = $2
       WHERE q.part_id = $1 AND (q.status IN ${PUBLIC_STATUSES_SQL} OR q.participant_id = $2)
       ORDER BY q.created_at, q.id`,
      [partId, viewerId],
    );
    return rows.map((row) => toQuestionView(row, viewerId));
  }

  /** Changes since `version`: rows the viewer may see, and ids of rows they may no longer see. */
  async changesForViewer(
    partId: string,
    viewerId: string,
    version: number,
  ): Promise<{ questions: QuestionView[]; removedIds: string[] }> {
    const rows: (QuestionRow & { may_see: boolean })[] = await this.dataSource.query(
      `SELECT ${QUESTION_COLUMNS}, (v.participant_id IS NOT NULL) AS voted,
         (q.status IN ${PUBLIC_STATUSES_SQL} OR q.participant_id = $2) AS may_see
       FROM question q
       LEFT JOIN vote v ON v.question_id = q.id AND v.participant_id = $2
       WHERE q.part_id = $1 AND q.change_seq > $3
       ORDER BY q.change_seq`,
      [partId, viewerId, Math.max(0, version - DELTA_SAFETY_CHANGES)],
    );
    return {
      questions: rows.filter((row) => row.may_see).map((row) => toQuestionView(row, viewerId)),
      removedIds: rows.filter((row) => !row.may_see).map((row) => row.id),
    };
  }

  /** The part's change counter: the highest change number of its questions (0 when none). */
  async partVersion(partId: string): Promise<number> {
    const rows: { version: string | number | null }[] = await this.dataSource.query(
      'SELECT max(change_seq) AS version FROM question WHERE part_id = $1',
      [partId],
    );
    return Number(rows[0]?.version ?? 0);
  }

  /**
   * Adds or removes one participant's vote, once: the (question, participant) primary key
   * decides, so concurrent clicks, retries and reconnects never count twice. The count moves in
   * the same statement as the vote row, so it always equals the number of vote rows.
   */
  async setVote(
    questionId: string,
    participantId: string,
    voted: boolean,
    at: Date,
  ): Promise<{ votes: number; changed: boolean }> {
    // The statement is an UPDATE (after its CTE): TypeORM hands back [rows, rowCount] for those.
    const changed = returnedRows<{ vote_count: number }>(
      await this.dataSource.query(
        voted
          ? `WITH changed AS (
             INSERT INTO vote (question_id, participant_id, created_at) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING RETURNING question_id)
           UPDATE question SET vote_count = vote_count + 1, change_seq = nextval('question_change_seq')
           WHERE id = $1 AND EXISTS (SELECT 1 FROM changed)
           RETURNING vote_count`
          : `WITH changed AS (
             DELETE FROM vote WHERE question_id = $1 AND participant_id = $2
             RETURNING question_id)
           UPDATE question SET vote_count = vote_count - 1, change_seq = nextval('question_change_seq')
           WHERE id = $1 AND EXISTS (SELECT 1 FROM changed)
           RETURNING vote_count`,
        voted ? [questionId, participantId, at] : [questionId, participantId],
      ),
    );
    if (changed.length) return { votes: changed[0].vote_count, changed: true };
    const rows: { vote_count: number }[] = await this.dataSource.query(
      'SELECT vote_count FROM question WHERE id = $1',
      [questionId],
    );
    return { votes: rows[0]?.vote_count ?? 0, changed: false };
  }

  /** count(*) over the vote rows: the naive baseline's way of counting, for the benchmark. */
  async countVotesSlowly(questionId: string): Promise<VoteCount | null> {
    const rows: { votes: number; version: string | number; status: QuestionStatus }[] =
      await this.dataSource.query(
        `SELECT (SELECT count(*) FROM vote WHERE question_id = $1)::int AS votes, change_seq AS version, status
         FROM question WHERE id = $1`,
        [questionId],
      );
    const row = rows[0];
    if (!row) return null;
    return {
      id: questionId,
      votes: row.votes,
      version: Number(row.version),
      isPublic: PUBLIC_STATUSES.includes(row.status),
    };
  }

  /**
   * Current counts and change numbers, for a batch of vote updates, with whether each question
   * is public now: a question hidden since the vote must not reach viewers, not even as a count.
   */
  async voteCounts(ids: string[]): Promise<VoteCount[]> {
    const rows: { id: string; vote_count: number; change_seq: string | number; status: QuestionStatus }[] =
      await this.dataSource.query(
        'SELECT id, vote_count, change_seq, status FROM question WHERE id = ANY($1)',
        [ids],
      );
    return rows.map((row) => ({
      id: row.id,
      votes: row.vote_count,
      version: Number(row.change_seq),
      isPublic: PUBLIC_STATUSES.includes(row.status),
    }));
  }
}

export interface VoteCount {
  id: string;
  votes: number;
  version: number;
  isPublic: boolean;
}
