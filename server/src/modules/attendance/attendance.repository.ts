import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AttendanceRule, EvaluationQuestion } from '../../../../shared/attendance.js';
import { col, defineTable, nullable, selectList, toParam, type RowOf } from '../../database/typed-sql.js';
import { queryFirst, queryRows, type Db } from '../../database/typed-sql.js';

export const attendanceSettingsTable = defineTable('attendance_settings', {
  event_id: col.uuid(),
  enabled: col.boolean(),
  consent_text: col.text(),
  accreditation_statement: col.text(),
  rule: col.jsonb<AttendanceRule>(),
  evaluation: col.jsonb<EvaluationQuestion[]>(),
  updated_at: col.timestamptz(),
});

export const attendeeTable = defineTable('attendee', {
  id: col.uuid(),
  event_id: col.uuid(),
  participant_id: col.uuid(),
  name: col.text(),
  email: col.text(),
  profession: nullable(col.text()),
  licence: nullable(col.text()),
  consent_text: col.text(),
  registered_at: col.timestamptz(),
  evaluation: nullable(col.jsonb<Record<string, string | number | boolean>>()),
  evaluated_at: nullable(col.timestamptz()),
});

export const attendanceProgressTable = defineTable('attendance_progress', {
  attendee_id: col.uuid(),
  part_id: col.uuid(),
  live_ms: col.bigint(),
  last_at: nullable(col.timestamptz()),
  last_playing: nullable(col.boolean()),
  last_stream_time: nullable(col.timestamptz()),
  next_prompt_at: nullable(col.timestamptz()),
});

export const attendanceBeatTable = defineTable('attendance_beat', {
  id: col.bigint(),
  attendee_id: col.uuid(),
  part_id: col.uuid(),
  received_at: col.timestamptz(),
  playing: col.boolean(),
  visible: col.boolean(),
  stream_time: nullable(col.timestamptz()),
  credited_ms: col.integer(),
});

export const attendanceCreditTable = defineTable('attendance_credit', {
  beat_id: col.bigint(),
  attendee_id: col.uuid(),
  item_id: col.uuid(),
  received_at: col.timestamptz(),
  ms: col.integer(),
});

export const presencePromptTable = defineTable('presence_prompt', {
  id: col.uuid(),
  attendee_id: col.uuid(),
  part_id: col.uuid(),
  shown_at: col.timestamptz(),
  expires_at: col.timestamptz(),
  answered_at: nullable(col.timestamptz()),
});

export const attendanceCorrectionTable = defineTable('attendance_correction', {
  id: col.bigint(),
  attendee_id: col.uuid(),
  item_id: col.uuid(),
  seconds: col.integer(),
  reason: col.text(),
  actor: col.text(),
  at: col.timestamptz(),
});

export const certificateTable = defineTable('certificate', {
  id: col.varchar(),
  event_id: col.uuid(),
  /** Null once the attendee is deleted: the certificate stays only as "void". */
  attendee_id: nullable(col.uuid()),
  name: nullable(col.text()),
  event_title: col.text(),
  credits: col.numeric(),
  issued_at: col.timestamptz(),
  voided_at: nullable(col.timestamptz()),
});

export type SettingsRow = Omit<RowOf<typeof attendanceSettingsTable>, 'updated_at'>;
export type AttendeeRow = RowOf<typeof attendeeTable>;
export type ProgressRow = Omit<RowOf<typeof attendanceProgressTable>, 'attendee_id' | 'part_id'>;
export type CreditRow = Omit<RowOf<typeof attendanceCreditTable>, 'beat_id'>;
export type PromptRow = RowOf<typeof presencePromptTable>;
export type CorrectionRow = RowOf<typeof attendanceCorrectionTable>;
export type BeatRow = RowOf<typeof attendanceBeatTable>;
export type CertificateRow = RowOf<typeof certificateTable>;

const SETTINGS = selectList(attendanceSettingsTable, 's');
const ATTENDEE = selectList(attendeeTable, 'a');
const PROMPT = selectList(presencePromptTable, 'p');
const CORRECTION = selectList(attendanceCorrectionTable, 'c');
const BEAT = selectList(attendanceBeatTable, 'b');
const CERTIFICATE = selectList(certificateTable, 'c');

