import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditEntryView, FlaggedSpan } from '../../../../shared/moderation.js';
import {
  PUBLIC_STATUSES,
  type AnsweredHow,
  type LabelView,
  type QuestionStatus,
} from '../../../../shared/questions.js';
import {
  col,
  defineTable,
  nullable,
  queryFirst,
  queryRows,
  selectList,
  toParam,
  type Db,
  type RowOf,
} from '../../database/typed-sql.js';
import { questionLabelsColumn } from '../labels/label.repository.js';

/** Every column of `question`, as the migrations leave it (checked by schema-rows.test.ts). */
export const questionTable = defineTable('question', {
  id: col.uuid(),
  part_id: col.uuid(),
  block_id: col.uuid(),
  talk_id: nullable(col.uuid()),
  participant_id: col.uuid(),
  body: col.text(),
  original_body: nullable(col.text()),
  display_name: nullable(col.text()),
  status: col.varchar<QuestionStatus>(),
  vote_count: col.integer(),
  queue_position: nullable(col.integer()),
  change_seq: col.bigint(),
  created_at: col.timestamptz(),
  updated_at: col.timestamptz(),
  starred: col.boolean(),
  revision: col.integer(),
  merged_into_id: nullable(col.uuid()),
  queued_at: nullable(col.timestamptz()),
  on_air_at: nullable(col.timestamptz()),
  answered_at: nullable(col.timestamptz()),
  air_ended_at: nullable(col.timestamptz()),
  /** Why the question was held for review (issue 13); null when it was not. */
  flagged_spans: nullable(col.jsonb<FlaggedSpan[]>()),
  /** How it was answered (issue 13); null until it is. */
  answered_how: nullable(col.varchar<AnsweredHow>()),
  /** The answer in text, when and by whom (the link's label); null unless answered in text. */
  reply_text: nullable(col.text()),
  reply_at: nullable(col.timestamptz()),
  reply_by: nullable(col.text()),
});

/** One participant's upvote of one question. */
export const voteTable = defineTable('vote', {
  question_id: col.uuid(),
  participant_id: col.uuid(),
  created_at: col.timestamptz(),
});

/** The moderation history: who did what to which question (or to the event's settings), when. */
export const auditEntryTable = defineTable('audit_entry', {
  id: col.bigint(),
  event_id: col.uuid(),
  question_id: nullable(col.uuid()),
  actor: col.text(),
  action: col.varchar(),
  before: nullable(col.jsonb<unknown>()),
  after: nullable(col.jsonb<unknown>()),
  at: col.timestamptz(),
});

export type QuestionRecord = RowOf<typeof questionTable>;

/**
 * A question as read, with its labels (every read carries them), plus, for reads on a viewer's
 * behalf, whether that viewer upvoted it.
 */
export type QuestionRow = QuestionRecord & { voted?: boolean; labels: LabelView[] };

/** Every column of the question `q` and its labels: the select list of every question read. */
const Q = `${selectList(questionTable, 'q')}, ${questionLabelsColumn('q')} AS labels`;

/** The columns a vote is checked against (see `assertMayVote`). */
export type VoteTarget = Pick<QuestionRecord, 'id' | 'part_id' | 'participant_id' | 'status'>;

/** One participant's vote on, or off, one question. */
export interface VoteCast {
  questionId: string;
  participantId: string;
  voted: boolean;
  at: Date;
}

/** A cast vote as committed: its question (null: none), whether it changed anything, the count. */
export interface VoteCastOutcome {
  target: VoteTarget | null;
  /** false: refused (see `assertMayVote`), or already so (a retry, a second click). */
  changed: boolean;
  /** The question's count once the vote was committed. */
  votes: number;
}

type VoteCastRow = { [K in keyof VoteTarget]: VoteTarget[K] | null } & {
  changed: boolean;
  votes: number | null;
};

