import { Module } from '@nestjs/common';
import { AttendanceModule } from '../modules/attendance/attendance.module.js';
import { EventsModule } from '../modules/events/events.module.js';
import { GrantsModule } from '../modules/grants/grants.module.js';
import { LabelsModule } from '../modules/labels/labels.module.js';
import { ModerationModule } from '../modules/moderation/moderation.module.js';
import { ParticipantsModule } from '../modules/participants/participants.module.js';
import { QuestionsModule } from '../modules/questions/questions.module.js';
import { LiveDispatcher } from './live-dispatcher.js';
import { LiveHandshake } from './live-handshake.js';
import { LiveGateway } from './live.gateway.js';
import { LiveRoutes } from './live-routes.js';

/** The live namespace: its gateway, the handshake, and the one dispatch table over the domain services. */
@Module({
  imports: [
    EventsModule,
    ParticipantsModule,
    GrantsModule,
    QuestionsModule,
    ModerationModule,
    LabelsModule,
    AttendanceModule,
  ],
  providers: [LiveGateway, LiveHandshake, LiveDispatcher, LiveRoutes],
})
export class LiveModule {}
