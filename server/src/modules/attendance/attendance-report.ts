import { roundCredits, type AttendanceLine, type AttendanceRule } from '../../../../shared/attendance.js';
import type { EventView } from '../../../../shared/events-api.js';

/**
 * From the credited beats, the prompts and the corrections to what each attendee earned: one
 * line per attendee per talk or Q&A block, and the credits per day after the organizer's rule.
 * Pure, so the CSV, the viewer's own page and the certificate all say the same.
 */
export interface ReportInput {
  event: EventView;
  rule: AttendanceRule;
  /** The event clock now: prompts still open are not missed yet. */
  now: number;
  attendees: {
    id: string;
    name: string;
    email: string;
    profession: string | null;
    licence: string | null;
    evaluated: boolean;
  }[];
  credits: { attendeeId: string; itemId: string; at: number; ms: number }[];
  prompts: {
    attendeeId: string;
    partId: string;
    shownAt: number;
    expiresAt: number;
    answeredAt: number | null;
  }[];
  corrections: { attendeeId: string; itemId: string; seconds: number }[];
}

export interface ReportLine extends AttendanceLine {
  profession: string | null;
  licence: string | null;
  correctionSeconds: number;
}

export interface AttendeeSummary {
  attendeeId: string;
  lines: ReportLine[];
  /** Credits per part after rounding and the daily cap (parts on one date share the cap). */
  byPart: { partId: string; part: string; date: string; credits: number }[];
  totalCredits: number;
  /** Every counted item attended (for "whole course required"). */
  wholeCourse: boolean;
  evaluated: boolean;
  /** Why no certificate can be issued, or null when it can. */
  blockedBy: string | null;
}

const CREDITED_KINDS = new Set(['talk', 'qa']);

export function buildReport(input: ReportInput): AttendeeSummary[] {
  const { event, rule } = input;
  const parts = event.parts.map((part) => ({
    part,
    items: part.items.filter((item) => CREDITED_KINDS.has(item.kind)),
  }));
  const partOfItem = new Map(
    event.parts.flatMap((part) => part.items.map((item) => [item.id, part.id] as const)),
  );

  // Certificates wait for the course's end: one issued at the first break would freeze a part
  // of the credits, and "attended the entire course" cannot be known before.
  const endsAt = Math.max(...event.parts.map((part) => Date.parse(part.end)));
  const ended = input.now >= endsAt;

  return input.attendees.map((attendee) => {
    const missedWindows = missedPromptWindows(
      input.prompts.filter((p) => p.attendeeId === attendee.id),
      input.now,
      rule,
    );
    const ms = new Map<string, number>();
    for (const credit of input.credits) {
      if (credit.attendeeId !== attendee.id) continue;
      const partId = partOfItem.get(credit.itemId);
      const windows = partId ? (missedWindows.get(partId) ?? []) : [];
      if (windows.some(([from, to]) => credit.at > from && credit.at <= to)) continue;
      ms.set(credit.itemId, (ms.get(credit.itemId) ?? 0) + credit.ms);
    }
    const correction = new Map<string, number>();
    for (const c of input.corrections) {
      if (c.attendeeId === attendee.id) correction.set(c.itemId, (correction.get(c.itemId) ?? 0) + c.seconds);
    }

    const lines: ReportLine[] = [];
    const byPart: AttendeeSummary['byPart'] = [];
    const perDate = new Map<string, number>();
    let wholeCourse = true;
    for (const { part, items } of parts) {
      const prompts = input.prompts.filter((p) => p.attendeeId === attendee.id && p.partId === part.id);
      const shown = prompts.length;
      const answered = prompts.filter((p) => p.answeredAt !== null).length;
      let partCredits = 0;
      for (const item of items) {
        const duration = (Date.parse(item.end) - Date.parse(item.start)) / 1000;
        const corrected = correction.get(item.id) ?? 0;
        const liveSeconds = clamp(Math.round((ms.get(item.id) ?? 0) / 1000) + corrected, 0, duration);
        const share = duration > 0 ? liveSeconds / duration : 0;
        const counted = share + 1e-9 >= rule.minShare && liveSeconds > 0;
        if (!counted) wholeCourse = false;
        const credits = counted ? (rule.creditsPer30Minutes * liveSeconds) / 1800 : 0;
        partCredits += credits;
        lines.push({
          attendeeId: attendee.id,
          name: attendee.name,
          email: attendee.email,
          profession: attendee.profession,
          licence: attendee.licence,
          part: part.title,
          partDate: part.date,
          itemId: item.id,
          talk: item.title,
          liveSeconds,
          share: Math.round(share * 1000) / 1000,
          counted,
          promptsShown: shown,
          promptsAnswered: answered,
          correctionSeconds: corrected,
          credits: Math.round(credits * 100) / 100,
        });
      }
      // The daily cap applies to a date; several parts on one date share it.
      const before = perDate.get(part.date) ?? 0;
      const rounded = roundCredits(partCredits, rule.rounding);
      const allowed = Math.max(0, Math.min(rounded, rule.dailyCap - before));
      perDate.set(part.date, before + allowed);
      byPart.push({ partId: part.id, part: part.title, date: part.date, credits: allowed });
    }
    let totalCredits = byPart.reduce((sum, p) => sum + p.credits, 0);
    let blockedBy: string | null = null;
    if (!ended) {
      // During the course the credits so far are shown as they are, whatever the rule.
      const end = new Date(endsAt).toISOString().slice(0, 16).replace('T', ' ');
      blockedBy = `The certificate is available once the course has ended (${end} UTC).`;
    } else if (rule.wholeCourseRequired && !wholeCourse) {
      blockedBy = 'The organizer requires attending the whole course live; some talks fall short.';
      totalCredits = 0;
      for (const p of byPart) p.credits = 0;
    } else if (totalCredits <= 0) {
      blockedBy = 'No talk has been attended live long enough to earn credits.';
    } else if (rule.evaluationRequired && !attendee.evaluated) {
      blockedBy = 'Fill in the evaluation form to receive your certificate.';
    }
    return {
      attendeeId: attendee.id,
      lines,
      byPart,
      totalCredits: Math.round(totalCredits * 100) / 100,
      wholeCourse,
      evaluated: attendee.evaluated,
      blockedBy,
    };
  });
}

/**
 * Per part, the spans of event time a missed prompt takes away: from the previous prompt (or
 * the start of time) until the missed one expired. Open prompts are not missed yet.
 */
function missedPromptWindows(
  prompts: ReportInput['prompts'],
  now: number,
  rule: AttendanceRule,
): Map<string, [number, number][]> {
  const windows = new Map<string, [number, number][]>();
  if (rule.missedPrompt === 'none') return windows;
  const byPart = new Map<string, ReportInput['prompts']>();
  for (const p of prompts) byPart.set(p.partId, [...(byPart.get(p.partId) ?? []), p]);
  for (const [partId, list] of byPart) {
    list.sort((a, b) => a.shownAt - b.shownAt);
    list.forEach((p, i) => {
      if (p.answeredAt !== null || p.expiresAt > now) return;
      const from = i === 0 ? -Infinity : list[i - 1].shownAt;
      windows.set(partId, [...(windows.get(partId) ?? []), [from, p.expiresAt]]);
    });
  }
  return windows;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