function toVoteOutcome(row: VoteCastRow | null): VoteCastOutcome {
  // No question under the id: the row's question columns are null (or there is no row).
  const { id, part_id, participant_id, status } = (row ?? {}) as Partial<VoteTarget>;
  return {
    target: id ? { id, part_id: part_id!, participant_id: participant_id!, status: status! } : null,
    changed: row?.changed ?? false,
    votes: row?.votes ?? 0,
  };
}

/** Fields a moderation action may set; `revision`, `change_seq` and `updated_at` move with every change. */
export type QuestionChange = Partial<
  Pick<
    QuestionRecord,
    | 'status'
    | 'body'
    | 'original_body'
    | 'starred'
    | 'queue_position'
    | 'merged_into_id'
    | 'queued_at'
    | 'on_air_at'
    | 'answered_at'
    | 'air_ended_at'
    | 'flagged_spans'
    | 'answered_how'
    | 'reply_text'
    | 'reply_at'
    | 'reply_by'
  >
>;

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

export interface AuditRecord {
  eventId: string;
  questionId: string | null;
  actor: string;
  action: string;
  before: unknown;
  after: unknown;
  at: Date;
}

export interface VoteCount {
  id: string;
  votes: number;
  version: number;
  isPublic: boolean;
}

/** Question figures of one agenda item (a Q&A block, or a talk the questions are about). */
export interface ItemQuestionFigures {
  item_id: string;
  questions: number;
  askers: number;
  answered: number;
  /** Of `answered`, those answered in text (a reply) rather than live. */
  answered_in_text: number;
  median_seconds_to_answer: number | null;
}

export interface ItemVoteFigures {
  item_id: string;
  votes: number;
  voters: number;
}

export type TopQuestion = Pick<QuestionRecord, 'block_id' | 'id' | 'body' | 'vote_count' | 'status'>;

const PUBLIC_STATUSES_SQL = `(${PUBLIC_STATUSES.map((status) => `'${status}'`).join(', ')})`;

/** `assertMayVote`'s rule in SQL: the question (alias) is public and not the voter's own. */
const MAY_VOTE_SQL = (question: string, voter: string) =>
  `${question}.status IN ${PUBLIC_STATUSES_SQL} AND ${question}.participant_id <> ${voter}`;

/**
 * Concurrent transactions take change numbers in one order and may commit in another; a
 * reconnecting client's delta therefore starts this many changes before its version. Resending
 * a few rows is harmless (upserts); missing one is not. The window is bounded by the writes in
 * flight at once (pool size times instances), far below this.
 */
const DELTA_SAFETY_CHANGES = 500;

/**
 * Every statement on `question`, `vote` and `audit_entry`, and the part's queue counter
 * (`part.queue_version`, which only queue changes move). The viewers' service, moderation and
 * the speakers' queue are services over it. Methods taking a `Db` run inside the caller's
 * transaction when given its manager.
 */
