import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  BEAT_INTERVAL_SECONDS,
  DEFAULT_ATTENDANCE_RULE,
  DEFAULT_EVALUATION,
  PROMPT_CONFIRM_SECONDS,
  creditBetween,
  isLive,
  MAX_GAP_INTERVALS,
  type AttendanceLive,
  type AttendanceSettings,
  type AttendeeView,
  type BeatRequest,
  type BeatResult,
  type CertificateVerification,
  type MyAttendance,
  type PublicAttendanceSettings,
} from '../../../../shared/attendance.js';
import type { EventView } from '../../../../shared/events-api.js';
import { DomainError } from '../../common/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { Clock } from '../clock/clock.js';
import { EventDirectory } from '../events/event-directory.js';
import { EventsRepository } from '../events/events.repository.js';
import { buildReport, type AttendeeSummary } from './attendance-report.js';
import { readAnswers, readCorrection, readRegistration, readSettings } from './attendance-input.js';
import { AttendanceRepository, type AttendeeRow, type CorrectionRow } from './attendance.repository.js';
import { eventNotFound } from '../events/event-not-found.js';

export const DEFAULT_CONSENT_TEXT =
  'I agree that the organizer records my name, email, profession and licence number, and when I ' +
  'watch the live stream, to confirm my attendance for CME credits. The records are kept for the ' +
  'period the accreditors require; I can download or delete them at any time (deleting voids my certificate).';

/** A time span of the event clock with one attendee: what the CSV and certificate need. */
export interface EventReport {
  event: EventView;
  eventId: string;
  settings: AttendanceSettings;
  attendees: AttendeeRow[];
  summaries: AttendeeSummary[];
}

/**
 * CME attendance: registration, heartbeats credited by the rule in shared/attendance.ts,
 * server-scheduled presence prompts, the evaluation, certificates and the attendee's own data.
 */
