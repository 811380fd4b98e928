// The programme as organizers publish it, after parsing and before it is stored.
// The same shape is accepted as JSON by `POST /api/events`.

export const AGENDA_ITEM_KINDS = ['talk', 'qa', 'break'] as const;
export type AgendaItemKind = (typeof AGENDA_ITEM_KINDS)[number];

export interface Speaker {
  name: string;
  /** As published, e.g. "Cambridge"; null when the line gave none. */
  city: string | null;
  /** As published after the slash, e.g. "UK", "USA", "TR"; null when absent. */
  country: string | null;
}

export interface ProgrammeItem {
  kind: AgendaItemKind;
  title: string;
  /** ISO-8601 UTC instant with `Z`. */
  start: string;
  end: string;
  speakers: Speaker[];
}

export interface ProgrammePart {
  title: string;
  /** Local calendar date in the event's zone, `YYYY-MM-DD`. */
  date: string;
  /** The published window of the afternoon, UTC instants. */
  start: string;
  end: string;
  /** HLS (.m3u8) or embeddable player URL; null when not yet known. */
  streamUrl: string | null;
  /** Lines such as "Watch this course on ESR Connect!". */
  streamNote: string;
  about: string;
  objectives: string[];
  items: ProgrammeItem[];
}

export interface Programme {
  /** URL name; derived from the title when absent. */
  slug?: string;
  title: string;
  description: string;
  /** Lines before the title (streaming and accreditation remarks). */
  notes: string;
  /** IANA zone the published times are in, e.g. Europe/Vienna. */
  timezone: string;
  parts: ProgrammePart[];
}
