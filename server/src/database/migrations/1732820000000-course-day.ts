import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The course day's edges: a question on air when its block ended is marked so the moderator can
 * decide (answered or back to the queue), and display names may be 80 characters long.
 */
export class CourseDay1732820000000 implements MigrationInterface {
  name = 'CourseDay1732820000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE question ADD COLUMN air_ended_at timestamptz`);
    await db.query(`ALTER TABLE question DROP CONSTRAINT question_display_name_check`);
    await db.query(`ALTER TABLE question ADD CONSTRAINT question_display_name_check
      CHECK (char_length(display_name) <= 80)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE question DROP CONSTRAINT question_display_name_check`);
    // Longer names would break the old limit: cut them to it rather than fail the rollback.
    await db.query(
      `UPDATE question SET display_name = left(display_name, 60) WHERE char_length(display_name) > 60`,
    );
    await db.query(`ALTER TABLE question ADD CONSTRAINT question_display_name_check
      CHECK (char_length(display_name) <= 60)`);
    await db.query(`ALTER TABLE question DROP COLUMN air_ended_at`);
  }
}
