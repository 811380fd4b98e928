import { Module } from '@nestjs/common';
import { AdminGuard } from '../../common/guards/admin.guard.js';
import { EventsModule } from '../events/events.module.js';
import { ParticipantsModule } from '../participants/participants.module.js';
import {
  AttendanceAdminController,
  AttendanceCsvController,
  AttendancePurgeController,
} from './attendance-admin.controller.js';
import { AttendanceController, CertificatesController } from './attendance.controller.js';
import { AttendanceExport } from './attendance-export.js';
import { AttendanceRepository } from './attendance.repository.js';
import { AttendanceService } from './attendance.service.js';
import { CertificateService } from './certificate.service.js';

@Module({
  imports: [EventsModule, ParticipantsModule],
  controllers: [
    AttendanceController,
    CertificatesController,
    AttendanceAdminController,
    AttendanceCsvController,
    AttendancePurgeController,
  ],
  providers: [AttendanceRepository, AttendanceService, AttendanceExport, CertificateService, AdminGuard],
  exports: [AttendanceService],
})
export class AttendanceModule {}
