import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { BeatResult } from '../../../../shared/attendance.js';
import { LIVE_NAMESPACE, type Ack } from '../../../../shared/realtime.js';
import { participantOf, type LiveSocket } from '../../realtime/live-socket.js';
import { toAck } from '../../realtime/socket-ack.js';
import { readBeatRequest, readPromptRequest } from './attendance-input.js';
import { AttendanceService } from './attendance.service.js';

/** Registered attendees' heartbeats and prompt confirmations on the live namespace. */
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class AttendanceGateway {
  constructor(private readonly attendance: AttendanceService) {}

  @SubscribeMessage('attendance:beat')
  beat(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack<BeatResult>> {
    return toAck(() => this.attendance.beat(participantOf(socket), readBeatRequest(body)));
  }

  @SubscribeMessage('attendance:confirm')
  confirm(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack<{ answered: true }>> {
    return toAck(() =>
      this.attendance.confirmPrompt(participantOf(socket), readPromptRequest(body).promptId),
    );
  }
}
