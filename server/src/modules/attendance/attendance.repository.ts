import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AttendanceRule, EvaluationQuestion } from '../../../../shared/attendance.js';
import { queryRows } from '../../database/typed-sql.js';

export interface SettingsRow {
  event_id: string;
  enabled: boolean;
  consent_text: string;
  accreditation_statement: string;
  rule: AttendanceRule;
  evaluation: EvaluationQuestion[];
}

export interface AttendeeRow {
  id: string;
  event_id: string;
  participant_id: string;
  name: string;
  email: string;
  profession: string | null;
  licence: string | null;
  consent_text: string;
  registered_at: Date;
  evaluation: Record<string, string | number | boolean> | null;
  evaluated_at: Date | null;
}

export interface ProgressRow {
  live_ms: string | number;
  last_at: Date | null;
  last_playing: boolean | null;
  last_stream_time: Date | null;
  next_prompt_at: Date | null;
}

export interface CreditRow {
  attendee_id: string;
  item_id: string;
  received_at: Date;
  ms: number;
}

export interface PromptRow {
  id: string;
  attendee_id: string;
  part_id: string;
  shown_at: Date;
  expires_at: Date;
  answered_at: Date | null;
}

export interface CorrectionRow {
  id: string;
  attendee_id: string;
  item_id: string;
  seconds: number;
  reason: string;
  actor: string;
  at: Date;
}

export interface BeatRow {
  id: string;
  attendee_id: string;
  part_id: string;
  received_at: Date;
  playing: boolean;
  visible: boolean;
  stream_time: Date | null;
  credited_ms: number;
}

export interface CertificateRow {
  id: string;
  event_id: string;
  attendee_id: string | null;
  name: string | null;
  event_title: string;
  credits: string | number;
  issued_at: Date;
  voided_at: Date | null;
}

