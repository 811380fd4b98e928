import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Answers in text (issue 13): how an answered question was answered, and the reply with its
 * time and the label of the link that wrote it. Questions answered before this existed were
 * answered on the stream, so they become "live". After the event the organizer may publish the
 * answered questions as a public page (`event.answers_published`, off until then).
 */
export class AnswersInText1732920000000 implements MigrationInterface {
  name = 'AnswersInText1732920000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE question
        ADD COLUMN answered_how varchar(8) NULL CHECK (answered_how IN ('live', 'text')),
        ADD COLUMN reply_text text NULL,
        ADD COLUMN reply_at timestamptz NULL,
        ADD COLUMN reply_by text NULL`);
    await db.query(`UPDATE question SET answered_how = 'live' WHERE status = 'answered'`);
    await db.query(`ALTER TABLE event ADD COLUMN answers_published boolean NOT NULL DEFAULT false`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE event DROP COLUMN answers_published`);
    await db.query(`
      ALTER TABLE question
        DROP COLUMN answered_how, DROP COLUMN reply_text, DROP COLUMN reply_at, DROP COLUMN reply_by`);
  }
}
