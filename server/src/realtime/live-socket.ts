import type { Namespace, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/realtime.js';
import { DomainError } from '../common/domain-error.js';
import type { StaffPrincipal } from '../modules/grants/grants.service.js';
import type { WithheldSession } from './session-recovery.js';

/**
 * Kept on each socket; plain data so connection state recovery can restore it. A socket is a
 * viewer (participant token) or staff (moderator or speaker link), never both.
 */
export interface LiveSocketData {
  participantId?: string;
  staff?: StaffPrincipal;
  /** Only between a recovered connection's start and its handshake (session-recovery.ts). */
  withheld?: WithheldSession;
}

export type LiveSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  LiveSocketData
>;
export type LiveNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  LiveSocketData
>;

/** The participant behind a viewer socket; staff sockets cannot ask or vote. */
export function participantOf(socket: LiveSocket): string {
  if (!socket.data.participantId) {
    throw new DomainError(
      'auth/participant_required',
      'Asking and voting need a participant token in the handshake; moderator and speaker links cannot.',
    );
  }
  return socket.data.participantId;
}

/** The client's address for rate limits: behind a trusted proxy, the first X-Forwarded-For hop. */
export function clientAddress(socket: LiveSocket, trustProxy: boolean): string {
  const forwarded = socket.handshake.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return trustProxy && first ? first : socket.handshake.address;
}
