import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { DatabaseBackup } from './database-backup.js';
import { databaseTarget, openDatabase } from './data-source.js';

/** Opens the database (PostgreSQL, or the embedded one), migrated, and closes it at shutdown. */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => openDatabase(databaseTarget(config)),
    },
    DatabaseBackup,
  ],
  exports: [DataSource, DatabaseBackup],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
