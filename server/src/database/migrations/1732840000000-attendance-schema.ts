import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * CME attendance: the organizer's settings per event, registered attendees, the raw beat log
 * with what each beat credited, per-part progress (the previous beat and the prompt schedule),
 * presence prompts, audited manual corrections and certificates. Every table hangs on the
 * event with ON DELETE CASCADE, so deleting an event leaves nothing behind. Part and item ids
 * carry no foreign key: the log must survive a re-published programme.
 */
export class AttendanceSchema1732840000000 implements MigrationInterface {
  name = 'AttendanceSchema1732840000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE attendance_settings (
        event_id uuid PRIMARY KEY REFERENCES event(id) ON DELETE CASCADE,
        enabled boolean NOT NULL DEFAULT false,
        consent_text text NOT NULL,
        accreditation_statement text NOT NULL,
        rule jsonb NOT NULL,
        evaluation jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE attendee (
        id uuid PRIMARY KEY,
        event_id uuid NOT NULL REFERENCES event(id) ON DELETE CASCADE,
        participant_id uuid NOT NULL,
        name text NOT NULL,
        email text NOT NULL,
        profession text,
        licence text,
        consent_text text NOT NULL,
        registered_at timestamptz NOT NULL,
        evaluation jsonb,
        evaluated_at timestamptz,
        UNIQUE (event_id, participant_id)
      )`);
    await db.query(`
      CREATE TABLE attendance_progress (
        attendee_id uuid NOT NULL REFERENCES attendee(id) ON DELETE CASCADE,
        part_id uuid NOT NULL,
        live_ms bigint NOT NULL DEFAULT 0,
        last_at timestamptz,
        last_playing boolean,
        last_stream_time timestamptz,
        next_prompt_at timestamptz,
        PRIMARY KEY (attendee_id, part_id)
      )`);
    await db.query(`
      CREATE TABLE attendance_beat (
        id bigserial PRIMARY KEY,
        attendee_id uuid NOT NULL REFERENCES attendee(id) ON DELETE CASCADE,
        part_id uuid NOT NULL,
        received_at timestamptz NOT NULL,
        playing boolean NOT NULL,
        visible boolean NOT NULL,
        stream_time timestamptz,
        credited_ms int NOT NULL
      )`);
    await db.query(`CREATE INDEX attendance_beat_attendee ON attendance_beat (attendee_id, id)`);
    await db.query(`
      CREATE TABLE attendance_credit (
        beat_id bigint NOT NULL REFERENCES attendance_beat(id) ON DELETE CASCADE,
        attendee_id uuid NOT NULL REFERENCES attendee(id) ON DELETE CASCADE,
        item_id uuid NOT NULL,
        received_at timestamptz NOT NULL,
        ms int NOT NULL,
        PRIMARY KEY (beat_id, item_id)
      )`);
    await db.query(`CREATE INDEX attendance_credit_attendee ON attendance_credit (attendee_id, item_id)`);
    await db.query(`
      CREATE TABLE presence_prompt (
        id uuid PRIMARY KEY,
        attendee_id uuid NOT NULL REFERENCES attendee(id) ON DELETE CASCADE,
        part_id uuid NOT NULL,
        shown_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        answered_at timestamptz
      )`);
    await db.query(`CREATE INDEX presence_prompt_attendee ON presence_prompt (attendee_id, shown_at)`);
    await db.query(`
      CREATE TABLE attendance_correction (
        id bigserial PRIMARY KEY,
        attendee_id uuid NOT NULL REFERENCES attendee(id) ON DELETE CASCADE,
        item_id uuid NOT NULL,
        seconds int NOT NULL,
        reason text NOT NULL,
        actor text NOT NULL,
        at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE certificate (
        id varchar(32) PRIMARY KEY,
        event_id uuid NOT NULL REFERENCES event(id) ON DELETE CASCADE,
        attendee_id uuid UNIQUE REFERENCES attendee(id) ON DELETE SET NULL,
        name text,
        event_title text NOT NULL,
        credits numeric(6, 2) NOT NULL,
        issued_at timestamptz NOT NULL,
        voided_at timestamptz
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'certificate',
      'attendance_correction',
      'presence_prompt',
      'attendance_credit',
      'attendance_beat',
      'attendance_progress',
      'attendee',
      'attendance_settings',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
