import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { PartStateModule } from '../../live/part-state/part-state.module.js';
import { AgendaTicker } from './agenda-ticker.js';
import { QuestionRepository } from './question.repository.js';
import { QuestionsService } from './questions.service.js';
import { VoteCommitter } from './vote-committer.js';
import { AppConfig } from '../../config/app-config.js';
import { NaiveFanout } from './naive-fanout.js';
import { QuestionBroadcaster } from './question-broadcaster.js';
import { PartBatcher, PartFanout } from './part-batcher.js';

@Module({
  imports: [EventsModule, PartStateModule],
  providers: [
    QuestionRepository,
    VoteCommitter,
    QuestionsService,
    QuestionBroadcaster,
    PartBatcher,
    NaiveFanout,
    AgendaTicker,
    {
      provide: PartFanout,
      inject: [AppConfig, PartBatcher, NaiveFanout],
      useFactory: (config: AppConfig, batched: PartBatcher, naive: NaiveFanout) =>
        config.voteFanout === 'naive' ? naive : batched,
    },
  ],
  exports: [QuestionsService, QuestionRepository, QuestionBroadcaster, AgendaTicker],
})
export class QuestionsModule {}
