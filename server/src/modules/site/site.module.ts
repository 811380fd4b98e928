import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { EventsRepository } from '../events/events.repository.js';
import { StreamOriginsService } from './stream-origins.service.js';

/** What the HTML pages need from the database: the stream origins their CSP allows. */
@Module({
  imports: [EventsModule],
  providers: [
    {
      // A factory: the service's second parameter (its timer) is for tests, not for injection.
      provide: StreamOriginsService,
      useFactory: (events: EventsRepository) => new StreamOriginsService(events),
      inject: [EventsRepository],
    },
  ],
  exports: [StreamOriginsService],
})
export class SiteModule {}
