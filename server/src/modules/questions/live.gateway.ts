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
import { readAskRequest, readJoinRequest, readPartRequest, readVoteRequest } from '../../realtime/payload.js';
import { rooms } from '../../realtime/rooms.js';
import { toAck } from '../../realtime/socket-ack.js';
import { Clock } from '../clock/clock.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { EventDirectory } from '../events/event-directory.js';
import { LiveHandshake } from './live-handshake.js';
import { QuestionsService } from './questions.service.js';

/**
 * The viewers' side of the live namespace: authenticates the handshake, joins rooms, reads
 * payloads and hands them to the service; the return value is the acknowledgement.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection {
  constructor(
    private readonly handshake: LiveHandshake,
    private readonly questions: QuestionsService,
    private readonly directory: EventDirectory,
    private readonly publisher: LivePublisher,
    private readonly limits: LiveRateLimits,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  afterInit(namespace: LiveNamespace): void {
    this.publisher.attach(namespace);
    this.handshake.attach(namespace, (code) => this.metrics.refusedRequest(code, 'handshake'));
  }

  async handleConnection(socket: LiveSocket): Promise<void> {
    socket.use(this.metrics.observeSocketRequest);
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
    await this.handshake.joinIdentityRooms(socket);
  }

  @SubscribeMessage('part:join')
  join(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack<PartSnapshot>> {
    return toAck(async () => {
      const { partId, since } = readJoinRequest(body);
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
      const { partId } = readPartRequest(body);
      await socket.leave(rooms.viewers(partId));
      return null;
    });
  }

  @SubscribeMessage('question:ask')
  ask(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack<QuestionView>> {
    return toAck(() => {
      const command = {
        participantId: participantOf(socket),
        address: clientAddress(socket, this.config.trustProxy),
        ...readAskRequest(body),
      };
      return this.questions.ask(command);
    });
  }

  @SubscribeMessage('question:vote')
  vote(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack<VoteResult>> {
    return toAck(async () => {
      const { questionId, voted } = readVoteRequest(body);
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
