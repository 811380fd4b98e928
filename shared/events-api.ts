// Shapes of the HTTP API's responses, shared by the server and the client.
import type { AgendaItemKind, Speaker } from './programme.js';

export interface AgendaItemView {
  id: string;
  partId: string;
  kind: AgendaItemKind;
  title: string;
  /** ISO-8601 UTC instants with `Z`. */
  start: string;
  end: string;
  speakers: Speaker[];
  /** For `qa` items: the talks this block takes questions about. Empty otherwise. */
  covers: { id: string; title: string }[];
}

export interface PartView {
  id: string;
  position: number;
  title: string;
  date: string;
  start: string;
  end: string;
  streamUrl: string | null;
  /** How far the stream runs behind real time, in seconds, for players without program date-time. */
  streamDelaySeconds?: number;
  streamNote: string;
  about: string;
  objectives: string[];
  items: AgendaItemView[];
}

export interface PartSummary {
  id: string;
  title: string;
  date: string;
  start: string;
  end: string;
}

export interface EventSummary {
  slug: string;
  title: string;
  timezone: string;
  parts: PartSummary[];
}

export interface EventView {
  slug: string;
  title: string;
  description: string;
  notes: string;
  timezone: string;
  parts: PartView[];
}

/** What is on at one instant; a pure function of the agenda and that instant. */
export interface AgendaState {
  /** The instant the state was computed for (ISO, `Z`). */
  at: string;
  current: AgendaItemView | null;
  next: AgendaItemView | null;
  /** The Q&A block running now, or else the next one; null after the last. */
  nextQa: AgendaItemView | null;
  /** 0 while `nextQa` is running; null when there is none. */
  secondsToNextQa: number | null;
}

export interface NowResponse extends AgendaState {
  serverTime: string;
  timezone: string;
}

export interface HealthResponse {
  status: 'ok' | 'degraded';
  database: { engine: 'postgres' | 'embedded'; state: 'up' | 'down' };
  clock: { mode: 'real' | 'rehearsal'; now: string; rate: number };
  version: string;
  /** This instance's memory, for operators and the load benchmark. */
  process: { rssBytes: number; heapUsedBytes: number; uptimeSeconds: number };
}
