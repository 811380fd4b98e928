import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { GrantsModule } from '../grants/grants.module.js';
import { QuestionsModule } from '../questions/questions.module.js';
import { PartStateModule } from '../../live/part-state/part-state.module.js';
import { AdminGuard } from '../../common/guards/admin.guard.js';
import { ChangePublisher } from './change-publisher.js';
import { ExportController } from './export.controller.js';
import { ExportService } from './export.service.js';
import { OrganizerOrModeratorGuard } from './organizer-or-moderator.guard.js';
import { ModerationService } from './moderation.service.js';
import { PublishedAnswersController } from './published-answers.controller.js';
import { PublishedAnswersService } from './published-answers.service.js';
import { SpeakerQueueService } from './speaker-queue.service.js';
import { StaffAccess } from './staff-access.js';

@Module({
  imports: [EventsModule, GrantsModule, QuestionsModule, PartStateModule],
  controllers: [ExportController, PublishedAnswersController],
  providers: [
    ModerationService,
    SpeakerQueueService,
    ChangePublisher,
    StaffAccess,
    ExportService,
    PublishedAnswersService,
    AdminGuard,
    OrganizerOrModeratorGuard,
  ],
  exports: [ModerationService, SpeakerQueueService, ChangePublisher, StaffAccess],
})
export class ModerationModule {}
