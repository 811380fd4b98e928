import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type {
  AuditEntryView,
  ModeratorQuestionView,
  ModeratorSnapshot,
  QueueState,
} from '../../../../shared/moderation.js';
import type { BlockState } from '../../../../shared/questions.js';
import {
  LIVE_NAMESPACE,
  type Ack,
  type EventSettings,
  type SpeakerSnapshot,
} from '../../../../shared/realtime.js';
import type { LiveSocket } from '../../realtime/live-socket.js';
import { readPartRequest, readQuestionRequest } from '../../realtime/payload.js';
import { toAck } from '../../realtime/socket-ack.js';
import {
  readBlockOverrideRequest,
  readModerationRequest,
  readReorderRequest,
  readSettingsRequest,
} from './moderation-payloads.js';
import { ModerationService } from './moderation.service.js';
import { SpeakerQueueService } from './speaker-queue.service.js';

/**
 * Moderators' and speakers' events on the live namespace. The handshake (LiveGateway) only
 * tells who holds which link; the service checks the role again before every action.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class ModerationGateway {
  constructor(
    private readonly moderation: ModerationService,
    private readonly speakerQueue: SpeakerQueueService,
  ) {}

  @SubscribeMessage('mod:join')
  join(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack<ModeratorSnapshot>> {
    return toAck(() => {
      const partId = readPartRequest(body).partId;
      return this.moderation.join(socket.data.staff, partId, (room) => socket.join(room));
    });
  }

  @SubscribeMessage('mod:act')
  act(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack<ModeratorQuestionView>> {
    return toAck(() => this.moderation.act(socket.data.staff, readModerationRequest(body)));
  }

  @SubscribeMessage('mod:reorder')
  reorder(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack<QueueState>> {
    return toAck(() => this.moderation.reorder(socket.data.staff, readReorderRequest(body)));
  }

  @SubscribeMessage('mod:settings')
  settings(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack<EventSettings>> {
    return toAck(() => this.moderation.settings(socket.data.staff, readSettingsRequest(body)));
  }

  @SubscribeMessage('mod:block')
  block(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack<BlockState>> {
    return toAck(() => this.moderation.blockOverride(socket.data.staff, readBlockOverrideRequest(body)));
  }

  @SubscribeMessage('mod:history')
  history(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack<AuditEntryView[]>> {
    return toAck(() => this.moderation.history(socket.data.staff, readQuestionRequest(body).questionId));
  }

  @SubscribeMessage('speaker:join')
  speakerJoin(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack<SpeakerSnapshot>> {
    return toAck(() => {
      const partId = readPartRequest(body).partId;
      return this.speakerQueue.join(socket.data.staff, partId, (room) => socket.join(room));
    });
  }

  @SubscribeMessage('speaker:answered')
  speakerAnswered(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack<QueueState>> {
    return toAck(() =>
      this.moderation.speakerAnswered(socket.data.staff, readQuestionRequest(body).questionId),
    );
  }
}