@Injectable()
export class AttendanceService {
  constructor(
    private readonly repository: AttendanceRepository,
    private readonly events: EventsRepository,
    private readonly directory: EventDirectory,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  private async eventOf(slug: string): Promise<{ id: string; title: string }> {
    const event = await this.events.findEvent(slug);
    if (!event) throw eventNotFound(slug);
    return event;
  }

  async settings(slug: string): Promise<AttendanceSettings> {
    return this.settingsOf((await this.eventOf(slug)).id);
  }

  private async settingsOf(eventId: string): Promise<AttendanceSettings> {
    const row = await this.repository.settings(eventId);
    if (!row) {
      return {
        enabled: false,
        consentText: DEFAULT_CONSENT_TEXT,
        accreditationStatement: '',
        rule: DEFAULT_ATTENDANCE_RULE,
        evaluation: DEFAULT_EVALUATION,
      };
    }
    return {
      enabled: row.enabled,
      consentText: row.consent_text,
      accreditationStatement: row.accreditation_statement,
      // Fields added to the rule later take their defaults on rows saved before.
      rule: { ...DEFAULT_ATTENDANCE_RULE, ...row.rule },
      evaluation: row.evaluation,
    };
  }

  async updateSettings(slug: string, body: unknown): Promise<AttendanceSettings> {
    const event = await this.eventOf(slug);
    const next = readSettings(body, await this.settingsOf(event.id));
    await this.repository.saveSettings(
      {
        event_id: event.id,
        enabled: next.enabled,
        consent_text: next.consentText,
        accreditation_statement: next.accreditationStatement,
        rule: next.rule,
        evaluation: next.evaluation,
      },
      this.clock.now(),
    );
    return next;
  }

  async publicSettings(slug: string): Promise<PublicAttendanceSettings> {
    const settings = await this.settings(slug);
    return {
      enabled: settings.enabled,
      consentText: settings.enabled ? settings.consentText : '',
      evaluation: settings.enabled ? settings.evaluation : [],
      promptConfirmSeconds: PROMPT_CONFIRM_SECONDS,
      beatIntervalSeconds: BEAT_INTERVAL_SECONDS,
    };
  }

  async register(slug: string, participantId: string, body: unknown): Promise<AttendeeView> {
    const event = await this.eventOf(slug);
    const settings = await this.settingsOf(event.id);
    const registration = readRegistration(body);
    if (!settings.enabled) {
      throw new DomainError('attendance/disabled', 'This event does not record attendance for CME credits.');
    }
    const row = await this.repository.upsertAttendee({
      id: randomUUID(),
      event_id: event.id,
      participant_id: participantId,
      name: registration.name,
      email: registration.email,
      profession: registration.profession,
      licence: registration.licence,
      consent_text: settings.consentText,
      registered_at: this.clock.now(),
    });
    return attendeeView(row);
  }

  private async attendeeFor(eventId: string, participantId: string): Promise<AttendeeRow> {
    const attendee = await this.repository.attendee(eventId, participantId);
    if (!attendee) {
      throw new DomainError(
        'attendance/not_registered',
        'You are not registered for CME credits at this event. Register on the event page first.',
      );
    }
    return attendee;
  }

  /** One heartbeat: credits the time since the previous one and may show a presence prompt. */
  async beat(participantId: string, request: BeatRequest): Promise<BeatResult> {
    const { event, part } = await this.directory.part(request.partId);
    const eventRow = await this.eventOf(event.slug);
    const settings = await this.settingsOf(eventRow.id);
    const attendee = await this.attendeeFor(eventRow.id, participantId);
    if (!settings.enabled) {
      throw new DomainError(
        'attendance/disabled',
        'The organizer has turned CME attendance off for this event.',
      );
    }
    const rule = settings.rule;
    const options = { clockRate: this.clock.rate, maxLagSeconds: rule.maxLagSeconds };
    const items = part.items.map((item) => ({
      id: item.id,
      start: Date.parse(item.start),
      end: Date.parse(item.end),
    }));
    const now = this.clock.now();
    const current = {
      at: now.getTime(),
      playing: request.playing,
      streamTime: request.streamTime === null ? null : Date.parse(request.streamTime),
    };
    return this.repository.transaction(async (manager) => {
      const progress = await this.repository.lockProgress(manager, attendee.id, part.id);
      const previous =
        progress.last_at === null
          ? null
          : {
              at: new Date(progress.last_at).getTime(),
              playing: progress.last_playing === true,
              streamTime:
                progress.last_stream_time === null ? null : new Date(progress.last_stream_time).getTime(),
            };
      const credit = creditBetween(previous, current, items, options);

      // Prompts are scheduled by the server, never by the client, and only while watching live.
      let prompt = await this.repository.pendingPrompt(manager, attendee.id, part.id, now);
      let nextPromptAt = progress.next_prompt_at === null ? null : new Date(progress.next_prompt_at);
      const watching = current.playing && isLive(current, options);
      if (rule.promptsPerHour > 0 && watching && !prompt) {
        if (nextPromptAt === null) {
          nextPromptAt = this.nextPromptAfter(now, rule.promptsPerHour);
        } else if (now >= nextPromptAt) {
          prompt = {
            id: randomUUID(),
            attendee_id: attendee.id,
            part_id: part.id,
            shown_at: now,
            expires_at: new Date(now.getTime() + PROMPT_CONFIRM_SECONDS * 1000 * this.clock.rate),
            answered_at: null,
          };
          await this.repository.createPrompt(manager, prompt);
          nextPromptAt = this.nextPromptAfter(now, rule.promptsPerHour);
        }
      }
      const liveMs = await this.repository.recordBeat(manager, {
        attendeeId: attendee.id,
        partId: part.id,
        at: now,
        playing: request.playing,
        visible: request.visible,
        streamTime: current.streamTime === null ? null : new Date(current.streamTime),
        creditedMs: credit.ms,
        byItem: credit.byItem,
        nextPromptAt,
      });
      return {
        liveSeconds: liveMs / 1000,
        prompt: prompt ? { id: prompt.id, expiresAt: new Date(prompt.expires_at).toISOString() } : null,
      };
    });
  }

  /**
   * At random, between half and one whole period from now: at least `perHour` prompts an hour
   * of stream, at times the viewer cannot predict.
   */
  private nextPromptAfter(now: Date, perHour: number): Date {
    const period = (3600 / perHour) * 1000;
    return new Date(now.getTime() + Math.round(period * (0.5 + Math.random() * 0.5)));
  }

  async confirmPrompt(participantId: string, promptId: string): Promise<{ answered: true }> {
    const prompt = await this.repository.promptOf(participantId, promptId);
    if (!prompt) {
      throw new DomainError('attendance/prompt_not_found', 'This presence prompt was not shown to you.');
    }
    if (prompt.answered_at !== null) return { answered: true };
    const now = this.clock.now();
    if (now.getTime() > new Date(prompt.expires_at).getTime()) {
      throw new DomainError(
        'attendance/prompt_expired',
        `This presence prompt had to be confirmed within ${PROMPT_CONFIRM_SECONDS} seconds.`,
      );
    }
    await this.repository.answerPrompt(prompt.id, now);
    return { answered: true };
  }

  async report(slug: string, attendeeId: string | null = null): Promise<EventReport> {
    const eventRow = await this.eventOf(slug);
    const event = await this.directory.event(slug);
    const settings = await this.settingsOf(eventRow.id);
    const all = await this.repository.attendees(eventRow.id);
    const attendees = attendeeId === null ? all : all.filter((a) => a.id === attendeeId);
    const [credits, prompts, corrections] = await Promise.all([
      this.repository.credits(eventRow.id, attendeeId),
      this.repository.prompts(eventRow.id, attendeeId),
      this.repository.corrections(eventRow.id, attendeeId),
    ]);
    const summaries = buildReport({
      event,
      rule: settings.rule,
      now: this.clock.nowMs(),
      attendees: attendees.map((a) => ({
        id: a.id,
        name: a.name,
        email: a.email,
        profession: a.profession,
        licence: a.licence,
        evaluated: a.evaluated_at !== null,
      })),
      credits: credits.map((c) => ({
        attendeeId: c.attendee_id,
        itemId: c.item_id,
        at: new Date(c.received_at).getTime(),
        ms: Number(c.ms),
      })),
      prompts: prompts.map((p) => ({
        attendeeId: p.attendee_id,
        partId: p.part_id,
        shownAt: new Date(p.shown_at).getTime(),
        expiresAt: new Date(p.expires_at).getTime(),
        answeredAt: p.answered_at === null ? null : new Date(p.answered_at).getTime(),
      })),
      corrections: corrections.map((c) => ({
        attendeeId: c.attendee_id,
        itemId: c.item_id,
        seconds: Number(c.seconds),
      })),
    });
    return { event, eventId: eventRow.id, settings, attendees, summaries };
  }

  async live(slug: string): Promise<AttendanceLive> {
    const report = await this.report(slug);
    const since = new Date(
      this.clock.nowMs() - MAX_GAP_INTERVALS * BEAT_INTERVAL_SECONDS * 1000 * this.clock.rate,
    );
    const watchingNow = await this.repository.watchingSince(report.eventId, since, this.clock.now());
    const lines = report.summaries.flatMap((s) => s.lines);
    const items = report.event.parts.flatMap((part) =>
      part.items
        .filter((item) => item.kind !== 'break')
        .map((item) => {
          const mine = lines.filter((l) => l.itemId === item.id);
          const total = mine.reduce((sum, l) => sum + l.share, 0);
          return {
            itemId: item.id,
            partId: part.id,
            title: item.title,
            start: item.start,
            end: item.end,
            meanShare: mine.length > 0 ? Math.round((total / mine.length) * 1000) / 1000 : 0,
            counted: mine.filter((l) => l.counted).length,
          };
        }),
    );
    return { registered: report.attendees.length, watchingNow, items };
  }

  /** The raw beat log, one JSON object a line, for auditors. */
  async beatLog(slug: string): Promise<string> {
    const event = await this.eventOf(slug);
    const beats = await this.repository.beats(event.id, null);
    return beats
      .map((b) =>
        JSON.stringify({
          attendeeId: b.attendee_id,
          partId: b.part_id,
          receivedAt: new Date(b.received_at).toISOString(),
          playing: b.playing,
          visible: b.visible,
          streamTime: b.stream_time === null ? null : new Date(b.stream_time).toISOString(),
          creditedMs: Number(b.credited_ms),
        }),
      )
      .map((line) => `${line}\n`)
      .join('');
  }

  async correct(slug: string, body: unknown, actor: string): Promise<CorrectionRow> {
    const event = await this.eventOf(slug);
    const correction = readCorrection(body);
    const attendee = await this.repository.attendeeById(event.id, correction.attendeeId);
    if (!attendee) {
      throw new DomainError('attendance/not_registered', 'No attendee of this event has this id.');
    }
    const view = await this.directory.event(slug);
    if (!view.parts.some((p) => p.items.some((i) => i.id === correction.itemId))) {
      throw new DomainError('request/invalid', '"itemId" is not a talk or Q&A block of this event.');
    }
    return this.repository.addCorrection({
      attendee_id: correction.attendeeId,
      item_id: correction.itemId,
      seconds: correction.seconds,
      reason: correction.reason,
      actor,
      at: this.clock.now(),
    });
  }

  async corrections(slug: string): Promise<CorrectionRow[]> {
    return this.repository.corrections((await this.eventOf(slug)).id, null);
  }

  async mine(slug: string, participantId: string): Promise<MyAttendance> {
    const event = await this.eventOf(slug);
    const attendee = await this.attendeeFor(event.id, participantId);
    const report = await this.report(slug, attendee.id);
    const summary = report.summaries[0];
    const certificate = await this.repository.certificateOf(attendee.id);
    return {
      attendee: attendeeView(attendee),
      items: summary.lines,
      totalCredits: summary.totalCredits,
      certificate: certificate ? { id: certificate.id, url: `/verify/${certificate.id}` } : null,
      certificateBlockedBy: summary.blockedBy,
    };
  }

  /** Everything recorded about the attendee, for a download (GDPR access). */
  async myData(slug: string, participantId: string): Promise<Record<string, unknown>> {
    const event = await this.eventOf(slug);
    const attendee = await this.attendeeFor(event.id, participantId);
    const [beats, prompts, corrections, certificate, mine] = await Promise.all([
      this.repository.beats(event.id, attendee.id),
      this.repository.prompts(event.id, attendee.id),
      this.repository.corrections(event.id, attendee.id),
      this.repository.certificateOf(attendee.id),
      this.mine(slug, participantId),
    ]);
    return {
      event: slug,
      registration: { ...attendeeView(attendee), consentText: attendee.consent_text },
      evaluation: attendee.evaluation,
      attendance: mine.items,
      totalCredits: mine.totalCredits,
      beats,
      prompts,
      corrections,
      certificate,
    };
  }

  async deleteMine(slug: string, participantId: string): Promise<void> {
    const event = await this.eventOf(slug);
    const attendee = await this.attendeeFor(event.id, participantId);
    await this.repository.deleteAttendee(attendee.id, this.clock.now());
  }

  async evaluate(slug: string, participantId: string, body: unknown): Promise<AttendeeView> {
    const event = await this.eventOf(slug);
    const attendee = await this.attendeeFor(event.id, participantId);
    const settings = await this.settingsOf(event.id);
    const answers = readAnswers(body, settings.evaluation);
    const now = this.clock.now();
    await this.repository.saveEvaluation(attendee.id, answers, now);
    return attendeeView({ ...attendee, evaluation: answers, evaluated_at: now });
  }

  /** Issues the certificate on first request (once per attendee) when the rule allows it. */
  async certificate(
    slug: string,
    participantId: string,
  ): Promise<{
    id: string;
    name: string;
    credits: number;
    issuedAt: Date;
    report: EventReport;
    summary: AttendeeSummary;
  }> {
    const event = await this.eventOf(slug);
    const attendee = await this.attendeeFor(event.id, participantId);
    const report = await this.report(slug, attendee.id);
    const summary = report.summaries[0];
    if (summary.blockedBy !== null) throw new DomainError('attendance/not_eligible', summary.blockedBy);
    const row = await this.repository.issueCertificate({
      id: randomBytes(10).toString('hex'),
      event_id: event.id,
      attendee_id: attendee.id,
      name: attendee.name,
      event_title: event.title,
      credits: summary.totalCredits,
      issued_at: this.clock.now(),
    });
    return {
      id: row.id,
      name: attendee.name,
      credits: Number(row.credits),
      issuedAt: new Date(row.issued_at),
      report,
      summary,
    };
  }

  async verify(id: string): Promise<CertificateVerification> {
    const row = /^[0-9a-f]{20}$/.test(id) ? await this.repository.certificate(id) : null;
    if (!row) throw new DomainError('certificate/not_found', 'No certificate has this verification id.');
    if (row.voided_at !== null) return { id: row.id, valid: false };
    return {
      id: row.id,
      valid: true,
      name: row.name ?? '',
      event: row.event_title,
      credits: Number(row.credits),
      issuedAt: new Date(row.issued_at).toISOString(),
    };
  }

  /** Removes attendance of events that ended more than ATTENDANCE_RETENTION_YEARS ago. */
  async purge(): Promise<{ purgedAttendees: number; before: string }> {
    const before = this.clock.now();
    before.setUTCFullYear(before.getUTCFullYear() - this.config.attendanceRetentionYears);
    return { purgedAttendees: await this.repository.purgeBefore(before), before: before.toISOString() };
  }
}

function attendeeView(row: AttendeeRow): AttendeeView {
  const { id, name, email, profession, licence } = row;
  const registeredAt = new Date(row.registered_at).toISOString();
  return { id, name, email, profession, licence, registeredAt, evaluated: row.evaluated_at !== null };
}
