import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Events, their parts (afternoons), agenda items and speakers. */
export class ProgrammeSchema1732780000000 implements MigrationInterface {
  name = 'ProgrammeSchema1732780000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE event (
        id uuid PRIMARY KEY,
        slug varchar(80) NOT NULL UNIQUE,
        title text NOT NULL,
        description text NOT NULL,
        notes text NOT NULL,
        timezone varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE part (
        id uuid PRIMARY KEY,
        event_id uuid NOT NULL REFERENCES event(id) ON DELETE CASCADE,
        position int NOT NULL,
        title text NOT NULL,
        local_date varchar(10) NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        stream_url text,
        stream_note text NOT NULL,
        about text NOT NULL,
        objectives jsonb NOT NULL,
        UNIQUE (event_id, position),
        CHECK (ends_at > starts_at)
      )`);
    await db.query(`
      CREATE TABLE agenda_item (
        id uuid PRIMARY KEY,
        part_id uuid NOT NULL REFERENCES part(id) ON DELETE CASCADE,
        position int NOT NULL,
        kind varchar(8) NOT NULL CHECK (kind IN ('talk', 'qa', 'break')),
        title text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        qa_item_id uuid REFERENCES agenda_item(id) ON DELETE SET NULL,
        UNIQUE (part_id, position),
        CHECK (ends_at > starts_at)
      )`);
    await db.query(`CREATE INDEX agenda_item_part_start ON agenda_item (part_id, starts_at)`);
    await db.query(`
      CREATE TABLE speaker (
        id uuid PRIMARY KEY,
        agenda_item_id uuid NOT NULL REFERENCES agenda_item(id) ON DELETE CASCADE,
        position int NOT NULL,
        name text NOT NULL,
        city text,
        country text,
        UNIQUE (agenda_item_id, position)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE speaker`);
    await db.query(`DROP TABLE agenda_item`);
    await db.query(`DROP TABLE part`);
    await db.query(`DROP TABLE event`);
  }
}
