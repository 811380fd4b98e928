import { Module } from '@nestjs/common';
import { PartStateModule } from '../../live/part-state/part-state.module.js';
import { EventsModule } from '../events/events.module.js';
import { ModerationModule } from '../moderation/moderation.module.js';
import { QuestionsModule } from '../questions/questions.module.js';
import { LabelsService } from './labels.service.js';

/** The events' label lists (issue 13); their repository is the questions module's, as question reads carry labels. */
@Module({
  imports: [EventsModule, PartStateModule, QuestionsModule, ModerationModule],
  providers: [LabelsService],
  exports: [LabelsService],
})
export class LabelsModule {}
