import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { PartStateModule } from '../../live/part-state/part-state.module.js';
import { LabelRepository } from '../labels/label.repository.js';
import { AgendaTicker } from './agenda-ticker.js';
import { QuestionRepository } from './question.repository.js';
import { QuestionsService } from './questions.service.js';
import { AppConfig } from '../../config/app-config.js';
import { NaiveVoteFanout } from './naive-vote-fanout.js';
import { QuestionBroadcaster } from './question-broadcaster.js';
import { VoteBatcher, VoteFanout } from './vote-batcher.js';

@Module({
  imports: [EventsModule, PartStateModule],
  providers: [
    QuestionRepository,
    LabelRepository,
    QuestionsService,
    QuestionBroadcaster,
    VoteBatcher,
    NaiveVoteFanout,
    AgendaTicker,
    {
      provide: VoteFanout,
      inject: [AppConfig, VoteBatcher, NaiveVoteFanout],
      useFactory: (config: AppConfig, batched: VoteBatcher, naive: NaiveVoteFanout) =>
        config.voteFanout === 'naive' ? naive : batched,
    },
  ],
  exports: [QuestionsService, QuestionRepository, LabelRepository, QuestionBroadcaster, AgendaTicker],
})
export class QuestionsModule {}
