import { Injectable } from '@nestjs/common';
import type { EventSummary, EventView, NowResponse } from '../../../../shared/events-api.js';
import {
  MAX_PREVIEW_ERRORS,
  type ProgrammePreview,
  type ProgrammeProblem,
} from '../../../../shared/organizer.js';
import type { Programme } from '../../../../shared/programme.js';
import { agendaStateAt } from '../../../../shared/agenda-state.js';
import { DomainError } from '../../common/domain-error.js';
import { Clock } from '../clock/clock.js';
import { parseProgramme } from '../programme/programme-parser.js';
import { deriveSlug, validateProgramme } from '../programme/programme-validator.js';
import { renderEventCalendar } from './calendar-ics.js';
import { toEventSummary, toEventView } from './event-view.mapper.js';
import { EventsRepository } from './events.repository.js';
import { eventNotFound } from './event-not-found.js';

/** A programme as it arrives over HTTP: published text, or the same structure as JSON. */
export type ProgrammeUpload = { format: 'text'; text: string } | { format: 'json'; body: unknown };

@Injectable()
export class EventsService {
  constructor(
    private readonly events: EventsRepository,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<EventSummary[]> {
    const rows = await this.events.listWithParts();
    return rows.map(({ event, parts }) => toEventSummary(event, parts));
  }

  async get(slug: string): Promise<EventView> {
    const stored = await this.events.findBySlug(slug);
    if (!stored) throw eventNotFound(slug);
    return toEventView(stored);
  }

  /** What is on at the clock's now, or at `at` (an ISO instant) when given. */
  async now(slug: string, at?: string): Promise<NowResponse> {
    const instant = at === undefined ? this.clock.now() : parseInstant(at);
    const event = await this.get(slug);
    const items = event.parts.flatMap((part) => part.items);
    return {
      serverTime: this.clock.now().toISOString(),
      timezone: event.timezone,
      ...agendaStateAt(items, instant),
    };
  }

  async calendar(slug: string, host: string): Promise<string> {
    return renderEventCalendar(await this.get(slug), { host, now: this.clock.now() });
  }

  /** Parses, checks and stores a programme as a new event; nothing is stored when any part is wrong. */
  async publish(upload: ProgrammeUpload): Promise<EventView> {
    const programme = upload.format === 'text' ? parseProgramme(upload.text) : validateProgramme(upload.body);
    return this.store(programme);
  }

  /**
   * What publishing the upload would do, saving nothing: the parsed programme, or every error
   * with its line. The parser stops at the first error, so further errors are found by parsing
   * again with the faulty lines blanked (line numbers stay); a later error can then be a
   * consequence of an earlier one, which the organizer fixes in the same pass anyway.
   */
  async preview(upload: ProgrammeUpload): Promise<ProgrammePreview> {
    const { programme, errors } = collectProblems(upload);
    if (!programme) {
      return { programme: null, errors, slug: null, existing: false, changes: null, orphans: [] };
    }
    const slug = programme.slug ?? deriveSlug(programme.title);
    const existing = await this.events.previewRepublish(slug, programme);
    return {
      programme: { ...programme, slug },
      errors: [],
      slug,
      existing: existing !== null,
      changes: existing?.plan.counts ?? null,
      orphans: existing?.orphans ?? [],
    };
  }

  /**
   * Publishes a corrected programme over the event `slug` (the slug stays, whatever the new
   * title). Matched items keep their identity; see EventsRepository.replaceProgramme.
   */
  async republish(slug: string, upload: ProgrammeUpload): Promise<EventView> {
    const programme = upload.format === 'text' ? parseProgramme(upload.text) : validateProgramme(upload.body);
    await this.events.replaceProgramme(slug, programme);
    return this.get(slug);
  }

  async store(programme: Programme): Promise<EventView> {
    const slug = programme.slug ?? deriveSlug(programme.title);
    if (await this.events.slugExists(slug)) {
      throw new DomainError(
        'event/slug_taken',
        `An event is already published as "${slug}". Choose another slug.`,
      );
    }
    try {
      await this.events.insertProgramme({ ...programme, slug });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError(
          'event/slug_taken',
          `An event is already published as "${slug}". Choose another slug.`,
        );
      }
      throw error;
    }
    return this.get(slug);
  }
}

function collectProblems(upload: ProgrammeUpload): {
  programme: Programme | null;
  errors: ProgrammeProblem[];
} {
  if (upload.format === 'json') {
    try {
      return { programme: validateProgramme(upload.body), errors: [] };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { programme: null, errors: [{ line: null, message: error.message }] };
    }
  }
  const lines = upload.text.split(/\r\n|\r|\n/);
  const errors: ProgrammeProblem[] = [];
  while (errors.length < MAX_PREVIEW_ERRORS) {
    try {
      const programme = parseProgramme(lines.join('\n'));
      return { programme: errors.length ? null : programme, errors };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const line = error.details.line ?? null;
      errors.push({ line, message: error.message.replace(/^Line \d+: /, '') });
      // Without a line, or on a line already blanked, parsing again would find the same thing.
      if (line === null || lines[line - 1] === undefined || lines[line - 1].trim() === '') break;
      lines[line - 1] = '';
    }
  }
  return { programme: null, errors };
}

function parseInstant(raw: string): Date {
  const value = new Date(raw);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(value.getTime())) {
    throw new DomainError(
      'request/invalid',
      `"at" must be an ISO-8601 instant such as 2024-02-22T12:00:00Z; got "${raw}".`,
    );
  }
  return value;
}

function isUniqueViolation(error: unknown): boolean {
  const code =
    (error as { code?: string; driverError?: { code?: string } }).code ??
    (error as { driverError?: { code?: string } }).driverError?.code;
  return code === '23505';
}
