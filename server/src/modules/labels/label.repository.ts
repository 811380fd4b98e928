import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { LabelView } from '../../../../shared/questions.js';
import { col, defineTable, queryFirst, queryRows, type Db, type RowOf } from '../../database/typed-sql.js';

/** An event's label (issue 13); the name is unique in the event whatever its case. */
export const labelTable = defineTable('label', {
  id: col.uuid(),
  event_id: col.uuid(),
  name: col.text(),
  created_at: col.timestamptz(),
});

/** Which labels a question carries. */
export const questionLabelTable = defineTable('question_label', {
  question_id: col.uuid(),
  label_id: col.uuid(),
});

export type LabelRecord = RowOf<typeof labelTable>;

/** The one order of labels everywhere: by name whatever its case, then id (stable for equal names). */
const LABEL_ORDER = 'lower(l.name), l.id';

/**
 * The labels of the question aliased `questionAlias`, as a JSON list of `{ id, name }` in the
 * label order: a column of the question reads (QuestionRepository), so every view of a question
 * carries its labels whichever read made it. A correlated subquery over the join table's key.
 */
export function questionLabelsColumn(questionAlias: string): string {
  return `(SELECT coalesce(jsonb_agg(jsonb_build_object('id', l.id, 'name', l.name) ORDER BY ${LABEL_ORDER}), '[]'::jsonb)
     FROM question_label ql JOIN label l ON l.id = ql.label_id WHERE ql.question_id = ${questionAlias}.id)`;
}

/**
 * Every statement on `label` and `question_label`. Methods taking a `Db` run inside the caller's
 * transaction when given its manager.
 */
@Injectable()
export class LabelRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (db: Db) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The event's labels in the label order. */
  list(eventId: string, db: Db = this.dataSource): Promise<LabelView[]> {
    return queryRows<LabelView>(
      db,
      `SELECT l.id, l.name FROM label l WHERE l.event_id = $1 ORDER BY ${LABEL_ORDER}`,
      [eventId],
    );
  }

  /**
   * Locks the event's label list and counts it: creating, renaming and deleting happen one at a
   * time per event, so two moderators cannot both create the 30th label. (NO KEY: rows that
   * reference the event, audit entries among them, can still be written meanwhile.)
   */
  async lockEvent(db: Db, eventId: string): Promise<number> {
    await queryRows(db, 'SELECT 1 FROM event WHERE id = $1 FOR NO KEY UPDATE', [eventId]);
    const row = await queryFirst<{ count: number }>(
      db,
      'SELECT count(*)::int AS count FROM label WHERE event_id = $1',
      [eventId],
    );
    return row!.count;
  }

  /** Whether another label of the event (not `exceptId`) has this name, whatever its case. */
  async nameTaken(db: Db, eventId: string, name: string, exceptId: string | null): Promise<boolean> {
    const rows = await queryRows(
      db,
      'SELECT 1 FROM label WHERE event_id = $1 AND lower(name) = lower($2) AND id IS DISTINCT FROM $3::uuid',
      [eventId, name, exceptId],
    );
    return rows.length > 0;
  }

  async insert(db: Db, label: { id: string; eventId: string; name: string; at: Date }): Promise<void> {
    await queryRows(db, 'INSERT INTO label (id, event_id, name, created_at) VALUES ($1, $2, $3, $4)', [
      label.id,
      label.eventId,
      label.name,
      label.at,
    ]);
  }

  /**
   * Locks one label of the event for a rename or delete; false when the event has no such label.
   * Taken before any question's lock, as tagging does (`lockForTagging`): one order, no deadlock.
   */
  async lockOne(db: Db, eventId: string, labelId: string): Promise<boolean> {
    const rows = await queryRows(db, 'SELECT 1 FROM label WHERE id = $2 AND event_id = $1 FOR UPDATE', [
      eventId,
      labelId,
    ]);
    return rows.length > 0;
  }

  /** Renames a label of the event; false when the event has no such label. */
  async rename(db: Db, eventId: string, labelId: string, name: string): Promise<boolean> {
    const rows = await queryRows<Pick<LabelRecord, 'id'>>(
      db,
      'UPDATE label SET name = $3 WHERE id = $2 AND event_id = $1 RETURNING id',
      [eventId, labelId, name],
    );
    return rows.length > 0;
  }

  /** Deletes a label of the event (its tags go with it); false when the event has no such label. */
  async delete(db: Db, eventId: string, labelId: string): Promise<boolean> {
    const rows = await queryRows<Pick<LabelRecord, 'id'>>(
      db,
      'DELETE FROM label WHERE id = $2 AND event_id = $1 RETURNING id',
      [eventId, labelId],
    );
    return rows.length > 0;
  }

  /** The questions that carry the label (whose views change when it is renamed or deleted). */
  async questionIdsWith(db: Db, labelId: string): Promise<string[]> {
    const rows = await queryRows<Pick<RowOf<typeof questionLabelTable>, 'question_id'>>(
      db,
      'SELECT question_id FROM question_label WHERE label_id = $1',
      [labelId],
    );
    return rows.map((row) => row.question_id);
  }

  /**
   * Locks (shared) those of these ids that are labels of the event and says how many they are:
   * a label being tagged cannot be deleted before the tag commits. Taken before the question's lock.
   */
  async lockForTagging(db: Db, eventId: string, labelIds: string[]): Promise<number> {
    if (labelIds.length === 0) return 0;
    const rows = await queryRows(
      db,
      'SELECT id FROM label WHERE event_id = $1 AND id = ANY($2::uuid[]) FOR SHARE',
      [eventId, labelIds],
    );
    return rows.length;
  }

  /** The question carries exactly these labels from now on. */
  async replaceOfQuestion(db: Db, questionId: string, labelIds: string[]): Promise<void> {
    await queryRows(db, 'DELETE FROM question_label WHERE question_id = $1', [questionId]);
    if (labelIds.length === 0) return;
    await queryRows(
      db,
      `INSERT INTO question_label (question_id, label_id)
       SELECT $1, id FROM unnest($2::uuid[]) AS chosen(id)`,
      [questionId, labelIds],
    );
  }
}
