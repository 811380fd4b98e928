import { Module } from '@nestjs/common';
import { AdminGuard } from '../../common/guards/admin.guard.js';
import { ClockModule } from '../clock/clock.module.js';
import { EventDeletionService } from './event-deletion.service.js';
import { EventDirectory } from './event-directory.js';
import { EventsController } from './events.controller.js';
import { EventsRepository } from './events.repository.js';
import { EventsService } from './events.service.js';
import { SeedProgrammeLoader } from './seed-programme.loader.js';

@Module({
  imports: [ClockModule],
  controllers: [EventsController],
  providers: [
    EventsRepository,
    EventsService,
    EventDirectory,
    EventDeletionService,
    AdminGuard,
    SeedProgrammeLoader,
  ],
  exports: [EventsService, EventsRepository, EventDirectory],
})
export class EventsModule {}
