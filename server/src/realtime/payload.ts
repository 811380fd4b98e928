import { containsNul } from '../../../shared/text.js';
import { DomainError } from '../common/domain-error.js';

/**
 * Small readers for socket payloads: each returns the typed value or throws `request/invalid`
 * naming the field and what it must be. Payloads are `unknown` until they pass through here.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function payloadObject(payload: unknown): Record<string, unknown> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new DomainError('request/invalid', 'The payload must be an object, such as { "partId": "…" }.');
  }
  return payload as Record<string, unknown>;
}

export function uuidField(payload: Record<string, unknown>, field: string): string {
  const value = payload[field];
  if (typeof value !== 'string' || !UUID.test(value)) {
    throw new DomainError(
      'request/invalid',
      `"${field}" must be a UUID such as 3f1c…-…; got ${describe(value)}.`,
    );
  }
  return value.toLowerCase();
}

export function optionalUuidField(payload: Record<string, unknown>, field: string): string | null {
  return payload[field] === undefined || payload[field] === null ? null : uuidField(payload, field);
}

export function stringField(payload: Record<string, unknown>, field: string): string {
  const value = payload[field];
  if (typeof value !== 'string') {
    throw new DomainError('request/invalid', `"${field}" must be text; got ${describe(value)}.`);
  }
  // Refused here, before any rate limit or query: PostgreSQL cannot store U+0000.
  if (containsNul(value)) {
    throw new DomainError(
      'request/invalid',
      `"${field}" contains a NUL character (U+0000). Remove it and send again.`,
    );
  }
  return value;
}

export function optionalStringField(payload: Record<string, unknown>, field: string): string | null {
  return payload[field] === undefined || payload[field] === null ? null : stringField(payload, field);
}

export function booleanField(payload: Record<string, unknown>, field: string): boolean {
  const value = payload[field];
  if (typeof value !== 'boolean') {
    throw new DomainError('request/invalid', `"${field}" must be true or false; got ${describe(value)}.`);
  }
  return value;
}

export function optionalVersionField(payload: Record<string, unknown>, field: string): number | null {
  const value = payload[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new DomainError(
      'request/invalid',
      `"${field}" must be a whole number ≥ 0; got ${describe(value)}.`,
    );
  }
  return value;
}

// An ISO-8601 instant with its offset: 2024-02-22T12:30:05.250Z or …+01:00.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

/** An ISO instant with an offset, or null when left out. */
export function optionalInstantField(payload: Record<string, unknown>, field: string): Date | null {
  const value = payload[field];
  if (value === undefined || value === null) return null;
  const at = typeof value === 'string' && INSTANT.test(value) ? new Date(value) : null;
  if (at === null || Number.isNaN(at.getTime())) {
    throw new DomainError(
      'request/invalid',
      `"${field}" must be an ISO instant such as 2024-02-22T12:30:05Z; got ${describe(value)}.`,
    );
  }
  return at;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return value.length > 40 ? 'a long string' : JSON.stringify(value);
  return `a ${Array.isArray(value) ? 'list' : typeof value}`;
}
