// Shapes of the organizer console's API (/organize), shared by the server and the client.
import type { OrganizerSettingsChange } from './contracts/organizer.js';
import type { Programme } from './programme.js';

/** PATCH /api/events/:slug/settings: any subset; parts name their id (schema in shared/contracts/). */
export type { OrganizerSettingsChange };

/** Stream delay bounds in seconds (the part column `stream_delay_seconds`). */
export const DEFAULT_STREAM_DELAY_SECONDS = 20;
export const MAX_STREAM_DELAY_SECONDS = 600;
/** Per-event "Q&A opens before", in minutes (the same bounds as QA_OPENS_BEFORE_MINUTES). */
export const MAX_QA_OPENS_BEFORE_MINUTES = 24 * 60;
/** An organizer token longer than this is refused before it is compared. */
export const MAX_ORGANIZER_TOKEN_LENGTH = 512;
/** The preview reports at most this many errors. */
export const MAX_PREVIEW_ERRORS = 20;

export interface OrganizerSessionState {
  signedIn: boolean;
}

export interface ProgrammeProblem {
  /** 1-based line of the programme text; null when the problem has no one line. */
  line: number | null;
  message: string;
}

/**
 * An agenda item published earlier that the new text drops, with what hangs on it: questions
 * (a Q&A block) and attendees with CME attendance credits for it.
 */
export interface OrphanedItem {
  partTitle: string;
  title: string;
  start: string;
  questions: number;
  /** Attendees credited (by beats or an organizer's correction) for this item. */
  attendees: number;
}

/** What publishing a text would do, computed without saving anything. */
export interface ProgrammePreview {
  /** The parsed programme; null when the text has errors. */
  programme: Programme | null;
  errors: ProgrammeProblem[];
  /** The slug it would be published as. */
  slug: string | null;
  /** True when an event with this slug exists: publishing updates it. */
  existing: boolean;
  /** For an existing event: what the update keeps, adds and removes. */
  changes: { kept: number; added: number; removed: number } | null;
  /** Items the update would remove although questions or attendance credits hang on them: publishing is refused. */
  orphans: OrphanedItem[];
}

export interface PartSettingsView {
  id: string;
  title: string;
  date: string;
  streamUrl: string | null;
  streamDelaySeconds: number;
}

export interface OrganizerEventSettings {
  slug: string;
  preModeration: boolean;
  speakersMayAnswer: boolean;
  /** Hold questions with likely patient identifiers / with profanity for review (default on). */
  holdPatientData: boolean;
  holdProfanity: boolean;
  /** null: the server default applies (`defaultQaOpensBeforeMinutes`). */
  qaOpensBeforeMinutes: number | null;
  defaultQaOpensBeforeMinutes: number;
  /** The answered questions, with their answers in text, are a public page (`/e/:slug/answers`). */
  answersPublished: boolean;
  parts: PartSettingsView[];
}
