import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Holds for patient data and profanity (issue 13): a switch per hold on the event (on by default,
 * so an event is protected before anyone thinks of it) and, on the question, the spans that caused
 * a hold, for the moderators to see marked.
 */
export class QuestionHolds1732870000000 implements MigrationInterface {
  name = 'QuestionHolds1732870000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE event
      ADD COLUMN hold_patient_data boolean NOT NULL DEFAULT true,
      ADD COLUMN hold_profanity boolean NOT NULL DEFAULT true`);
    // [{ flag, start, end }] over the current body; NULL when nothing was held.
    await db.query(`ALTER TABLE question ADD COLUMN flagged_spans jsonb`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE question DROP COLUMN flagged_spans`);
    await db.query(`ALTER TABLE event DROP COLUMN hold_patient_data, DROP COLUMN hold_profanity`);
  }
}
