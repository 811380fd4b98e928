// Reads and bounds a PATCH /api/events/:slug/settings body; every refusal names the field.
import { MAX_PARTS_PER_EVENT, MAX_URL_LENGTH } from '../../../../shared/limits.js';
import {
  MAX_QA_OPENS_BEFORE_MINUTES,
  MAX_STREAM_DELAY_SECONDS,
  type OrganizerSettingsChange,
} from '../../../../shared/organizer.js';
import { DomainError } from '../../common/domain-error.js';

const EVENT_KEYS = new Set(['preModeration', 'speakersMayAnswer', 'qaOpensBeforeMinutes', 'parts']);
const PART_KEYS = new Set(['id', 'streamUrl', 'streamDelaySeconds']);
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function readSettingsChange(body: unknown): OrganizerSettingsChange {
  const input = record(body, 'The settings');
  refuseUnknown(input, EVENT_KEYS, 'settings');
  const change: OrganizerSettingsChange = {};
  if (input.preModeration !== undefined) change.preModeration = bool(input.preModeration, 'preModeration');
  if (input.speakersMayAnswer !== undefined)
    change.speakersMayAnswer = bool(input.speakersMayAnswer, 'speakersMayAnswer');
  if (input.qaOpensBeforeMinutes !== undefined) {
    change.qaOpensBeforeMinutes =
      input.qaOpensBeforeMinutes === null
        ? null
        : int(input.qaOpensBeforeMinutes, 'qaOpensBeforeMinutes', MAX_QA_OPENS_BEFORE_MINUTES);
  }
  if (input.parts !== undefined) {
    if (!Array.isArray(input.parts) || input.parts.length > MAX_PARTS_PER_EVENT) {
      throw invalid(`"parts" must be a list of at most ${MAX_PARTS_PER_EVENT} parts.`);
    }
    change.parts = input.parts.map((raw: unknown, k) => {
      const part = record(raw, `parts[${k}]`);
      refuseUnknown(part, PART_KEYS, `parts[${k}]`);
      if (typeof part.id !== 'string' || part.id.length > 64)
        throw invalid(`parts[${k}].id must be a part's id.`);
      const out: NonNullable<OrganizerSettingsChange['parts']>[number] = { id: part.id };
      if (part.streamUrl !== undefined) out.streamUrl = streamUrl(part.streamUrl, `parts[${k}].streamUrl`);
      if (part.streamDelaySeconds !== undefined)
        out.streamDelaySeconds = int(
          part.streamDelaySeconds,
          `parts[${k}].streamDelaySeconds`,
          MAX_STREAM_DELAY_SECONDS,
        );
      return out;
    });
  }
  return change;
}

/**
 * A stream address the event page will load: https (an HLS playlist, a YouTube or Vimeo link,
 * another player page), or http on this machine for rehearsals. Empty means no stream.
 */
export function streamUrl(value: unknown, field: string): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH) {
    throw invalid(`${field} must be a link of at most ${MAX_URL_LENGTH} characters, or null.`);
  }
  const trimmed = value.trim();
  if (trimmed === '') return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw invalid(`${field} is not a link: "${trimmed.slice(0, 80)}".`);
  }
  const ok = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  if (!ok) throw invalid(`${field} must start with https:// (the event page loads nothing else).`);
  return url.href;
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${what} must be a JSON object.`);
  }
  return value as Record<string, unknown>;
}

function refuseUnknown(input: Record<string, unknown>, known: Set<string>, where: string): void {
  const unknown = Object.keys(input).find((key) => !known.has(key));
  if (unknown !== undefined) throw invalid(`${where} has an unknown field "${unknown.slice(0, 40)}".`);
}

function bool(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw invalid(`"${field}" must be true or false.`);
  return value;
}

function int(value: unknown, field: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw invalid(`"${field}" must be a whole number from 0 to ${max}.`);
  }
  return value;
}

function invalid(message: string): DomainError {
  return new DomainError('request/invalid', message);
}