/** SQL of CME attendance. Methods taking a manager run inside the caller's transaction. */
@Injectable()
export class AttendanceRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async eventId(slug: string): Promise<{ id: string; title: string } | null> {
    const rows: { id: string; title: string }[] = await this.dataSource.query(
      'SELECT id, title FROM event WHERE slug = $1',
      [slug],
    );
    return rows[0] ?? null;
  }

  async settings(eventId: string): Promise<SettingsRow | null> {
    const rows: SettingsRow[] = await this.dataSource.query(
      'SELECT * FROM attendance_settings WHERE event_id = $1',
      [eventId],
    );
    return rows[0] ?? null;
  }

  async saveSettings(row: SettingsRow, at: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO attendance_settings (event_id, enabled, consent_text, accreditation_statement, rule, evaluation, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (event_id) DO UPDATE SET enabled = $2, consent_text = $3, accreditation_statement = $4,
         rule = $5, evaluation = $6, updated_at = $7`,
      [
        row.event_id,
        row.enabled,
        row.consent_text,
        row.accreditation_statement,
        JSON.stringify(row.rule),
        JSON.stringify(row.evaluation),
        at,
      ],
    );
  }

  /** Registers, or updates the details of an existing registration (same participant, same event). */
  async upsertAttendee(row: Omit<AttendeeRow, 'evaluation' | 'evaluated_at'>): Promise<AttendeeRow> {
    const rows: AttendeeRow[] = await this.dataSource.query(
      `INSERT INTO attendee (id, event_id, participant_id, name, email, profession, licence, consent_text, registered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (event_id, participant_id) DO UPDATE SET name = $4, email = $5, profession = $6,
         licence = $7, consent_text = $8
       RETURNING *`,
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

  async attendee(eventId: string, participantId: string): Promise<AttendeeRow | null> {
    const rows: AttendeeRow[] = await this.dataSource.query(
      'SELECT * FROM attendee WHERE event_id = $1 AND participant_id = $2',
      [eventId, participantId],
    );
    return rows[0] ?? null;
  }

  async attendees(eventId: string): Promise<AttendeeRow[]> {
    return this.dataSource.query('SELECT * FROM attendee WHERE event_id = $1 ORDER BY name, id', [eventId]);
  }

  async attendeeById(eventId: string, attendeeId: string): Promise<AttendeeRow | null> {
    const rows: AttendeeRow[] = await this.dataSource.query(
      'SELECT * FROM attendee WHERE event_id = $1 AND id = $2',
      [eventId, attendeeId],
    );
    return rows[0] ?? null;
  }

  /** The progress row of one attendee in one part, created if missing and locked for this transaction. */
  async lockProgress(manager: EntityManager, attendeeId: string, partId: string): Promise<ProgressRow> {
    await manager.query(
      `INSERT INTO attendance_progress (attendee_id, part_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [attendeeId, partId],
    );
    const rows: ProgressRow[] = await manager.query(
      `SELECT live_ms, last_at, last_playing, last_stream_time, next_prompt_at FROM attendance_progress
       WHERE attendee_id = $1 AND part_id = $2 FOR UPDATE`,
      [attendeeId, partId],
    );
    return rows[0];
  }

  async recordBeat(
    manager: EntityManager,
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
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO attendance_beat (attendee_id, part_id, received_at, playing, visible, stream_time, credited_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [beat.attendeeId, beat.partId, beat.at, beat.playing, beat.visible, beat.streamTime, beat.creditedMs],
    );
    for (const [itemId, ms] of Object.entries(beat.byItem)) {
      await manager.query(
        `INSERT INTO attendance_credit (beat_id, attendee_id, item_id, received_at, ms) VALUES ($1, $2, $3, $4, $5)`,
        [inserted[0].id, beat.attendeeId, itemId, beat.at, ms],
      );
    }
    const updated = await queryRows<{ live_ms: string }>(
      manager,
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
    const rows: { n: string }[] = await this.dataSource.query(
      `SELECT count(DISTINCT p.attendee_id) AS n FROM attendance_progress p JOIN attendee a ON a.id = p.attendee_id
       WHERE a.event_id = $1 AND p.last_at >= $2 AND p.last_at <= $3 AND p.last_playing`,
      [eventId, since, now],
    );
    return Number(rows[0].n);
  }

  async pendingPrompt(
    manager: EntityManager,
    attendeeId: string,
    partId: string,
    at: Date,
  ): Promise<PromptRow | null> {
    const rows: PromptRow[] = await manager.query(
      `SELECT * FROM presence_prompt WHERE attendee_id = $1 AND part_id = $2 AND answered_at IS NULL
         AND expires_at > $3 ORDER BY shown_at DESC LIMIT 1`,
      [attendeeId, partId, at],
    );
    return rows[0] ?? null;
  }

  async createPrompt(manager: EntityManager, prompt: Omit<PromptRow, 'answered_at'>): Promise<void> {
    await manager.query(
      `INSERT INTO presence_prompt (id, attendee_id, part_id, shown_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [prompt.id, prompt.attendee_id, prompt.part_id, prompt.shown_at, prompt.expires_at],
    );
  }

  async promptOf(participantId: string, promptId: string): Promise<PromptRow | null> {
    const rows: PromptRow[] = await this.dataSource.query(
      `SELECT p.* FROM presence_prompt p JOIN attendee a ON a.id = p.attendee_id
       WHERE p.id = $1 AND a.participant_id = $2`,
      [promptId, participantId],
    );
    return rows[0] ?? null;
  }

  /** Marks the prompt answered unless it already is; true when this call answered it. */
  async answerPrompt(promptId: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE presence_prompt SET answered_at = $2 WHERE id = $1 AND answered_at IS NULL`,
      [promptId, at],
    );
  }

  async credits(eventId: string, attendeeId: string | null): Promise<CreditRow[]> {
    return this.dataSource.query(
      `SELECT c.attendee_id, c.item_id, c.received_at, c.ms FROM attendance_credit c
       JOIN attendee a ON a.id = c.attendee_id
       WHERE a.event_id = $1 AND ($2::uuid IS NULL OR a.id = $2) ORDER BY c.beat_id`,
      [eventId, attendeeId],
    );
  }

  async prompts(eventId: string, attendeeId: string | null): Promise<PromptRow[]> {
    return this.dataSource.query(
      `SELECT p.* FROM presence_prompt p JOIN attendee a ON a.id = p.attendee_id
       WHERE a.event_id = $1 AND ($2::uuid IS NULL OR a.id = $2) ORDER BY p.shown_at, p.id`,
      [eventId, attendeeId],
    );
  }

  async corrections(eventId: string, attendeeId: string | null): Promise<CorrectionRow[]> {
    return this.dataSource.query(
      `SELECT c.* FROM attendance_correction c JOIN attendee a ON a.id = c.attendee_id
       WHERE a.event_id = $1 AND ($2::uuid IS NULL OR a.id = $2) ORDER BY c.id`,
      [eventId, attendeeId],
    );
  }

  async addCorrection(row: Omit<CorrectionRow, 'id'>): Promise<CorrectionRow> {
    const rows: CorrectionRow[] = await this.dataSource.query(
      `INSERT INTO attendance_correction (attendee_id, item_id, seconds, reason, actor, at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [row.attendee_id, row.item_id, row.seconds, row.reason, row.actor, row.at],
    );
    return rows[0];
  }

  async beats(eventId: string, attendeeId: string | null): Promise<BeatRow[]> {
    return this.dataSource.query(
      `SELECT b.* FROM attendance_beat b JOIN attendee a ON a.id = b.attendee_id
       WHERE a.event_id = $1 AND ($2::uuid IS NULL OR a.id = $2) ORDER BY b.id`,
      [eventId, attendeeId],
    );
  }

  async saveEvaluation(
    attendeeId: string,
    answers: Record<string, string | number | boolean>,
    at: Date,
  ): Promise<void> {
    await this.dataSource.query(`UPDATE attendee SET evaluation = $2, evaluated_at = $3 WHERE id = $1`, [
      attendeeId,
      JSON.stringify(answers),
      at,
    ]);
  }

  async certificateOf(attendeeId: string): Promise<CertificateRow | null> {
    const rows: CertificateRow[] = await this.dataSource.query(
      'SELECT * FROM certificate WHERE attendee_id = $1 AND voided_at IS NULL',
      [attendeeId],
    );
    return rows[0] ?? null;
  }

  async certificate(id: string): Promise<CertificateRow | null> {
    const rows: CertificateRow[] = await this.dataSource.query('SELECT * FROM certificate WHERE id = $1', [
      id,
    ]);
    return rows[0] ?? null;
  }

  /** Issues once per attendee: a second concurrent call finds the first one's row. */
  async issueCertificate(row: Omit<CertificateRow, 'voided_at'>): Promise<CertificateRow> {
    await this.dataSource.query(
      `INSERT INTO certificate (id, event_id, attendee_id, name, event_title, credits, issued_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (attendee_id) DO NOTHING`,
      [row.id, row.event_id, row.attendee_id, row.name, row.event_title, row.credits, row.issued_at],
    );
    return (await this.certificateOf(row.attendee_id as string)) as CertificateRow;
  }

  /** Deletes the attendee and everything recorded about them; their certificate stays only as "void". */
  async deleteAttendee(attendeeId: string, at: Date): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE certificate SET voided_at = COALESCE(voided_at, $2), name = NULL, attendee_id = NULL
         WHERE attendee_id = $1`,
        [attendeeId, at],
      );
      await manager.query('DELETE FROM attendee WHERE id = $1', [attendeeId]);
    });
  }

  /**
   * Removes attendance of every event whose last part ended before `before`, certificates
   * included. Returns how many attendees went.
   */
  async purgeBefore(before: Date): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const old = `SELECT e.id FROM event e JOIN part p ON p.event_id = e.id GROUP BY e.id HAVING max(p.ends_at) < $1`;
      await manager.query(`DELETE FROM certificate WHERE event_id IN (${old})`, [before]);
      const deleted = await queryRows<{ id: string }>(
        manager,
        `DELETE FROM attendee WHERE event_id IN (${old}) RETURNING id`,
        [before],
      );
      return deleted.length;
    });
  }
}
