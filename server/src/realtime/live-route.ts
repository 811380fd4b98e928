import type { GrantRole } from '../../../shared/moderation.js';
import type { RateLimitedAction } from '../common/rate-limit/live-rate-limits.js';
import type { AckData, ClientToServerEvents } from '../../../shared/realtime.js';
import { DomainError } from '../common/domain-error.js';
import type { LiveSocket } from './live-socket.js';

/**
 * Who may send an event: anyone connected, a viewer (participant token), or the holder of a link
 * with one of these roles. Checked on every event from what the handshake verified; the services
 * still look the link up again before acting (a link revoked a second ago no longer works).
 */
export type LiveAudience = 'anyone' | 'participant' | readonly GrantRole[];

/** Per participant and per address, as LiveRateLimits counts them (socket events only). */
export type RateAction = Extract<
  RateLimitedAction,
  'question' | 'vote' | 'attendance-beat' | 'attendance-confirm'
>;

/**
 * One entry of the dispatch table. The dispatcher runs, in this order: `read` (the payload
 * reader: request/invalid names the field), the audience check, the rate limit, then `handle`,
 * whose value is the acknowledgement's `data`.
 */
export interface LiveRoute<Request, Result> {
  who: LiveAudience;
  read(payload: unknown): Request;
  limit?: {
    action: RateAction;
    /** A request not counted: e.g. a retry of a question already stored (its asker was told so). */
    exempt?(request: Request, participantId: string | undefined): Promise<boolean>;
  };
  handle(socket: LiveSocket, request: Request): Promise<Result> | Result;
}

/** Every client event of the contract, each with its route: a missing one fails to compile. */
export type LiveRouteTable = { [E in keyof ClientToServerEvents]: LiveRoute<unknown, AckData<E>> };

/** Keeps the request type of one route while the table stays uniform. */
export function route<Request, Result>(entry: LiveRoute<Request, Result>): LiveRoute<unknown, Result> {
  return entry;
}

/** Refusal of a staff action to a socket without a link. */
export function linkRequired(): DomainError {
  return new DomainError(
    'auth/role_required',
    'This needs a moderator or speaker link. Ask the organizer for one.',
  );
}

/** Refusal of a staff action to a link of another role or event. */
export function roleRequired(roles: readonly GrantRole[], eventTitle: string): DomainError {
  const needed = roles.includes('speaker') ? 'a moderator or speaker' : 'a moderator';
  return new DomainError('auth/role_required', `This needs ${needed} link for “${eventTitle}”.`);
}
