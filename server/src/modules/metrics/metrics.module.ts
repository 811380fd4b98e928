import { Global, Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsGuard } from './metrics.guard.js';
import { MetricsService } from './metrics.service.js';

/** Global: the live paths in several modules count into the one MetricsService. */
@Global()
@Module({
  imports: [EventsModule],
  controllers: [MetricsController],
  providers: [MetricsService, MetricsGuard],
  exports: [MetricsService],
})
export class MetricsModule {}
