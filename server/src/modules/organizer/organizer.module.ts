import { Module } from '@nestjs/common';
import { AdminGuard } from '../../common/guards/admin.guard.js';
import { ClockModule } from '../clock/clock.module.js';
import { EventsModule } from '../events/events.module.js';
import { ModerationModule } from '../moderation/moderation.module.js';
import { QuestionsModule } from '../questions/questions.module.js';
import { PartStateModule } from '../../live/part-state/part-state.module.js';
import { OrganizerSessionController } from './organizer-session.controller.js';
import { OrganizerSessionService } from './organizer-session.service.js';
import { OrganizerSettingsRepository } from './organizer-settings.repository.js';
import { OrganizerController } from './organizer.controller.js';
import { OrganizerService } from './organizer.service.js';

@Module({
  imports: [ClockModule, EventsModule, QuestionsModule, ModerationModule, PartStateModule],
  controllers: [OrganizerSessionController, OrganizerController],
  providers: [AdminGuard, OrganizerSessionService, OrganizerService, OrganizerSettingsRepository],
})
export class OrganizerModule {}
