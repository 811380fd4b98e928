import { Module } from '@nestjs/common';
import { AdminGuard } from '../../common/guards/admin.guard.js';
import { EventsModule } from '../events/events.module.js';
import { GrantsController } from './grants.controller.js';
import { GrantsRepository } from './grants.repository.js';
import { GrantsService } from './grants.service.js';

@Module({
  imports: [EventsModule],
  controllers: [GrantsController],
  providers: [GrantsRepository, GrantsService, AdminGuard],
  exports: [GrantsService],
})
export class GrantsModule {}
