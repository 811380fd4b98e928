import { Logger as NestLogger } from '@nestjs/common';
import type { Logger } from 'typeorm';
import { describeForLog, statementShape } from '../common/safe-error-log.js';

/**
 * TypeORM's logger, without parameters: TypeORM's own prints a failed query with its parameter
 * values (question text, participant ids, a link's secret hash). This one prints the SQLSTATE
 * and the statement's shape; see safe-error-log.ts.
 */
export class SafeQueryLogger implements Logger {
  private readonly logger = new NestLogger('Database');

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    if (typeof error === 'string') {
      this.logger.error(`Database query failed: ${statementShape(query)}`);
      return;
    }
    const withQuery = Object.assign(Object.create(error) as Error, { query, stack: error.stack });
    this.logger.error(describeForLog(withQuery));
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`Slow query (${time} ms): ${statementShape(query)}`);
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    const text = typeof message === 'string' ? message : 'TypeORM message';
    if (level === 'warn') this.logger.warn(text);
    else this.logger.log(text);
  }
}
