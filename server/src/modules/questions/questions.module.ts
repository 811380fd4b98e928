import { Module } from '@nestjs/common';
import { LivePublisher } from '../../realtime/live-publisher.js';
import { EventsModule } from '../events/events.module.js';
import { ParticipantsModule } from '../participants/participants.module.js';
import { AgendaTicker } from './agenda-ticker.js';
import { LiveGateway } from './live.gateway.js';
import { QuestionsRepository } from './questions.repository.js';
import { QuestionsService } from './questions.service.js';
import { VoteBatcher } from './vote-batcher.js';

@Module({
  imports: [EventsModule, ParticipantsModule],
  providers: [LiveGateway, LivePublisher, QuestionsRepository, QuestionsService, VoteBatcher, AgendaTicker],
  exports: [QuestionsService, LivePublisher],
})
export class QuestionsModule {}
