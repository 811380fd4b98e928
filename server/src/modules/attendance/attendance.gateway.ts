import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { BeatResult } from '../../../../shared/attendance.js';
import { LIVE_NAMESPACE, type Ack } from '../../../../shared/realtime.js';
import { DomainError } from '../../common/domain-error.js';
import { LiveRateLimits } from '../../common/rate-limit/live-rate-limits.js';
import { AppConfig } from '../../config/app-config.js';
import { clientAddress, participantOf, type LiveSocket } from '../../realtime/live-socket.js';
import { booleanField, payloadObject, uuidField } from '../../realtime/payload.js';
import { toAck } from '../../realtime/socket-ack.js';
import { AttendanceService } from './attendance.service.js';

/** Registered attendees' heartbeats and prompt confirmations on the live namespace. */
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class AttendanceGateway {
  constructor(
    private readonly attendance: AttendanceService,
    private readonly limits: LiveRateLimits,
    private readonly config: AppConfig,
  ) {}

  @SubscribeMessage('attendance:beat')
  beat(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack<BeatResult>> {
    return toAck(async () => {
      const payload = payloadObject(body);
      const streamTime = payload.streamTime;
      if (
        streamTime !== null &&
        (typeof streamTime !== 'string' || Number.isNaN(Date.parse(streamTime)) || streamTime.length > 40)
      ) {
        throw new DomainError(
          'request/invalid',
          '"streamTime" must be an ISO instant such as 2024-02-22T13:05:00.000Z, or null when unknown.',
        );
      }
      const beat = {
        partId: uuidField(payload, 'partId'),
        playing: booleanField(payload, 'playing'),
        visible: booleanField(payload, 'visible'),
        streamTime,
      };
      return this.attendance.beat(await this.admit('attendance-beat', socket), beat);
    });
  }

  @SubscribeMessage('attendance:confirm')
  confirm(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack<{ answered: true }>> {
    return toAck(async () => {
      const promptId = uuidField(payloadObject(body), 'promptId');
      return this.attendance.confirmPrompt(await this.admit('attendance-confirm', socket), promptId);
    });
  }

  /**
   * The participant, once the rate limit lets the request through: after the payload checks
   * and before any other, as for questions and votes (docs/protocol.md §12).
   */
  private async admit(action: 'attendance-beat' | 'attendance-confirm', socket: LiveSocket): Promise<string> {
    const participantId = participantOf(socket);
    await this.limits.check(action, {
      participantId,
      address: clientAddress(socket, this.config.trustProxy),
    });
    return participantId;
  }
}
