import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfig } from './config/app-config.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import type { RedisConnection } from './realtime/redis-connection.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { ClockModule } from './modules/clock/clock.module.js';
import { EventsModule } from './modules/events/events.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { ParticipantsModule } from './modules/participants/participants.module.js';
import { QuestionsModule } from './modules/questions/questions.module.js';
import { GrantsModule } from './modules/grants/grants.module.js';
import { ModerationModule } from './modules/moderation/moderation.module.js';
import { RateLimitModule } from './common/rate-limit/live-rate-limits.js';
import { MetricsModule } from './modules/metrics/metrics.module.js';
import { OperationsModule } from './modules/operations/operations.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, redis: RedisConnection | null): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        RealtimeModule.forRoot(redis),
        DatabaseModule,
        ClockModule,
        RateLimitModule,
        EventsModule,
        HealthModule,
        ParticipantsModule,
        QuestionsModule,
        GrantsModule,
        ModerationModule,
        MetricsModule,
        OperationsModule,
      ],
    };
  }
}
