import { Injectable } from '@nestjs/common';
import { Clock } from '../modules/clock/clock.js';
import { AttendanceService } from '../modules/attendance/attendance.service.js';
import { readBeatRequest, readPromptRequest } from '../modules/attendance/attendance-input.js';
import { EventDirectory } from '../modules/events/event-directory.js';
import {
  readBlockOverrideRequest,
  readLabelsRequest,
  readModerationRequest,
  readReorderRequest,
  readSettingsRequest,
} from '../modules/moderation/moderation-payloads.js';
import { LabelsService } from '../modules/labels/labels.service.js';
import { ModerationService } from '../modules/moderation/moderation.service.js';
import { SpeakerQueueService } from '../modules/moderation/speaker-queue.service.js';
import { QuestionsService } from '../modules/questions/questions.service.js';
import { route, type LiveRouteTable } from './live-route.js';
import { participantOf } from './live-socket.js';
import {
  readAskRequest,
  readJoinRequest,
  readPartRequest,
  readQuestionRequest,
  readVoteRequest,
} from './payload.js';
import { rooms } from './rooms.js';

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
    private readonly labels: LabelsService,
    private readonly speakerQueue: SpeakerQueueService,
    private readonly attendance: AttendanceService,
    private readonly directory: EventDirectory,
    private readonly clock: Clock,
  ) {}

  readonly table: LiveRouteTable = {
    'part:join': route({
      who: 'participant',
      read: readJoinRequest,
      handle: async (socket, { partId, since }) => {
        await this.directory.part(partId);
        // Join before reading: whatever commits after the read is then broadcast to this socket.
        await socket.join([rooms.viewers(partId), rooms.viewerShard(partId, socket.id)]);
        return this.questions.snapshot(participantOf(socket), partId, since);
      },
    }),
    'part:leave': route({
      who: 'anyone',
      read: readPartRequest,
      handle: async (socket, { partId }) => {
        await socket.leave(rooms.viewers(partId));
        await socket.leave(rooms.viewerShard(partId, socket.id));
        return null;
      },
    }),
    'question:ask': route({
      who: 'participant',
      read: readAskRequest,
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
      read: readVoteRequest,
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
      read: readPartRequest,
      // The service checks the link once, joins the room, then reads (so nothing is missed).
      handle: (socket, { partId }) =>
        this.moderation.join(socket.data.staff, partId, (room) => socket.join(room)),
    }),
    'mod:act': route({
      // Speakers only for `reply`, when the event allows it (the service decides).
      who: ['moderator', 'speaker'],
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
      read: readQuestionRequest,
      handle: (socket, { questionId }) => this.moderation.history(socket.data.staff, questionId),
    }),
    'mod:labels': route({
      who: ['moderator'],
      read: readLabelsRequest,
      handle: (socket, request) => this.labels.change(socket.data.staff, request),
    }),
    'speaker:join': route({
      who: ['speaker', 'moderator'],
      read: readPartRequest,
      handle: (socket, { partId }) =>
        this.speakerQueue.join(socket.data.staff, partId, (room) => socket.join(room)),
    }),
    'speaker:answered': route({
      who: ['speaker'],
      read: readQuestionRequest,
      handle: (socket, { questionId }) => this.moderation.speakerAnswered(socket.data.staff, questionId),
    }),

    'attendance:beat': route({
      who: 'participant',
      read: readBeatRequest,
      limit: { action: 'attendance-beat' },
      handle: (socket, request) => this.attendance.beat(participantOf(socket), request),
    }),
    'attendance:confirm': route({
      who: 'participant',
      read: readPromptRequest,
      limit: { action: 'attendance-confirm' },
      handle: (socket, { promptId }) => this.attendance.confirmPrompt(participantOf(socket), promptId),
    }),
  };
}
