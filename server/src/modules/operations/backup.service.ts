import { Injectable, Logger } from '@nestjs/common';
import { DatabaseBackup } from '../../database/database-backup.js';

@Injectable()
export class BackupService {
  private readonly logger = new Logger('Backup');

  constructor(private readonly database: DatabaseBackup) {}

  /** The embedded database as a gzipped tar; live requests wait while it is taken. */
  async snapshot(): Promise<Buffer> {
    const started = performance.now();
    const archive = await this.database.snapshot();
    this.logger.log(
      `Backup taken: ${(archive.length / 1e6).toFixed(1)} MB in ${Math.round(performance.now() - started)} ms`,
    );
    return archive;
  }
}
