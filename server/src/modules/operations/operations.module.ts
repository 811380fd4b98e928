import { Module } from '@nestjs/common';
import { AdminGuard } from '../../common/guards/admin.guard.js';
import { ClockModule } from '../clock/clock.module.js';
import { QuestionsModule } from '../questions/questions.module.js';
import { BackupService } from './backup.service.js';
import { OperationsController } from './operations.controller.js';
import { RetentionService } from './retention.service.js';

/** Backups of the embedded database and the question retention rule. */
@Module({
  imports: [ClockModule, QuestionsModule],
  controllers: [OperationsController],
  providers: [BackupService, RetentionService, AdminGuard],
})
export class OperationsModule {}
