import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { HealthResponse } from '../../../../shared/events-api.js';
import { AppConfig } from '../../config/app-config.js';
import { Clock } from '../clock/clock.js';
import { queryRows } from '../../database/typed-sql.js';

const PROBE_TIMEOUT_MS = 2000;
const VERSION = '0.1.0';

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async report(): Promise<HealthResponse> {
    const up = await this.databaseAnswers();
    return {
      status: up ? 'ok' : 'degraded',
      database: { engine: this.config.databaseUrl ? 'postgres' : 'embedded', state: up ? 'up' : 'down' },
      clock: { mode: this.clock.mode, now: this.clock.now().toISOString(), rate: this.clock.rate },
      version: VERSION,
      process: {
        rssBytes: process.memoryUsage.rss(),
        heapUsedBytes: process.memoryUsage().heapUsed,
        uptimeSeconds: Math.round(process.uptime()),
      },
    };
  }

  private async databaseAnswers(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
    });
    const probe = queryRows(this.dataSource, 'SELECT 1').then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
