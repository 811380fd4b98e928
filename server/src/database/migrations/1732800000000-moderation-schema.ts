import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Moderation: grants (moderator and speaker links), question curation fields, the queue, audit. */
export class ModerationSchema1732800000000 implements MigrationInterface {
  name = 'ModerationSchema1732800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE event
      ADD COLUMN pre_moderation boolean NOT NULL DEFAULT false,
      ADD COLUMN speakers_may_answer boolean NOT NULL DEFAULT false`);
    await db.query(`ALTER TABLE part ADD COLUMN queue_version int NOT NULL DEFAULT 0`);
    await db.query(`ALTER TABLE question
      ADD COLUMN original_body text,
      ADD COLUMN starred boolean NOT NULL DEFAULT false,
      ADD COLUMN revision int NOT NULL DEFAULT 0,
      ADD COLUMN merged_into_id uuid REFERENCES question(id) ON DELETE SET NULL,
      ADD COLUMN queued_at timestamptz,
      ADD COLUMN on_air_at timestamptz,
      ADD COLUMN answered_at timestamptz`);
    await db.query(`ALTER TABLE question DROP CONSTRAINT question_status_check`);
    await db.query(`ALTER TABLE question ADD CONSTRAINT question_status_check
      CHECK (status IN ('pending', 'visible', 'queued', 'on_air', 'answered', 'hidden', 'merged'))`);
    // One question on air per part, whatever two moderators do at once.
    await db.query(`CREATE UNIQUE INDEX question_one_on_air ON question (part_id) WHERE status = 'on_air'`);
    await db.query(`
      CREATE TABLE access_grant (
        id uuid PRIMARY KEY,
        event_id uuid NOT NULL REFERENCES event(id) ON DELETE CASCADE,
        role varchar(10) NOT NULL CHECK (role IN ('moderator', 'speaker')),
        speaker_name text,
        label text NOT NULL,
        secret_hash char(64) NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await db.query(`
      CREATE TABLE audit_entry (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL REFERENCES event(id) ON DELETE CASCADE,
        question_id uuid REFERENCES question(id) ON DELETE CASCADE,
        actor text NOT NULL,
        action varchar(40) NOT NULL,
        before jsonb,
        after jsonb,
        at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX audit_entry_question ON audit_entry (question_id, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_entry`);
    await db.query(`DROP TABLE access_grant`);
    await db.query(`DROP INDEX question_one_on_air`);
    await db.query(`ALTER TABLE question DROP CONSTRAINT question_status_check`);
    await db.query(`ALTER TABLE question ADD CONSTRAINT question_status_check
      CHECK (status IN ('pending', 'visible', 'queued', 'on_air', 'answered', 'hidden'))`);
    await db.query(`ALTER TABLE question DROP COLUMN original_body, DROP COLUMN starred, DROP COLUMN revision,
      DROP COLUMN merged_into_id, DROP COLUMN queued_at, DROP COLUMN on_air_at, DROP COLUMN answered_at`);
    await db.query(`ALTER TABLE part DROP COLUMN queue_version`);
    await db.query(`ALTER TABLE event DROP COLUMN pre_moderation, DROP COLUMN speakers_may_answer`);
  }
}
