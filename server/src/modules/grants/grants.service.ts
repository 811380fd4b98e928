import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { GrantIssued, GrantRole, GrantView } from '../../../../shared/moderation.js';
import {
  CreateGrantRequestSchema,
  DEFAULT_EXPIRY_HOURS,
  EXPIRES_AT_RULE,
  MAX_EXPIRY_HOURS,
} from '../../../../shared/contracts/grants.js';
import { isUuid } from '../../../../shared/contracts/fields.js';
import { cleanName } from '../../../../shared/text.js';
import { DomainError } from '../../common/domain-error.js';
import { readPayload } from '../../common/read-payload.js';
import { LivePublisher } from '../../realtime/live-publisher.js';
import { rooms } from '../../realtime/rooms.js';
import { EventsRepository } from '../events/events.repository.js';
import { hashGrantSecret, newGrantSecret } from './grant-secret.js';
import { GrantsRepository, type GrantRow } from './grants.repository.js';
import { eventNotFound } from '../events/event-not-found.js';

/** Who holds a valid link: checked at connect and again before every action. */
export interface StaffPrincipal {
  grantId: string;
  eventId: string;
  eventSlug: string;
  role: GrantRole;
  speakerName: string | null;
  /** The link's label ("Anna"): names the writer of an answer in text. */
  label: string;
  /** ISO instant: open sockets of the link are cut off then (LinkExpiry). */
  expiresAt: string;
}

/**
 * Moderator and speaker links. Expiry runs on real time, not the business clock: a rehearsal
 * of a 2024 course must not make a link issued today look expired, or valid for ever.
 */
@Injectable()
export class GrantsService {
  constructor(
    private readonly grants: GrantsRepository,
    private readonly events: EventsRepository,
    private readonly publisher: LivePublisher,
  ) {}

  async create(slug: string, request: unknown): Promise<GrantIssued> {
    const eventId = await this.eventId(slug);
    const now = new Date();
    const { role, speakerName, label, expiresAt } = readCreateRequest(request, now);
    const secret = newGrantSecret();
    const id = randomUUID();
    await this.grants.insert({
      id,
      eventId,
      role,
      speakerName,
      label: label || (role === 'moderator' ? 'Moderator' : (speakerName ?? 'Speakers’ panel')),
      secretHash: hashGrantSecret(secret),
      createdAt: now,
      expiresAt,
    });
    const grant = toView((await this.grants.findById(id))!);
    const page = role === 'moderator' ? 'moderate' : 'speaker';
    return { grant, secret, link: `/e/${slug}/${page}#key=${secret}` };
  }

  async list(slug: string): Promise<GrantView[]> {
    return (await this.grants.listForEvent(await this.eventId(slug))).map(toView);
  }

  /** Revokes the link and disconnects every socket opened with it, on every instance. */
  async revoke(slug: string, grantId: string): Promise<GrantView> {
    const eventId = await this.eventId(slug);
    if (!isUuid(grantId) || !(await this.grants.revoke(eventId, grantId, new Date()))) {
      throw new DomainError('grant/not_found', `This event has no link with the id "${grantId}".`);
    }
    this.publisher.disconnectRoom(rooms.grant(grantId));
    return toView((await this.grants.findById(grantId))!);
  }

  /** The holder of a link's secret, or null when it is unknown, expired or revoked. */
  async verifySecret(secret: unknown): Promise<StaffPrincipal | null> {
    if (typeof secret !== 'string' || secret.length < 20 || secret.length > 200) return null;
    const row = await this.grants.findBySecretHash(hashGrantSecret(secret));
    return row && isValid(row) ? toPrincipal(row) : null;
  }

  /** The grant again, for a check before an action: revoked links stop working on open sockets. */
  async stillValid(grantId: string): Promise<StaffPrincipal | null> {
    const row = await this.grants.findById(grantId);
    return row && isValid(row) ? toPrincipal(row) : null;
  }

  private async eventId(slug: string): Promise<string> {
    const event = await this.events.findEvent(slug);
    if (!event) throw eventNotFound(slug);
    return event.id;
  }
}

function isValid(row: GrantRow): boolean {
  return row.revoked_at === null && new Date(row.expires_at).getTime() > Date.now();
}

/** What a staff principal and a link's view both say of a grant. */
function grantTerms(row: GrantRow) {
  const { role, speaker_name: speakerName, event_slug: eventSlug, label } = row;
  return { eventSlug, role, speakerName, label, expiresAt: new Date(row.expires_at).toISOString() };
}

function toPrincipal(row: GrantRow): StaffPrincipal {
  return { grantId: row.id, eventId: row.event_id, ...grantTerms(row) };
}

function toView(row: GrantRow): GrantView {
  return {
    id: row.id,
    ...grantTerms(row),
    createdAt: new Date(row.created_at).toISOString(),
    revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
  };
}

interface GrantToCreate {
  role: GrantRole;
  speakerName: string | null;
  label: string;
  expiresAt: Date;
}

/** `now` is real time: links expire on the wall clock, whatever a rehearsal clock says. */
function readCreateRequest(body: unknown, now: Date): GrantToCreate {
  const request = readPayload(CreateGrantRequestSchema, body);
  return {
    role: request.role,
    expiresAt: expiryOf(request, now),
    // Matched against the programme's names as published: trimmed, otherwise untouched.
    speakerName: request.speakerName?.trim() ?? null,
    // A label names a person in the moderation history: no controls or bidi overrides.
    label: cleanName(request.label ?? ''),
  };
}

/** `expiresAt` (an instant, so a test can use seconds) or `expiresInHours`; 14 days by default. */
function expiryOf(request: { expiresAt?: string; expiresInHours?: number }, now: Date): Date {
  if (request.expiresAt !== undefined) {
    const at = new Date(request.expiresAt).getTime();
    const latest = now.getTime() + MAX_EXPIRY_HOURS * 3_600_000;
    if (Number.isNaN(at) || at <= now.getTime() || at > latest) {
      throw new DomainError('request/invalid', EXPIRES_AT_RULE);
    }
    return new Date(at);
  }
  return new Date(now.getTime() + (request.expiresInHours ?? DEFAULT_EXPIRY_HOURS) * 3_600_000);
}
