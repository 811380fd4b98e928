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
import { rooms } from '../../realtime/rooms.js';
import { toAck } from '../../realtime/socket-ack.js';
import {
  readBlockOverrideRequest,
  readModerationRequest,
  readReorderRequest,
  readSettingsRequest,
} from './moderation-payloads.js';
import { ModerationService } from './moderation.service.js';

/**
 * Moderators' and speakers' events on the live namespace. The handshake (LiveGateway) only
 * tells who holds which link; the service checks the role again before every action.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class ModerationGateway {
  constructor(private readonly moderation: ModerationService) {}

  @SubscribeMessage('mod:join')
  join(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack<ModeratorSnapshot>> {
    return toAck(async () => {
      const partId = readPartRequest(body).partId;
      await this.moderation.ensureAccess(socket.data.staff, partId, ['moderator']);
      // Join before reading: whatever commits after the read is then sent to this socket.
      await socket.join(rooms.moderators(partId));
      return this.moderation.snapshot(socket.data.staff, partId);
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
    return toAck(async () => {
      const partId = readPartRequest(body).partId;
      const staff = await this.moderation.ensureAccess(socket.data.staff, partId, ['speaker', 'moderator']);
      await socket.join(
        staff.speakerName ? rooms.namedSpeaker(partId, staff.speakerName) : rooms.speakerPanel(partId),
      );
      return this.moderation.speakerSnapshot(socket.data.staff, partId);
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
