import { Injectable } from '@nestjs/common';
import { Clock } from '../modules/clock/clock.js';
import { AttendanceService } from '../modules/attendance/attendance.service.js';
import { readBeatRequest } from '../modules/attendance/attendance-payloads.js';
import { EventDirectory } from '../modules/events/event-directory.js';
import {
  readBlockOverrideRequest,
  readModerationRequest,
  readReorderRequest,
  readSettingsRequest,
} from '../modules/moderation/moderation-payloads.js';
import { ModerationService } from '../modules/moderation/moderation.service.js';
import { QuestionsService } from '../modules/questions/questions.service.js';
import { route, type LiveRouteTable } from './live-route.js';
import { participantOf } from './live-socket.js';
import {
  booleanField,
  optionalInstantField,
  optionalStringField,
  optionalUuidField,
  optionalVersionField,
  payloadObject,
  stringField,
  uuidField,
} from './payload.js';
import { rooms } from './rooms.js';

/** The payload `{ partId }` or `{ questionId }`, for the events that carry only that. */
const idOf = (field: 'partId' | 'questionId') => (body: unknown) => uuidField(payloadObject(body), field);

/**
 * Every event of the live namespace: who may send it, its payload reader, its rate limit and
 * the service call that answers it (docs/protocol.md describes each). Handlers only join rooms
 * and call a service; the services check the link again and hold the rules.
 */
@Injectable()
export class LiveRoutes {
  constructor(
    private readonly questions: QuestionsService,
    private readonly moderation: ModerationService,
    private readonly attendance: AttendanceService,
    private readonly directory: EventDirectory,
    private readonly clock: Clock,
  ) {}

  readonly table: LiveRouteTable = {
    'part:join': route({
      who: 'participant',
      read: (body) => {
        const payload = payloadObject(body);
        return { partId: uuidField(payload, 'partId'), since: optionalVersionField(payload, 'since') };
      },
      handle: async (socket, { partId, since }) => {
        await this.directory.part(partId);
        // Join before reading: whatever commits after the read is then broadcast to this socket.
        await socket.join(rooms.viewers(partId));
        return this.questions.snapshot(participantOf(socket), partId, since);
      },
    }),
    'part:leave': route({
      who: 'anyone',
      read: idOf('partId'),
      handle: async (socket, partId) => {
        await socket.leave(rooms.viewers(partId));
        return null;
      },
    }),
    'question:ask': route({
      who: 'participant',
      read: (body) => {
        const payload = payloadObject(body);
        return {
          id: uuidField(payload, 'id'),
          blockId: uuidField(payload, 'blockId'),
          // Omitted: the talk on now; null: the block in general.
          talkId: payload.talkId === undefined ? undefined : optionalUuidField(payload, 'talkId'),
          body: stringField(payload, 'body'),
          displayName: optionalStringField(payload, 'displayName'),
          streamTime: optionalInstantField(payload, 'streamTime'),
        };
      },
      // The text is checked first; a retry of a stored question is not counted (its asker was
      // already told it was stored, and gets the first result whatever the limit says now).
      limit: {
        action: 'question',
        exempt: (request, participantId) => this.questions.checkBeforeLimit(request, participantId!),
      },
      handle: (socket, request) => this.questions.ask({ ...request, participantId: participantOf(socket) }),
    }),
    'question:vote': route({
      who: 'participant',
      read: (body) => {
        const payload = payloadObject(body);
        return { questionId: uuidField(payload, 'questionId'), voted: booleanField(payload, 'voted') };
      },
      limit: { action: 'vote' },
      handle: (socket, { questionId, voted }) =>
        this.questions.vote(participantOf(socket), questionId, voted),
    }),
    'clock:sync': route({
      who: 'anyone',
      read: () => null,
      handle: () => ({ serverTime: this.clock.now().toISOString(), clockRate: this.clock.rate }),
    }),

    'mod:join': route({
      who: ['moderator'],
      read: idOf('partId'),
      handle: async (socket, partId) => {
        await this.moderation.ensureAccess(socket.data.staff, partId, ['moderator']);
        // Join before reading: whatever commits after the read is then sent to this socket.
        await socket.join(rooms.moderators(partId));
        return this.moderation.snapshot(socket.data.staff, partId);
      },
    }),
    'mod:act': route({
      who: ['moderator'],
      read: readModerationRequest,
      handle: (socket, request) => this.moderation.act(socket.data.staff, request),
    }),
    'mod:reorder': route({
      who: ['moderator'],
      read: readReorderRequest,
      handle: (socket, request) => this.moderation.reorder(socket.data.staff, request),
    }),
    'mod:settings': route({
      who: ['moderator'],
      read: readSettingsRequest,
      handle: (socket, request) => this.moderation.settings(socket.data.staff, request),
    }),
    'mod:block': route({
      who: ['moderator'],
      read: readBlockOverrideRequest,
      handle: (socket, request) => this.moderation.blockOverride(socket.data.staff, request),
    }),
    'mod:history': route({
      who: ['moderator'],
      read: idOf('questionId'),
      handle: (socket, questionId) => this.moderation.history(socket.data.staff, questionId),
    }),
    'speaker:join': route({
      who: ['speaker', 'moderator'],
      read: idOf('partId'),
      handle: async (socket, partId) => {
        const staff = await this.moderation.ensureAccess(socket.data.staff, partId, ['speaker', 'moderator']);
        await socket.join(
          staff.speakerName ? rooms.namedSpeaker(partId, staff.speakerName) : rooms.speakerPanel(partId),
        );
        return this.moderation.speakerSnapshot(socket.data.staff, partId);
      },
    }),
    'speaker:answered': route({
      who: ['speaker'],
      read: idOf('questionId'),
      handle: (socket, questionId) => this.moderation.speakerAnswered(socket.data.staff, questionId),
    }),

    'attendance:beat': route({
      who: 'participant',
      read: readBeatRequest,
      handle: (socket, request) => this.attendance.beat(participantOf(socket), request),
    }),
    'attendance:confirm': route({
      who: 'participant',
      read: (body) => uuidField(payloadObject(body), 'promptId'),
      handle: (socket, promptId) => this.attendance.confirmPrompt(participantOf(socket), promptId),
    }),
  };
}
