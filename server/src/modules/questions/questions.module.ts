import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { GrantsModule } from '../grants/grants.module.js';
import { ParticipantsModule } from '../participants/participants.module.js';
import { AgendaTicker } from './agenda-ticker.js';
import { LiveGateway } from './live.gateway.js';
import { LiveHandshake } from './live-handshake.js';
import { QuestionRepository } from './question.repository.js';
import { QuestionsService } from './questions.service.js';
import { AppConfig } from '../../config/app-config.js';
import { NaiveVoteFanout } from './naive-vote-fanout.js';
import { QuestionBroadcaster } from './question-broadcaster.js';
import { VoteBatcher, VoteFanout } from './vote-batcher.js';

@Module({
  imports: [EventsModule, ParticipantsModule, GrantsModule],
  providers: [
    LiveGateway,
    LiveHandshake,
    QuestionRepository,
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
  exports: [QuestionsService, QuestionRepository, QuestionBroadcaster, AgendaTicker],
})
export class QuestionsModule {}
