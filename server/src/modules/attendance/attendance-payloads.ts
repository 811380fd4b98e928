import type { BeatRequest } from '../../../../shared/attendance.js';
import { DomainError } from '../../common/domain-error.js';
import { booleanField, payloadObject, uuidField } from '../../realtime/payload.js';

/** An `attendance:beat` payload (moved from the former AttendanceGateway, unchanged). */
export function readBeatRequest(body: unknown): BeatRequest {
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
  return {
    partId: uuidField(payload, 'partId'),
    playing: booleanField(payload, 'playing'),
    visible: booleanField(payload, 'visible'),
    streamTime,
  };
}
