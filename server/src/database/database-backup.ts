import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { embeddedSnapshot } from './data-source.js';

/** Backups of the embedded database, taken while the app keeps running. */
@Injectable()
export class DatabaseBackup {
  constructor(private readonly dataSource: DataSource) {}

  /** A gzipped tar of the data folder; `npm run admin -- restore FILE` turns it into a new DATA_DIR. */
  async snapshot(): Promise<Buffer> {
    const take = embeddedSnapshot(this.dataSource);
    if (!take) {
      throw new DomainError(
        'backup/embedded_only',
        'This server keeps its data in PostgreSQL: back it up with pg_dump (see the README, "Operations").',
      );
    }
    return Buffer.from(await (await take()).arrayBuffer());
  }
}