@Injectable()
export class QuestionRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (db: Db) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  // --- Asking and reading, on a viewer's behalf ---------------------------------------------

  /**
   * Inserts the question unless its id exists. Returns the stored question either way, and
   * whether this call created it (a retry with the same id gets the first result).
   */
  async insertOnce(question: NewQuestion): Promise<{ created: boolean; row: QuestionRow }> {
    const inserted = await queryFirst<QuestionRow>(
      this.dataSource,
      `INSERT INTO question AS q (id, part_id, block_id, talk_id, participant_id, body, display_name, status,
         created_at, updated_at, flagged_spans)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10::jsonb)
       ON CONFLICT (id) DO NOTHING
       RETURNING ${Q}`,
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
        toParam(questionTable, 'flagged_spans', question.flaggedSpans.length ? question.flaggedSpans : null),
      ],
    );
    if (inserted) return { created: true, row: inserted };
    const existing = await this.findForViewer(question.id, question.participantId);
    if (!existing) throw new Error(`Question ${question.id} vanished between insert and read`);
    return { created: false, row: existing };
  }

  /** The row with `voted` for this viewer. */
  findForViewer(id: string, viewerId: string): Promise<QuestionRow | null> {
    return queryFirst<QuestionRow>(
      this.dataSource,
      `SELECT ${Q}, EXISTS (SELECT 1 FROM vote v WHERE v.question_id = q.id AND v.participant_id = $2) AS voted
       FROM question q WHERE q.id = $1`,
      [id, viewerId],
    );
  }

  /** What a viewer may see of a part: public questions and their own, with their votes. */
  listForViewer(partId: string, viewerId: string): Promise<QuestionRow[]> {
    return queryRows<QuestionRow>(
      this.dataSource,
      `SELECT ${Q}, (v.participant_id IS NOT NULL) AS voted
       FROM question q
       LEFT JOIN vote v ON v.question_id = q.id AND v.participant_id = $2
       WHERE q.part_id = $1 AND (q.status IN ${PUBLIC_STATUSES_SQL} OR q.participant_id = $2)
       ORDER BY q.created_at, q.id`,
      [partId, viewerId],
    );
  }

  /** Rows changed since `version`, each with whether the viewer may (still) see it. */
  changesForViewer(
    partId: string,
    viewerId: string,
    version: number,
  ): Promise<(QuestionRow & { may_see: boolean })[]> {
    return queryRows(
      this.dataSource,
      `SELECT ${Q}, (v.participant_id IS NOT NULL) AS voted,
         (q.status IN ${PUBLIC_STATUSES_SQL} OR q.participant_id = $2) AS may_see
       FROM question q
       LEFT JOIN vote v ON v.question_id = q.id AND v.participant_id = $2
       WHERE q.part_id = $1 AND q.change_seq > $3
       ORDER BY q.change_seq`,
      [partId, viewerId, Math.max(0, version - DELTA_SAFETY_CHANGES)],
    );
  }

  /** The part's change counter: the highest change number of its questions (0 when none). */
  async partVersion(partId: string): Promise<number> {
    const row = await queryFirst<{ version: string | number | null }>(
      this.dataSource,
      'SELECT max(change_seq) AS version FROM question WHERE part_id = $1',
      [partId],
    );
    return Number(row?.version ?? 0);
  }

  // --- Votes -----------------------------------------------------------------------------------

  /**
   * Adds or removes one participant's vote, once, in one statement that also checks it: the
   * vote is written only when the question is public and not the voter's own (the rule of
   * `assertMayVote`, which the caller applies to the returned target to name the refusal).
   * The (question, participant) primary key decides, so concurrent clicks, retries and
   * reconnects never count twice; the count moves in the same statement as the vote row, so it
   * always equals the number of vote rows.
   */
  async castVote(vote: VoteCast): Promise<VoteCastOutcome> {
    const row = await queryFirst<VoteCastRow>(
      this.dataSource,
      `WITH target AS (
         SELECT id, part_id, participant_id, status, vote_count FROM question WHERE id = $1),
       allowed AS (SELECT id FROM target WHERE ${MAY_VOTE_SQL('target', '$2')}),
       changed AS (${
         vote.voted
           ? `INSERT INTO vote (question_id, participant_id, created_at) SELECT id, $2, $3 FROM allowed
              ON CONFLICT DO NOTHING RETURNING question_id`
           : `DELETE FROM vote WHERE question_id = $1 AND participant_id = $2
              AND EXISTS (SELECT 1 FROM allowed) RETURNING question_id`
       }),
       updated AS (
         UPDATE question SET vote_count = vote_count ${vote.voted ? '+' : '-'} 1,
           change_seq = nextval('question_change_seq')
         WHERE id = $1 AND EXISTS (SELECT 1 FROM changed) RETURNING vote_count)
       SELECT t.id, t.part_id, t.participant_id, t.status,
         EXISTS (SELECT 1 FROM updated) AS changed,
         COALESCE((SELECT vote_count FROM updated), t.vote_count) AS votes
       FROM target t`,
      vote.voted ? [vote.questionId, vote.participantId, vote.at] : [vote.questionId, vote.participantId],
    );
    return toVoteOutcome(row ?? null);
  }

  /**
   * The same for several votes in one statement (group commit, VoteCommitter), at most one per
   * (question, participant) pair. Answers in the order given; each `votes` is the count as if
   * the votes had been committed one after the other in that order (the final count minus the
   * changes after this one), so each ack of a burst carries its own count, as with one statement
   * per vote.
   */
  async castVotes(votes: readonly VoteCast[]): Promise<VoteCastOutcome[]> {
    const rows = await queryRows<VoteCastRow>(
      this.dataSource,
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::boolean[], $4::timestamptz[])
           WITH ORDINALITY AS t(question_id, voter_id, voted, at, n)),
       target AS (
         SELECT i.*, q.part_id, q.participant_id, q.status, q.vote_count
         FROM input i JOIN question q ON q.id = i.question_id),
       allowed AS (SELECT * FROM target t WHERE ${MAY_VOTE_SQL('t', 't.voter_id')}),
       added AS (
         INSERT INTO vote (question_id, participant_id, created_at)
         SELECT question_id, voter_id, at FROM allowed WHERE voted
         ON CONFLICT DO NOTHING RETURNING question_id, participant_id),
       removed AS (
         DELETE FROM vote v USING allowed a
         WHERE NOT a.voted AND v.question_id = a.question_id AND v.participant_id = a.voter_id
         RETURNING v.question_id, v.participant_id),
       moved AS (
         SELECT question_id, participant_id, 1 AS delta FROM added
         UNION ALL SELECT question_id, participant_id, -1 AS delta FROM removed),
       updated AS (
         UPDATE question q SET vote_count = q.vote_count + d.delta, change_seq = nextval('question_change_seq')
         FROM (SELECT question_id, sum(delta)::int AS delta FROM moved GROUP BY question_id) d
         WHERE q.id = d.question_id
         RETURNING q.id, q.vote_count)
       SELECT t.question_id AS id, t.part_id, t.participant_id, t.status,
         (m.question_id IS NOT NULL) AS changed,
         COALESCE(
           u.vote_count
             - sum(COALESCE(m.delta, 0)) OVER (PARTITION BY i.question_id)
             + sum(COALESCE(m.delta, 0)) OVER (PARTITION BY i.question_id ORDER BY i.n),
           t.vote_count)::int AS votes
       FROM input i
       LEFT JOIN target t ON t.n = i.n
       LEFT JOIN moved m ON m.question_id = i.question_id AND m.participant_id = i.voter_id
       LEFT JOIN updated u ON u.id = i.question_id
       ORDER BY i.n`,
      [
        votes.map((v) => v.questionId),
        votes.map((v) => v.participantId),
        votes.map((v) => v.voted),
        votes.map((v) => v.at),
      ],
    );
    return rows.map(toVoteOutcome);
  }

  /** count(*) over the vote rows: the naive baseline's way of counting, for the benchmark. */
  async countVotesSlowly(questionId: string): Promise<VoteCount | null> {
    const row = await queryFirst<{ votes: number } & Pick<QuestionRecord, 'change_seq' | 'status'>>(
      this.dataSource,
      `SELECT (SELECT count(*) FROM vote WHERE question_id = $1)::int AS votes, change_seq, status
       FROM question WHERE id = $1`,
      [questionId],
    );
    if (!row) return null;
    return {
      id: questionId,
      votes: row.votes,
      version: Number(row.change_seq),
      isPublic: PUBLIC_STATUSES.includes(row.status),
    };
  }

  /** The questions as they are now, for a part's batch (PartBatcher): state, counts, change numbers. */
  rowsForBatch(ids: string[]): Promise<QuestionRow[]> {
    return queryRows<QuestionRow>(this.dataSource, `SELECT ${Q} FROM question q WHERE q.id = ANY($1)`, [ids]);
  }

  /** Unites the duplicate's voters with the target's, each participant once; returns the exact count. */
  async uniteVotes(db: Db, fromId: string, intoId: string): Promise<number> {
    // The target's asker may have upvoted the duplicate; on their own question that vote would
    // be one nobody may cast (vote/own_question), so it does not come along.
    await queryRows(
      db,
      `INSERT INTO vote (question_id, participant_id, created_at)
       SELECT $2, v.participant_id, v.created_at FROM vote v
       WHERE v.question_id = $1
         AND v.participant_id <> (SELECT participant_id FROM question WHERE id = $2)
       ON CONFLICT DO NOTHING`,
      [fromId, intoId],
    );
    const row = await queryFirst<Pick<QuestionRecord, 'vote_count'>>(
      db,
      `UPDATE question SET vote_count = (SELECT count(*) FROM vote WHERE question_id = $1)
       WHERE id = $1 RETURNING vote_count`,
      [intoId],
    );
    return row!.vote_count;
  }

  // --- Moderation: reads and locked changes ----------------------------------------------------

  /** Without the viewer's relation: for staff reads outside a transaction. */
  find(id: string): Promise<QuestionRow | null> {
    return queryFirst<QuestionRow>(this.dataSource, `SELECT ${Q} FROM question q WHERE q.id = $1`, [id]);
  }

  /**
   * The question's part, event and talk, read inside the caller's transaction (a question never
   * changes part or talk).
   */
  locate(db: Db, id: string): Promise<{ part_id: string; event_id: string; talk_id: string | null } | null> {
    return queryFirst(
      db,
      'SELECT q.part_id, p.event_id, q.talk_id FROM question q JOIN part p ON p.id = q.part_id WHERE q.id = $1',
      [id],
    );
  }

  lockQuestion(db: Db, id: string): Promise<QuestionRow | null> {
    return queryFirst<QuestionRow>(db, `SELECT ${Q} FROM question q WHERE q.id = $1 FOR UPDATE`, [id]);
  }

  async update(db: Db, id: string, change: QuestionChange, at: Date): Promise<QuestionRow> {
    const entries = Object.entries(change) as [keyof QuestionChange, unknown][];
    const assignments = entries.map(([column], i) => `${column} = $${i + 3}`);
    const row = await queryFirst<QuestionRow>(
      db,
      `UPDATE question q SET ${[...assignments, 'revision = revision + 1', "change_seq = nextval('question_change_seq')", 'updated_at = $2'].join(', ')}
       WHERE q.id = $1 RETURNING ${Q}`,
      [id, at, ...entries.map(([column, value]) => toParam(questionTable, column, value))],
    );
    if (!row) throw new Error(`Question ${id} vanished inside its transaction`);
    return row;
  }

  /**
   * Moves the change number of these questions, not their revision: their labels were renamed
   * or deleted, which every view must learn (a reconnecting client's delta included), while a
   * moderator's pending action on them stays valid.
   */
  touch(db: Db, ids: string[]): Promise<QuestionRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return queryRows<QuestionRow>(
      db,
      `UPDATE question q SET change_seq = nextval('question_change_seq')
       WHERE q.id = ANY($1::uuid[]) RETURNING ${Q}`,
      [ids],
    );
  }

  /** The question on air in each of these parts (at most one per part). */
  onAirIn(partIds: string[]): Promise<QuestionRow[]> {
    if (partIds.length === 0) return Promise.resolve([]);
    return queryRows<QuestionRow>(
      this.dataSource,
      `SELECT ${Q} FROM question q WHERE q.part_id = ANY($1::uuid[]) AND q.status = 'on_air'`,
      [partIds],
    );
  }

  async onAirId(db: Db, partId: string): Promise<string | null> {
    const row = await queryFirst<Pick<QuestionRecord, 'id'>>(
      db,
      `SELECT id FROM question WHERE part_id = $1 AND status = 'on_air'`,
      [partId],
    );
    return row?.id ?? null;
  }

  /** Every question of a part, for the moderators, oldest first. */
  listPart(partId: string): Promise<QuestionRow[]> {
    return queryRows<QuestionRow>(
      this.dataSource,
      `SELECT ${Q} FROM question q WHERE q.part_id = $1 ORDER BY q.created_at, q.id`,
      [partId],
    );
  }

  /** A part's questions answered in text, latest answer first, for the speakers' view. */
  answeredInText(partId: string): Promise<QuestionRow[]> {
    return queryRows<QuestionRow>(
      this.dataSource,
      `SELECT ${Q} FROM question q
       WHERE q.part_id = $1 AND q.status = 'answered' AND q.answered_how = 'text'
       ORDER BY q.reply_at DESC, q.id`,
      [partId],
    );
  }

  /** Every question of an event (or one block), for the export, oldest first. */
  exportRows(eventId: string, blockId: string | null): Promise<QuestionRow[]> {
    return queryRows<QuestionRow>(
      this.dataSource,
      `SELECT ${Q} FROM question q JOIN part p ON p.id = q.part_id
       WHERE p.event_id = $1 AND ($2::uuid IS NULL OR q.block_id = $2)
       ORDER BY p.position, q.created_at, q.id`,
      [eventId, blockId],
    );
  }

  /** The answered questions of an event, most upvoted first, for the published answers page. */
  answeredOfEvent(eventId: string): Promise<QuestionRow[]> {
    return queryRows<QuestionRow>(
      this.dataSource,
      `SELECT ${Q} FROM question q JOIN part p ON p.id = q.part_id
       WHERE p.event_id = $1 AND q.status = 'answered'
       ORDER BY q.vote_count DESC, q.created_at, q.id`,
      [eventId],
    );
  }

  // --- The queue -------------------------------------------------------------------------------

  /**
   * The part's queue counter, locked: queue changes of one part happen one at a time. Always
   * taken before any question lock, so two moderators never deadlock.
   */
  async lockQueue(db: Db, partId: string): Promise<{ queueVersion: number; eventId: string }> {
    const row = await queryFirst<{ queue_version: number; event_id: string }>(
      db,
      'SELECT queue_version, event_id FROM part WHERE id = $1 FOR UPDATE',
      [partId],
    );
    if (!row) throw new Error(`Part ${partId} vanished inside its transaction`);
    return { queueVersion: row.queue_version, eventId: row.event_id };
  }

  async bumpQueueVersion(db: Db, partId: string): Promise<void> {
    await queryRows(db, 'UPDATE part SET queue_version = queue_version + 1 WHERE id = $1', [partId]);
  }

  async nextQueuePosition(db: Db, partId: string): Promise<number> {
    const row = await queryFirst<{ next: number }>(
      db,
      `SELECT coalesce(max(queue_position), 0)::int + 1 AS next FROM question WHERE part_id = $1 AND status = 'queued'`,
      [partId],
    );
    return row!.next;
  }

  async queuedIds(db: Db, partId: string): Promise<string[]> {
    const rows = await queryRows<Pick<QuestionRecord, 'id'>>(
      db,
      `SELECT id FROM question WHERE part_id = $1 AND status = 'queued' ORDER BY queue_position, queued_at, id`,
      [partId],
    );
    return rows.map((row) => row.id);
  }

  /** Positions 1..n in the given order; only rows whose position changes are touched. */
  setQueueOrder(db: Db, partId: string, order: string[], at: Date): Promise<QuestionRow[]> {
    if (order.length === 0) return Promise.resolve([]);
    return queryRows<QuestionRow>(
      db,
      `UPDATE question q SET queue_position = o.position, revision = revision + 1,
         change_seq = nextval('question_change_seq'), updated_at = $3
       FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, position)
       WHERE q.id = o.id AND q.part_id = $1 AND q.queue_position IS DISTINCT FROM o.position
       RETURNING ${Q}`,
      [partId, order, at],
    );
  }

  /** The on-air question and the queued ones in order, with the part's queue version. */
  async queue(partId: string): Promise<{ queueVersion: number; rows: QuestionRow[] }> {
    const [version, rows] = await Promise.all([
      queryFirst<{ queue_version: number }>(this.dataSource, 'SELECT queue_version FROM part WHERE id = $1', [
        partId,
      ]),
      queryRows<QuestionRow>(
        this.dataSource,
        `SELECT ${Q} FROM question q WHERE q.part_id = $1 AND q.status IN ('queued', 'on_air')
         ORDER BY q.queue_position NULLS FIRST, q.queued_at, q.id`,
        [partId],
      ),
    ]);
    return { queueVersion: version?.queue_version ?? 0, rows };
  }

  // --- The moderation history ------------------------------------------------------------------

  async audit(db: Db, entry: AuditRecord): Promise<void> {
    await queryRows(
      db,
      `INSERT INTO audit_entry (event_id, question_id, actor, action, before, after, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        entry.eventId,
        entry.questionId,
        entry.actor,
        entry.action,
        toParam(auditEntryTable, 'before', entry.before ?? null),
        toParam(auditEntryTable, 'after', entry.after ?? null),
        entry.at,
      ],
    );
  }

  async history(questionId: string): Promise<AuditEntryView[]> {
    const rows = await queryRows<
      Pick<RowOf<typeof auditEntryTable>, 'at' | 'actor' | 'action' | 'question_id' | 'before' | 'after'> & {
        label: string | null;
      }
    >(
      this.dataSource,
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

  // --- Figures over many parts: the analytics' aggregates and the retention purge ------------

  /** Per block (by `block_id`) and per talk (by `talk_id`): the two groupings in one list. */
  async itemQuestionFigures(partIds: string[]): Promise<ItemQuestionFigures[]> {
    const figures = (column: 'block_id' | 'talk_id') => `
      SELECT ${column} AS item_id, count(*)::int AS questions,
             count(DISTINCT participant_id)::int AS askers,
             count(*) FILTER (WHERE status = 'answered')::int AS answered,
             count(*) FILTER (WHERE status = 'answered' AND answered_how = 'text')::int AS answered_in_text,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - created_at))
               FILTER (WHERE status = 'answered' AND answered_at IS NOT NULL) AS median_seconds_to_answer
      FROM question WHERE part_id = ANY($1::uuid[]) AND ${column} IS NOT NULL GROUP BY ${column}`;
    const rows = await queryRows<ItemQuestionFigures>(
      this.dataSource,
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

  /** Upvotes and distinct voters per block and per talk. */
  itemVoteFigures(partIds: string[]): Promise<ItemVoteFigures[]> {
    const figures = (column: 'block_id' | 'talk_id') => `
      SELECT question.${column} AS item_id, count(*)::int AS votes,
             count(DISTINCT vote.participant_id)::int AS voters
      FROM vote JOIN question ON question.id = vote.question_id
      WHERE question.part_id = ANY($1::uuid[]) AND question.${column} IS NOT NULL
      GROUP BY question.${column}`;
    return queryRows<ItemVoteFigures>(
      this.dataSource,
      `${figures('block_id')} UNION ALL ${figures('talk_id')}`,
      [partIds],
    );
  }

  /** The `limit` most upvoted questions viewers could see, per block. */
  topQuestions(partIds: string[], limit: number): Promise<TopQuestion[]> {
    return queryRows<TopQuestion>(
      this.dataSource,
      `SELECT block_id, id, body, vote_count, status FROM (
         SELECT block_id, id, body, vote_count, status,
                row_number() OVER (PARTITION BY block_id ORDER BY vote_count DESC, created_at) AS rank
         FROM question WHERE part_id = ANY($1::uuid[]) AND status = ANY($2::text[])
       ) ranked WHERE rank <= $3 ORDER BY block_id, rank`,
      [partIds, PUBLIC_STATUSES, limit],
    );
  }

  /** When each question of the parts was asked, in order. */
  askedTimes(partIds: string[]): Promise<Pick<QuestionRecord, 'part_id' | 'created_at'>[]> {
    return queryRows(
      this.dataSource,
      `SELECT part_id, created_at FROM question WHERE part_id = ANY($1::uuid[]) ORDER BY created_at`,
      [partIds],
    );
  }

  /**
   * Deletes the questions (with their votes and audit entries, by cascade) of every event whose
   * last part ended before `endedBefore`. Returns how many went, per event slug.
   */
  async purgeOfEventsEndedBefore(endedBefore: Date): Promise<{ slug: string; questions: number }[]> {
    const rows = await queryRows<{ slug: string; questions: string | number }>(
      this.dataSource,
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
