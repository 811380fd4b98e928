import { Module } from '@nestjs/common';
import { LivePublisher } from '../../realtime/live-publisher.js';
import { EventsModule } from '../events/events.module.js';
import { ParticipantsModule } from '../participants/participants.module.js';
import { AgendaTicker } from './agenda-ticker.js';
import { LiveGateway } from './live.gateway.js';
import { QuestionsRepository } from './questions.repository.js';
import { QuestionsService } from './questions.service.js';
import { AppConfig } from '../../config/app-config.js';
import { NaiveVoteFanout } from './naive-vote-fanout.js';
import { VoteBatcher, VoteFanout } from './vote-batcher.js';

@Module({
  imports: [EventsModule, ParticipantsModule],
  providers: [
    LiveGateway,
    LivePublisher,
    QuestionsRepository,
    QuestionsService,
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
  exports: [QuestionsService, LivePublisher],
})
export class QuestionsModule {}
