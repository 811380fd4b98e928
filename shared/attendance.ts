// CME attendance: the shapes of registration, heartbeats, prompts, the organizer's rule and the
// crediting rule itself. The rule is pure (no clock, no I/O) so the server applies it and the
// unit tests pin it down exhaustively; other players (an LMS, a mobile app) can read it here.
import type { BeatRequest, CorrectionRequest } from './contracts/attendance.js';

// Request payloads are defined by their schemas (shared/contracts/), which give the type and the check.
export type { BeatRequest, CorrectionRequest };

/** A registered viewer sends `attendance:beat` this often while the page is open. */
export const BEAT_INTERVAL_SECONDS = 30;
/** A gap longer than this many beat intervals counts nothing (the viewer was away or offline). */
export const MAX_GAP_INTERVALS = 2.5;
/** A presence prompt must be confirmed within this many (real) seconds. */
export const PROMPT_CONFIRM_SECONDS = 90;

export const ROUNDING_MODES = ['none', 'down-0.25', 'down-0.5', 'nearest-0.5'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

/** What a missed presence prompt costs: the window since the previous prompt, or nothing. */
export const MISSED_PROMPT_POLICIES = ['window', 'none'] as const;
export type MissedPromptPolicy = (typeof MISSED_PROMPT_POLICIES)[number];

/** The organizer's rule for one event. */
export interface AttendanceRule {
  /** Share of an item's duration (0..1) a viewer must have watched live for it to count. */
  minShare: number;
  /** EACCME: 0.5 ECMEC per 30 minutes. */
  creditsPer30Minutes: number;
  rounding: RoundingMode;
  /** Most credits one day (one part's date) can give; EACCME's current criteria: 8. */
  dailyCap: number;
  /** ESOR: a certificate only to those who attended every talk and Q&A block. */
  wholeCourseRequired: boolean;
  /** Credits and the certificate only after the evaluation form. */
  evaluationRequired: boolean;
  /** Presence prompts per hour of stream while playing; 0 turns them off. */
  promptsPerHour: number;
  missedPrompt: MissedPromptPolicy;
  /** A stream time further than this from the server clock is not live (a replay). */
  maxLagSeconds: number;
}

export const DEFAULT_ATTENDANCE_RULE: AttendanceRule = {
  minShare: 0.8,
  creditsPer30Minutes: 0.5,
  rounding: 'down-0.5',
  dailyCap: 8,
  wholeCourseRequired: false,
  evaluationRequired: true,
  promptsPerHour: 3,
  missedPrompt: 'window',
  maxLagSeconds: 120,
};

export const EVALUATION_QUESTION_KINDS = ['rating', 'yesno', 'text'] as const;
export type EvaluationQuestionKind = (typeof EVALUATION_QUESTION_KINDS)[number];

export interface EvaluationQuestion {
  id: string;
  kind: EvaluationQuestionKind;
  label: string;
  required: boolean;
}

/** Defaults after the EACCME feedback form: overall rating, relevance, commercial bias, comments. */
export const DEFAULT_EVALUATION: EvaluationQuestion[] = [
  { id: 'overall', kind: 'rating', label: 'Overall, how would you rate this event?', required: true },
  {
    id: 'relevance',
    kind: 'rating',
    label: 'How relevant was the content to your practice?',
    required: true,
  },
  {
    id: 'bias',
    kind: 'yesno',
    label: 'Did you perceive any commercial bias in the content?',
    required: true,
  },
  { id: 'comments', kind: 'text', label: 'Comments and suggestions', required: false },
];

/** Organizer settings of one event (`GET/PUT /api/events/:slug/attendance/settings`). */
export interface AttendanceSettings {
  /** Off by default: no registration, no beats, the page shows nothing about credits. */
  enabled: boolean;
  consentText: string;
  accreditationStatement: string;
  rule: AttendanceRule;
  evaluation: EvaluationQuestion[];
}

/** What the event page shows a viewer (`GET /api/events/:slug/attendance`). */
export interface PublicAttendanceSettings {
  enabled: boolean;
  consentText: string;
  evaluation: EvaluationQuestion[];
  promptConfirmSeconds: number;
  beatIntervalSeconds: number;
}

export interface RegistrationRequest {
  name: string;
  email: string;
  consent: true;
  profession?: string | null;
  licence?: string | null;
}

export interface AttendeeView {
  id: string;
  name: string;
  email: string;
  profession: string | null;
  licence: string | null;
  registeredAt: string;
  evaluated: boolean;
}

export interface PresencePrompt {
  id: string;
  /** On the server's clock. */
  expiresAt: string;
}

export interface BeatResult {
  /** The live seconds credited so far for this part. */
  liveSeconds: number;
  /** A presence prompt to show now, or null. */
  prompt: PresencePrompt | null;
}

/** The viewer's own standing (`GET /api/events/:slug/attendees/me`). */
export interface MyAttendance {
  attendee: AttendeeView;
  items: AttendanceLine[];
  totalCredits: number;
  certificate: { id: string; url: string } | null;
  /** Why there is no certificate yet, for the person to read. */
  certificateBlockedBy: string | null;
}

/** One attendee and one talk (or Q&A block): a row of the CSV. */
export interface AttendanceLine {
  attendeeId: string;
  name: string;
  email: string;
  part: string;
  partDate: string;
  itemId: string;
  talk: string;
  liveSeconds: number;
  /** liveSeconds / duration, 0..1. */
  share: number;
  counted: boolean;
  promptsShown: number;
  promptsAnswered: number;
  credits: number;
}

export const ATTENDANCE_CSV_COLUMNS = [
  'name',
  'email',
  'profession',
  'licence',
  'part',
  'date',
  'talk',
  'live_seconds',
  'share',
  'counted',
  'prompts_shown',
  'prompts_answered',
  'correction_seconds',
  'credits',
] as const;

/** The organizer's live view (`GET /api/events/:slug/attendance/live`). */
export interface AttendanceLive {
  registered: number;
  /** Registered attendees whose last beat (within 2.5 intervals) said playing. */
  watchingNow: number;
  /** Per talk or Q&A block: the mean share watched live over registered attendees, 0..1. */
  items: {
    itemId: string;
    partId: string;
    title: string;
    start: string;
    end: string;
    meanShare: number;
    counted: number;
  }[];
}

export interface CertificateVerification {
  id: string;
  valid: boolean;
  /** Only for a valid certificate: whom it was issued to and for what. */
  name?: string;
  event?: string;
  credits?: number;
  issuedAt?: string;
}

// ---------------------------------------------------------------------------------------------
// The crediting rule

/** A beat as the server received it: `at` is the event clock at receipt, in ms. */
export interface CreditBeat {
  at: number;
  playing: boolean;
  /** The instant of the frame on screen in ms, or null when the player does not know it. */
  streamTime: number | null;
}

export interface CreditItem {
  id: string;
  start: number;
  end: number;
}

export interface CreditOptions {
  /** Event-clock ms per real ms (a rehearsal clock at rate 10 runs ten times faster). */
  clockRate: number;
  maxLagSeconds: number;
  beatIntervalSeconds?: number;
}

export interface Credit {
  /** Ms credited in total (the sum of byItem). */
  ms: number;
  /** Ms per item, on the stream's time line. */
  byItem: Record<string, number>;
}

const NOTHING: Credit = { ms: 0, byItem: {} };

/**
 * Is the frame on screen live? Its stream time must be within maxLag of the server clock. The
 * limit is in real seconds, so a rehearsal clock at rate 10 allows ten times as many event ms.
 */
export function isLive(beat: CreditBeat, options: CreditOptions): boolean {
  if (beat.streamTime === null) return false;
  return Math.abs(beat.at - beat.streamTime) <= options.maxLagSeconds * 1000 * options.clockRate;
}

/**
 * What the time from `previous` to `current` earns. It counts only when both beats say playing
 * and live; a gap over MAX_GAP_INTERVALS beat intervals (real time) counts nothing; beats faster
 * than the interval earn only the time that passed. The credited span is the one that ended at
 * the current beat's stream time, and each ms goes to the item on air at that stream instant
 * (time outside every item goes to none).
 */
export function creditBetween(
  previous: CreditBeat | null,
  current: CreditBeat,
  items: readonly CreditItem[],
  options: CreditOptions,
): Credit {
  if (!previous) return NOTHING;
  const elapsed = current.at - previous.at;
  if (!(elapsed > 0)) return NOTHING;
  const interval = options.beatIntervalSeconds ?? BEAT_INTERVAL_SECONDS;
  if (elapsed > MAX_GAP_INTERVALS * interval * 1000 * options.clockRate) return NOTHING;
  if (!previous.playing || !current.playing) return NOTHING;
  if (!isLive(previous, options) || !isLive(current, options)) return NOTHING;
  const to = current.streamTime as number;
  const from = to - elapsed;
  const byItem: Record<string, number> = {};
  let ms = 0;
  for (const item of items) {
    const overlap = Math.min(to, item.end) - Math.max(from, item.start);
    if (overlap > 0) {
      byItem[item.id] = (byItem[item.id] ?? 0) + overlap;
      ms += overlap;
    }
  }
  return { ms, byItem };
}

/** Rounds a day's credits as the organizer's rule says. */
export function roundCredits(credits: number, mode: RoundingMode): number {
  // The epsilon keeps 1.4999999 from float sums rounding down a whole step.
  const eps = 1e-9;
  switch (mode) {
    case 'none':
      return Math.round(credits * 100) / 100;
    case 'down-0.25':
      return Math.floor(credits * 4 + eps) / 4;
    case 'down-0.5':
      return Math.floor(credits * 2 + eps) / 2;
    case 'nearest-0.5':
      return Math.round(credits * 2) / 2;
  }
}
