import { Injectable } from '@nestjs/common';
import type { ErrorCode } from '../../../shared/errors.js';
import { GrantsService } from '../modules/grants/grants.service.js';
import { ParticipantsService } from '../modules/participants/participants.service.js';
import { disconnectAtExpiry } from './link-expiry.js';
import { RECOVERY_WINDOW_MS } from './live-io.adapter.js';
import type { LiveNamespace, LiveSocket, LiveSocketData } from './live-socket.js';
import { resumeSession, withholdRecoveredSessions } from './session-recovery.js';
import { rooms } from './rooms.js';

/**
 * Who a live connection is: a participant (signed token) or the holder of a moderator or speaker
 * link. Checked on every connection, recovered ones included: a recovered connection keeps what
 * it had only when the credential it presents now proves the same identity.
 */
@Injectable()
export class LiveHandshake {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly grants: GrantsService,
  ) {}

  /** `onRefused` hears the code of every refused handshake (the metrics count them). */
  attach(namespace: LiveNamespace, onRefused: (code: string) => void = () => undefined): void {
    withholdRecoveredSessions(namespace, RECOVERY_WINDOW_MS);
    namespace.use((socket, admit) => {
      const next = (error?: Error) => {
        if (error) onRefused(error.message);
        admit(error);
      };
      this.identify(socket).then(
        (identity) => {
          if (!resumeSession(socket, identity)) {
            return next(
              handshakeError(
                'auth/session_mismatch',
                'This connection was opened with another identity. Connect again as a new connection.',
              ),
            );
          }
          next();
        },
        (error: unknown) => next(error instanceof HandshakeRefusal ? error : unavailable()),
      );
    });
  }

  /** After the handshake: the rooms every connection of this identity is in, and link expiry. */
  async joinIdentityRooms(socket: LiveSocket): Promise<void> {
    const { staff, participantId } = socket.data;
    if (staff) {
      await socket.join(rooms.grant(staff.grantId));
      disconnectAtExpiry(socket, staff.expiresAt);
    }
    if (participantId) await socket.join(rooms.participant(participantId));
  }

  private async identify(socket: LiveSocket): Promise<LiveSocketData> {
    const { token, grant } = socket.handshake.auth as { token?: unknown; grant?: unknown };
    if (grant !== undefined) {
      const staff = await this.grants.verifySecret(grant);
      if (!staff) {
        throw handshakeError(
          'auth/bad_grant',
          'This moderator or speaker link is unknown, expired or revoked. Ask the organizer for a new one.',
        );
      }
      return { staff };
    }
    if (token === undefined) {
      throw handshakeError(
        'auth/participant_required',
        'Send a participant token in the handshake: io(url, { auth: { token } }). Get one from POST /api/participants.',
      );
    }
    const participantId = this.participants.verify(token);
    if (!participantId) {
      throw handshakeError(
        'auth/bad_participant',
        'This participant token is not valid here. Get a new one from POST /api/participants.',
      );
    }
    return { participantId };
  }
}

/** A refusal the client is told about; anything else thrown means the database did not answer. */
class HandshakeRefusal extends Error {
  constructor(
    code: ErrorCode,
    readonly data: { message: string },
  ) {
    super(code);
  }
}

function handshakeError(code: ErrorCode, message: string): HandshakeRefusal {
  return new HandshakeRefusal(code, { message });
}

function unavailable(): HandshakeRefusal {
  return handshakeError(
    'database/unavailable',
    'The server cannot check your link right now. Try again shortly.',
  );
}
