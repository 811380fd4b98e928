import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { QuestionStatus, QuestionView } from '../../../../shared/questions.js';

/** A question row as SQL returns it, plus this participant's relation to it. */
interface QuestionRow {
  id: string;
  part_id: string;
  block_id: string;
  talk_id: string | null;
  participant_id: string;
  body: string;
  display_name: string | null;
  status: QuestionStatus;
  vote_count: number;
  queue_position: number | null;
  change_seq: string | number;
  created_at: Date;
  voted?: boolean;
}

export interface StoredQuestion {
  view: QuestionView;
  participantId: string;
}

export interface NewQuestion {
  id: string;
  partId: string;
  blockId: string;
  talkId: string | null;
  participantId: string;
  body: string;
  displayName: string | null;
  status: QuestionStatus;
  at: Date;
}

/**
 * Concurrent transactions take change numbers in one order and may commit in another; a
 * reconnecting client's delta therefore starts this many changes before its version. Resending
 * a few rows is harmless (upserts); missing one is not. The window is bounded by the writes in
 * flight at once (pool size times instances), far below this.
 */
const DELTA_SAFETY_CHANGES = 500;

const PUBLIC_STATUSES_SQL = `('visible', 'queued', 'on_air', 'answered')`;
const COLUMNS = `q.id, q.part_id, q.block_id, q.talk_id, q.participant_id, q.body, q.display_name,
  q.status, q.vote_count, q.queue_position, q.change_seq, q.created_at`;

@Injectable()
export class QuestionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts the question unless its id exists. Returns the stored question either way, and
   * whether this call created it (a retry with the same id gets the first result).
   */
  async insertOnce(question: NewQuestion): Promise<{ created: boolean; stored: StoredQuestion }> {
    const inserted: QuestionRow[] = await this.dataSource.query(
      `INSERT INTO question AS q (id, part_id, block_id, talk_id, participant_id, body, display_name, status,
         created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
       ON CONFLICT (id) DO NOTHING
       RETURNING ${COLUMNS}`,
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
      ],
    );
    if (inserted.length) return { created: true, stored: toStored(inserted[0], question.participantId) };
    const existing = await this.findById(question.id, question.participantId);
    if (!existing) throw new Error(`Question ${question.id} vanished between insert and read`);
    return { created: false, stored: existing };
  }

  async findById(id: string, viewerId: string): Promise<StoredQuestion | null> {
    const rows: QuestionRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS}, EXISTS (SELECT 1 FROM vote v WHERE v.question_id = q.id AND v.participant_id = $2) AS voted
       FROM question q WHERE q.id = $1`,
      [id, viewerId],
    );
    return rows.length ? toStored(rows[0], viewerId) : null;
  }

  /** What a viewer may see of a part: public questions and their own, with their votes. */
  async listForViewer(partId: string, viewerId: string): Promise<QuestionView[]> {
    const rows: QuestionRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS}, (v.participant_id IS NOT NULL) AS voted
       FROM question q
       LEFT JOIN vote v ON v.question_id = q.id AND v.participant_id = $2
       WHERE q.part_id = $1 AND (q.status IN ${PUBLIC_STATUSES_SQL} OR q.participant_id = $2)
       ORDER BY q.created_at, q.id`,
      [partId, viewerId],
    );
    return rows.map((row) => toStored(row, viewerId).view);
  }

  /** Changes since `version`: rows the viewer may see, and ids of rows they may no longer see. */
  async changesForViewer(
    partId: string,
    viewerId: string,
    version: number,
  ): Promise<{ questions: QuestionView[]; removedIds: string[] }> {
    const rows: (QuestionRow & { may_see: boolean })[] = await this.dataSource.query(
      `SELECT ${COLUMNS}, (v.participant_id IS NOT NULL) AS voted,
         (q.status IN ${PUBLIC_STATUSES_SQL} OR q.participant_id = $2) AS may_see
       FROM question q
       LEFT JOIN vote v ON v.question_id = q.id AND v.participant_id = $2
       WHERE q.part_id = $1 AND q.change_seq > $3
       ORDER BY q.change_seq`,
      [partId, viewerId, Math.max(0, version - DELTA_SAFETY_CHANGES)],
    );
    return {
      questions: rows.filter((row) => row.may_see).map((row) => toStored(row, viewerId).view),
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
  ): Promise<{ votes: number }> {
    const changed: { vote_count: number }[] = await this.dataSource.query(
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
    );
    if (changed.length) return { votes: changed[0].vote_count };
    const rows: { vote_count: number }[] = await this.dataSource.query(
      'SELECT vote_count FROM question WHERE id = $1',
      [questionId],
    );
    return { votes: rows[0]?.vote_count ?? 0 };
  }

  /** count(*) over the vote rows: the naive baseline's way of counting, for the benchmark. */
  async countVotesSlowly(questionId: string): Promise<{ votes: number; version: number }> {
    const rows: { votes: number; version: string | number }[] = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM vote WHERE question_id = $1)::int AS votes, change_seq AS version
       FROM question WHERE id = $1`,
      [questionId],
    );
    return { votes: rows[0]?.votes ?? 0, version: Number(rows[0]?.version ?? 0) };
  }

  /** Current counts and change numbers, for a batch of vote updates. */
  async voteCounts(ids: string[]): Promise<{ id: string; votes: number; version: number }[]> {
    const rows: { id: string; vote_count: number; change_seq: string | number }[] =
      await this.dataSource.query('SELECT id, vote_count, change_seq FROM question WHERE id = ANY($1)', [
        ids,
      ]);
    return rows.map((row) => ({ id: row.id, votes: row.vote_count, version: Number(row.change_seq) }));
  }
}

function toStored(row: QuestionRow, viewerId: string): StoredQuestion {
  return {
    participantId: row.participant_id,
    view: {
      id: row.id,
      partId: row.part_id,
      blockId: row.block_id,
      talkId: row.talk_id,
      body: row.body,
      displayName: row.display_name,
      status: row.status,
      votes: row.vote_count,
      mine: row.participant_id === viewerId,
      voted: row.voted ?? false,
      createdAt: new Date(row.created_at).toISOString(),
      queuePosition: row.queue_position,
      version: Number(row.change_seq),
    },
  };
}