/** Every statement on CME attendance's tables. Methods taking a `db` run inside the caller's transaction. */
@Injectable()
export class AttendanceRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (db: Db) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async settings(eventId: string): Promise<SettingsRow | null> {
    return queryFirst<SettingsRow>(
      this.dataSource,
      `SELECT ${SETTINGS} FROM attendance_settings s WHERE s.event_id = $1`,
      [eventId],
    );
  }

  async saveSettings(row: SettingsRow, at: Date): Promise<void> {
    await queryRows(
      this.dataSource,
      `INSERT INTO attendance_settings (event_id, enabled, consent_text, accreditation_statement, rule, evaluation, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (event_id) DO UPDATE SET enabled = $2, consent_text = $3, accreditation_statement = $4,
         rule = $5, evaluation = $6, updated_at = $7`,
      [
        row.event_id,
        row.enabled,
        row.consent_text,
        row.accreditation_statement,
        toParam(attendanceSettingsTable, 'rule', row.rule),
        toParam(attendanceSettingsTable, 'evaluation', row.evaluation),
        at,
      ],
    );
  }

  /** Registers, or updates the details of an existing registration (same participant, same event). */
  async upsertAttendee(row: Omit<AttendeeRow, 'evaluation' | 'evaluated_at'>): Promise<AttendeeRow> {
    const rows = await queryRows<AttendeeRow>(
      this.dataSource,
      `INSERT INTO attendee AS a (id, event_id, participant_id, name, email, profession, licence, consent_text, registered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (event_id, participant_id) DO UPDATE SET name = $4, email = $5, profession = $6,
         licence = $7, consent_text = $8
       RETURNING ${ATTENDEE}`,
      [
        row.id,
        row.event_id,
        row.participant_id,
        row.name,
        row.email,
        row.profession,
        row.licence,
        row.consent_text,
        row.registered_at,
      ],
    );
    return rows[0];
  }

  attendee(eventId: string, participantId: string): Promise<AttendeeRow | null> {
    return queryFirst<AttendeeRow>(
      this.dataSource,
      `SELECT ${ATTENDEE} FROM attendee a WHERE a.event_id = $1 AND a.participant_id = $2`,
      [eventId, participantId],
    );
  }

  attendees(eventId: string): Promise<AttendeeRow[]> {
    return queryRows<AttendeeRow>(
      this.dataSource,
      `SELECT ${ATTENDEE} FROM attendee a WHERE a.event_id = $1 ORDER BY a.name, a.id`,
      [eventId],
    );
  }

  attendeeById(eventId: string, attendeeId: string): Promise<AttendeeRow | null> {
    return queryFirst<AttendeeRow>(
      this.dataSource,
      `SELECT ${ATTENDEE} FROM attendee a WHERE a.event_id = $1 AND a.id = $2`,
      [eventId, attendeeId],
    );
  }

  /** The progress row of one attendee in one part, created if missing and locked for this transaction. */
  async lockProgress(db: Db, attendeeId: string, partId: string): Promise<ProgressRow> {
    await queryRows(
      db,
      `INSERT INTO attendance_progress (attendee_id, part_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [attendeeId, partId],
    );
    const row = await queryFirst<ProgressRow>(
      db,
      `SELECT live_ms, last_at, last_playing, last_stream_time, next_prompt_at FROM attendance_progress
       WHERE attendee_id = $1 AND part_id = $2 FOR UPDATE`,
      [attendeeId, partId],
    );
    if (!row)
      throw new Error(`Attendance progress of ${attendeeId} in ${partId} vanished inside its transaction`);
    return row;
  }

  async recordBeat(
    db: Db,
    beat: {
      attendeeId: string;
      partId: string;
      at: Date;
      playing: boolean;
      visible: boolean;
      streamTime: Date | null;
      creditedMs: number;
      byItem: Record<string, number>;
      nextPromptAt: Date | null;
    },
  ): Promise<number> {
    const inserted = await queryRows<Pick<BeatRow, 'id'>>(
      db,
      `INSERT INTO attendance_beat (attendee_id, part_id, received_at, playing, visible, stream_time, credited_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [beat.attendeeId, beat.partId, beat.at, beat.playing, beat.visible, beat.streamTime, beat.creditedMs],
    );
    for (const [itemId, ms] of Object.entries(beat.byItem)) {
      await queryRows(
        db,
        `INSERT INTO attendance_credit (beat_id, attendee_id, item_id, received_at, ms) VALUES ($1, $2, $3, $4, $5)`,
        [inserted[0].id, beat.attendeeId, itemId, beat.at, ms],
      );
    }
    const updated = await queryRows<Pick<ProgressRow, 'live_ms'>>(
      db,
      `UPDATE attendance_progress SET live_ms = live_ms + $3, last_at = $4, last_playing = $5,
         last_stream_time = $6, next_prompt_at = $7
       WHERE attendee_id = $1 AND part_id = $2 RETURNING live_ms`,
      [
        beat.attendeeId,
        beat.partId,
        beat.creditedMs,
        beat.at,
        beat.playing,
        beat.streamTime,
        beat.nextPromptAt,
      ],
    );
    return Number(updated[0].live_ms);
  }

  /** Attendees whose last beat since `since` said playing: the audience now. */
  async watchingSince(eventId: string, since: Date, now: Date): Promise<number> {
    const row = await queryFirst<{ n: string | number }>(
      this.dataSource,
      `SELECT count(DISTINCT p.attendee_id) AS n FROM attendance_progress p JOIN attendee a ON a.id = p.attendee_id
       WHERE a.event_id = $1 AND p.last_at >= $2 AND p.last_at <= $3 AND p.last_playing`,
      [eventId, since, now],
    );
    return Number(row?.n ?? 0);
  }

  pendingPrompt(db: Db, attendeeId: string, partId: string, at: Date): Promise<PromptRow | null> {
    return queryFirst<PromptRow>(
      db,
      `SELECT ${PROMPT} FROM presence_prompt p WHERE p.attendee_id = $1 AND p.part_id = $2
         AND p.answered_at IS NULL AND p.expires_at > $3 ORDER BY p.shown_at DESC LIMIT 1`,
      [attendeeId, partId, at],
    );
  }

  async createPrompt(db: Db, prompt: Omit<PromptRow, 'answered_at'>): Promise<void> {
    await queryRows(
      db,
      `INSERT INTO presence_prompt (id, attendee_id, part_id, shown_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [prompt.id, prompt.attendee_id, prompt.part_id, prompt.shown_at, prompt.expires_at],
    );
  }

  promptOf(participantId: string, promptId: string): Promise<PromptRow | null> {
    return queryFirst<PromptRow>(
      this.dataSource,
      `SELECT ${PROMPT} FROM presence_prompt p JOIN attendee a ON a.id = p.attendee_id
       WHERE p.id = $1 AND a.participant_id = $2`,
      [promptId, participantId],
    );
  }

  /** Marks the prompt answered unless it already is. */
  async answerPrompt(promptId: string, at: Date): Promise<void> {
    await queryRows(
      this.dataSource,
      `UPDATE presence_prompt SET answered_at = $2 WHERE id = $1 AND answered_at IS NULL`,
      [promptId, at],
    );
  }

  credits(eventId: string, attendeeId: string | null): Promise<CreditRow[]> {
    return queryRows<CreditRow>(
      this.dataSource,
      `SELECT c.attendee_id, c.item_id, c.received_at, c.ms FROM attendance_credit c
       JOIN attendee a ON a.id = c.attendee_id
       WHERE a.event_id = $1 AND ($2::uuid IS NULL OR a.id = $2) ORDER BY c.beat_id`,
      [eventId, attendeeId],
    );
  }

  prompts(eventId: string, attendeeId: string | null): Promise<PromptRow[]> {
    return queryRows<PromptRow>(
      this.dataSource,
      `SELECT ${PROMPT} FROM presence_prompt p JOIN attendee a ON a.id = p.attendee_id
       WHERE a.event_id = $1 AND ($2::uuid IS NULL OR a.id = $2) ORDER BY p.shown_at, p.id`,
      [eventId, attendeeId],
    );
  }

  corrections(eventId: string, attendeeId: string | null): Promise<CorrectionRow[]> {
    return queryRows<CorrectionRow>(
      this.dataSource,
      `SELECT ${CORRECTION} FROM attendance_correction c JOIN attendee a ON a.id = c.attendee_id
       WHERE a.event_id = $1 AND ($2::uuid IS NULL OR a.id = $2) ORDER BY c.id`,
      [eventId, attendeeId],
    );
  }

  async addCorrection(row: Omit<CorrectionRow, 'id'>): Promise<CorrectionRow> {
    const rows = await queryRows<CorrectionRow>(
      this.dataSource,
      `INSERT INTO attendance_correction AS c (attendee_id, item_id, seconds, reason, actor, at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${CORRECTION}`,
      [row.attendee_id, row.item_id, row.seconds, row.reason, row.actor, row.at],
    );
    return rows[0];
  }

  beats(eventId: string, attendeeId: string | null): Promise<BeatRow[]> {
    return queryRows<BeatRow>(
      this.dataSource,
      `SELECT ${BEAT} FROM attendance_beat b JOIN attendee a ON a.id = b.attendee_id
       WHERE a.event_id = $1 AND ($2::uuid IS NULL OR a.id = $2) ORDER BY b.id`,
      [eventId, attendeeId],
    );
  }

  async saveEvaluation(
    attendeeId: string,
    answers: Record<string, string | number | boolean>,
    at: Date,
  ): Promise<void> {
    await queryRows(this.dataSource, `UPDATE attendee SET evaluation = $2, evaluated_at = $3 WHERE id = $1`, [
      attendeeId,
      toParam(attendeeTable, 'evaluation', answers),
      at,
    ]);
  }

  certificateOf(attendeeId: string): Promise<CertificateRow | null> {
    return queryFirst<CertificateRow>(
      this.dataSource,
      `SELECT ${CERTIFICATE} FROM certificate c WHERE c.attendee_id = $1 AND c.voided_at IS NULL`,
      [attendeeId],
    );
  }

  certificate(id: string): Promise<CertificateRow | null> {
    return queryFirst<CertificateRow>(
      this.dataSource,
      `SELECT ${CERTIFICATE} FROM certificate c WHERE c.id = $1`,
      [id],
    );
  }

  /** Issues once per attendee: a second concurrent call finds the first one's row. */
  async issueCertificate(row: Omit<CertificateRow, 'voided_at'>): Promise<CertificateRow> {
    await queryRows(
      this.dataSource,
      `INSERT INTO certificate (id, event_id, attendee_id, name, event_title, credits, issued_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (attendee_id) DO NOTHING`,
      [row.id, row.event_id, row.attendee_id, row.name, row.event_title, row.credits, row.issued_at],
    );
    return (await this.certificateOf(row.attendee_id as string)) as CertificateRow;
  }

  /** Deletes the attendee and everything recorded about them; their certificate stays only as "void". */
  async deleteAttendee(attendeeId: string, at: Date): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      await queryRows(
        db,
        `UPDATE certificate SET voided_at = COALESCE(voided_at, $2), name = NULL, attendee_id = NULL
         WHERE attendee_id = $1`,
        [attendeeId, at],
      );
      await queryRows(db, 'DELETE FROM attendee WHERE id = $1', [attendeeId]);
    });
  }

  /**
   * Removes attendance of every event whose last part ended before `before`, certificates
   * included. Returns how many attendees went.
   */
  async purgeBefore(before: Date): Promise<number> {
    return this.dataSource.transaction(async (db) => {
      const old = `SELECT e.id FROM event e JOIN part p ON p.event_id = e.id GROUP BY e.id HAVING max(p.ends_at) < $1`;
      await queryRows(db, `DELETE FROM certificate WHERE event_id IN (${old})`, [before]);
      const deleted = await queryRows<Pick<AttendeeRow, 'id'>>(
        db,
        `DELETE FROM attendee WHERE event_id IN (${old}) RETURNING id`,
        [before],
      );
      return deleted.length;
    });
  }
}
