import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Participants, questions and votes. Every change to a question takes a new value from one
 * sequence (`change_seq`), so "what changed since version N" is one indexed query and a
 * reconnecting client misses nothing.
 */
export class LiveQaSchema1732790000000 implements MigrationInterface {
  name = 'LiveQaSchema1732790000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE server_secret (
        name varchar(40) PRIMARY KEY,
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE participant (
        id uuid PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`ALTER TABLE agenda_item ADD COLUMN submissions_override varchar(6)
      CHECK (submissions_override IN ('open', 'closed'))`);
    await db.query(`CREATE SEQUENCE question_change_seq`);
    await db.query(`
      CREATE TABLE question (
        id uuid PRIMARY KEY,
        part_id uuid NOT NULL REFERENCES part(id) ON DELETE CASCADE,
        block_id uuid NOT NULL REFERENCES agenda_item(id) ON DELETE CASCADE,
        talk_id uuid REFERENCES agenda_item(id) ON DELETE SET NULL,
        participant_id uuid NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
        body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 500),
        display_name text CHECK (char_length(display_name) <= 60),
        status varchar(10) NOT NULL
          CHECK (status IN ('pending', 'visible', 'queued', 'on_air', 'answered', 'hidden')),
        vote_count int NOT NULL DEFAULT 0 CHECK (vote_count >= 0),
        queue_position int,
        change_seq bigint NOT NULL DEFAULT nextval('question_change_seq'),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX question_part_change ON question (part_id, change_seq)`);
    await db.query(`CREATE INDEX question_participant ON question (participant_id)`);
    await db.query(`
      CREATE TABLE vote (
        question_id uuid NOT NULL REFERENCES question(id) ON DELETE CASCADE,
        participant_id uuid NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (question_id, participant_id)
      )`);
    await db.query(`CREATE INDEX vote_participant ON vote (participant_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE vote`);
    await db.query(`DROP TABLE question`);
    await db.query(`DROP SEQUENCE question_change_seq`);
    await db.query(`ALTER TABLE agenda_item DROP COLUMN submissions_override`);
    await db.query(`DROP TABLE participant`);
    await db.query(`DROP TABLE server_secret`);
  }
}
