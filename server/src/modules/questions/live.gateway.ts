import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { QuestionView } from '../../../../shared/questions.js';
import {
  CLIENT_EVENT_NAMES,
  LIVE_NAMESPACE,
  type Ack,
  type ClockInfo,
  type PartSnapshot,
  type VoteResult,
} from '../../../../shared/realtime.js';
import { LiveRateLimits } from '../../common/rate-limit/live-rate-limits.js';
import { LivePublisher } from '../../realtime/live-publisher.js';
import {
  clientAddress,
  participantOf,
  type LiveNamespace,
  type LiveSocket,
} from '../../realtime/live-socket.js';
import { AppConfig } from '../../config/app-config.js';
import {
  booleanField,
  optionalInstantField,
  optionalStringField,
  optionalUuidField,
  optionalVersionField,
  payloadObject,
  stringField,
  uuidField,
} from '../../realtime/payload.js';
import { rooms } from '../../realtime/rooms.js';
import { toAck } from '../../realtime/socket-ack.js';
import { Clock } from '../clock/clock.js';
import { EventDirectory } from '../events/event-directory.js';
import { GrantsService } from '../grants/grants.service.js';
import { ParticipantsService } from '../participants/participants.service.js';
import { QuestionsService } from './questions.service.js';

/**
 * The viewers' side of the live namespace: authenticates the handshake, joins rooms, reads
 * payloads and hands them to the service; the return value is the acknowledgement.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly grants: GrantsService,
    private readonly questions: QuestionsService,
    private readonly directory: EventDirectory,
    private readonly publisher: LivePublisher,
    private readonly limits: LiveRateLimits,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  afterInit(namespace: LiveNamespace): void {
    this.publisher.attach(namespace);
    namespace.use((socket, next) => {
      const { token, grant } = socket.handshake.auth as { token?: unknown; grant?: unknown };
      if (grant !== undefined) {
        this.grants.verifySecret(grant).then(
          (staff) => {
            if (!staff)
              return next(
                handshakeError(
                  'auth/bad_grant',
                  'This moderator or speaker link is unknown, expired or revoked. Ask the organizer for a new one.',
                ),
              );
            socket.data.staff = staff;
            next();
          },
          () =>
            next(
              handshakeError(
                'database/unavailable',
                'The server cannot check your link right now. Try again shortly.',
              ),
            ),
        );
        return;
      }
      if (token === undefined)
        return next(
          handshakeError(
            'auth/participant_required',
            'Send a participant token in the handshake: io(url, { auth: { token } }). Get one from POST /api/participants.',
          ),
        );
      const participantId = this.participants.verify(token);
      if (!participantId)
        return next(
          handshakeError(
            'auth/bad_participant',
            'This participant token is not valid here. Get a new one from POST /api/participants.',
          ),
        );
      // On a recovered connection the restored data must belong to the same participant.
      if (socket.data.participantId && socket.data.participantId !== participantId) {
        return next(
          handshakeError('auth/bad_participant', 'This connection belongs to another participant.'),
        );
      }
      socket.data.participantId = participantId;
      next();
    });
  }

  async handleConnection(socket: LiveSocket): Promise<void> {
    socket.onAny((event: string, ...args: unknown[]) => {
      if ((CLIENT_EVENT_NAMES as readonly string[]).includes(event)) return;
      const ack = args.at(-1);
      if (typeof ack === 'function') {
        (ack as (response: Ack<never>) => void)({
          ok: false,
          error: 'request/unknown_event',
          message: `"${event.slice(0, 40)}" is not an event of this server. See docs/protocol.md for the list.`,
        });
      }
    });
    if (socket.data.staff) await socket.join(rooms.grant(socket.data.staff.grantId));
    if (socket.data.participantId) await socket.join(rooms.participant(socket.data.participantId));
  }

  @SubscribeMessage('part:join')
  join(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack<PartSnapshot>> {
    return toAck(async () => {
      const payload = payloadObject(body);
      const partId = uuidField(payload, 'partId');
      const since = optionalVersionField(payload, 'since');
      const participantId = participantOf(socket);
      await this.directory.part(partId);
      // Join before reading: whatever commits after the read is then broadcast to this socket.
      await socket.join(rooms.viewers(partId));
      return this.questions.snapshot(participantId, partId, since);
    });
  }

  @SubscribeMessage('part:leave')
  leave(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack<null>> {
    return toAck(async () => {
      const partId = uuidField(payloadObject(body), 'partId');
      await socket.leave(rooms.viewers(partId));
      return null;
    });
  }

  @SubscribeMessage('question:ask')
  ask(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack<QuestionView>> {
    return toAck(() => {
      const payload = payloadObject(body);
      const command = {
        participantId: participantOf(socket),
        address: clientAddress(socket, this.config.trustProxy),
        id: uuidField(payload, 'id'),
        blockId: uuidField(payload, 'blockId'),
        // Omitted: the talk on now; null: the block in general.
        talkId: payload.talkId === undefined ? undefined : optionalUuidField(payload, 'talkId'),
        body: stringField(payload, 'body'),
        displayName: optionalStringField(payload, 'displayName'),
        streamTime: optionalInstantField(payload, 'streamTime'),
      };
      return this.questions.ask(command);
    });
  }

  @SubscribeMessage('question:vote')
  vote(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack<VoteResult>> {
    return toAck(async () => {
      const payload = payloadObject(body);
      const questionId = uuidField(payload, 'questionId');
      const voted = booleanField(payload, 'voted');
      const participantId = participantOf(socket);
      await this.limits.check('vote', {
        participantId,
        address: clientAddress(socket, this.config.trustProxy),
      });
      return this.questions.vote(participantId, questionId, voted);
    });
  }

  @SubscribeMessage('clock:sync')
  sync(): Promise<Ack<ClockInfo>> {
    return toAck(() => ({ serverTime: this.clock.now().toISOString(), clockRate: this.clock.rate }));
  }
}

function handshakeError(code: string, message: string): Error {
  return Object.assign(new Error(code), { data: { message } });
}
