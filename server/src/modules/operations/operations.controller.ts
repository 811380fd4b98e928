import { Controller, Get, HttpCode, Post, StreamableFile, UseGuards } from '@nestjs/common';
import type { PurgeResult } from '../../../../shared/operations-api.js';
import { AdminGuard } from '../../common/guards/admin.guard.js';
import { Clock } from '../clock/clock.js';
import { BackupService } from './backup.service.js';
import { RetentionService } from './retention.service.js';

/** The organizer's maintenance calls, used by `npm run admin -- backup|purge`. */
@Controller('admin')
@UseGuards(AdminGuard)
export class OperationsController {
  constructor(
    private readonly backup: BackupService,
    private readonly retention: RetentionService,
    private readonly clock: Clock,
  ) {}

  @Get('backup')
  async snapshot(): Promise<StreamableFile> {
    const archive = await this.backup.snapshot();
    const stamp = this.clock.now().toISOString().replace(/[:.]/g, '-');
    return new StreamableFile(archive, {
      type: 'application/gzip',
      disposition: `attachment; filename="lsc-backup-${stamp}.tar.gz"`,
      length: archive.length,
    });
  }

  @Post('purge')
  @HttpCode(200)
  purge(): Promise<PurgeResult> {
    return this.retention.purge();
  }
}
