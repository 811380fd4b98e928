import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organizer console's settings: each part's stream delay (how far the stream a viewer sees
 * runs behind the programme clock) and an event's own "Q&A opens before", which overrides
 * QA_OPENS_BEFORE_MINUTES when set.
 */
export class OrganizerConsole1732810000000 implements MigrationInterface {
  name = 'OrganizerConsole1732810000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE part ADD COLUMN stream_delay_seconds int NOT NULL DEFAULT 20
      CHECK (stream_delay_seconds BETWEEN 0 AND 600)`);
    await db.query(`ALTER TABLE event ADD COLUMN qa_opens_before_minutes int
      CHECK (qa_opens_before_minutes BETWEEN 0 AND 1440)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE event DROP COLUMN qa_opens_before_minutes`);
    await db.query(`ALTER TABLE part DROP COLUMN stream_delay_seconds`);
  }
}
