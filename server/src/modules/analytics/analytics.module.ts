import { Module } from '@nestjs/common';
import { AdminGuard } from '../../common/guards/admin.guard.js';
import { ClockModule } from '../clock/clock.module.js';
import { EventsModule } from '../events/events.module.js';
import { QuestionsModule } from '../questions/questions.module.js';
import { AnalyticsController } from './analytics.controller.js';
import { AnalyticsRepository } from './analytics.repository.js';
import { AnalyticsService } from './analytics.service.js';
import { ViewerSampler } from './viewer-sampler.js';

@Module({
  imports: [ClockModule, EventsModule, QuestionsModule],
  controllers: [AnalyticsController],
  providers: [AdminGuard, AnalyticsRepository, AnalyticsService, ViewerSampler],
  exports: [ViewerSampler],
})
export class AnalyticsModule {}
