import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Labels (issue 13): each event's moderators keep a list of labels (topics, "for the panel") and
 * tag questions with them. A name is unique in its event whatever its case; deleting a label or
 * a question takes its tags with it.
 */
export class Labels1732930000000 implements MigrationInterface {
  name = 'Labels1732930000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE label (
        id uuid PRIMARY KEY,
        event_id uuid NOT NULL REFERENCES event(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 40),
        created_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE UNIQUE INDEX label_event_name_key ON label (event_id, lower(name))`);
    await db.query(`
      CREATE TABLE question_label (
        question_id uuid NOT NULL REFERENCES question(id) ON DELETE CASCADE,
        label_id uuid NOT NULL REFERENCES label(id) ON DELETE CASCADE,
        PRIMARY KEY (question_id, label_id)
      )`);
    // The primary key serves reads by question; deleting a label looks its tags up by label.
    await db.query(`CREATE INDEX question_label_label_idx ON question_label (label_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE question_label`);
    await db.query(`DROP TABLE label`);
  }
}
