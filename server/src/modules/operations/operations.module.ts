import { Module } from '@nestjs/common';
import { AdminGuard } from '../../common/guards/admin.guard.js';
import { ClockModule } from '../clock/clock.module.js';
import { BackupService } from './backup.service.js';
import { OperationsController } from './operations.controller.js';
import { RetentionRepository } from './retention.repository.js';
import { RetentionService } from './retention.service.js';

/** Backups of the embedded database and the question retention rule. */
@Module({
  imports: [ClockModule],
  controllers: [OperationsController],
  providers: [BackupService, RetentionService, RetentionRepository, AdminGuard],
})
export class OperationsModule {}
