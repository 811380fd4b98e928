import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { GrantsModule } from '../grants/grants.module.js';
import { QuestionsModule } from '../questions/questions.module.js';
import { AdminGuard } from '../../common/guards/admin.guard.js';
import { ExportController } from './export.controller.js';
import { ExportService } from './export.service.js';
import { ModerationGateway } from './moderation.gateway.js';
import { OrganizerOrModeratorGuard } from './organizer-or-moderator.guard.js';
import { ModerationRepository } from './moderation.repository.js';
import { ModerationService } from './moderation.service.js';
import { SpeakerQueueService } from './speaker-queue.service.js';
import { StaffAccess } from './staff-access.js';

@Module({
  imports: [EventsModule, GrantsModule, QuestionsModule],
  controllers: [ExportController],
  providers: [
    ModerationGateway,
    ModerationRepository,
    ModerationService,
    SpeakerQueueService,
    StaffAccess,
    ExportService,
    AdminGuard,
    OrganizerOrModeratorGuard,
  ],
  exports: [ModerationService, ModerationRepository, StaffAccess],
})
export class ModerationModule {}
