import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfig } from './config/app-config.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { LiveModule } from './realtime/live.module.js';
import type { RedisConnection } from './realtime/redis-connection.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { ClockModule } from './modules/clock/clock.module.js';
import type { Clock } from './modules/clock/clock.js';
import { EventsModule } from './modules/events/events.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { ParticipantsModule } from './modules/participants/participants.module.js';
import { QuestionsModule } from './modules/questions/questions.module.js';
import { GrantsModule } from './modules/grants/grants.module.js';
import { ModerationModule } from './modules/moderation/moderation.module.js';
import { OrganizerModule } from './modules/organizer/organizer.module.js';
import { AttendanceModule } from './modules/attendance/attendance.module.js';
import { RateLimitModule } from './common/rate-limit/live-rate-limits.js';
import { MetricsModule } from './modules/metrics/metrics.module.js';
import { OperationsModule } from './modules/operations/operations.module.js';
import { SiteModule } from './modules/site/site.module.js';
import { AnalyticsModule } from './modules/analytics/analytics.module.js';

/**
 * Providers a test may replace, each by name. NestFactory has no general provider override
 * (that is @nestjs/testing's builder, a second way to build the app), so each seam is a token
 * its module reads before its default: adding one is a field here and an optional inject there.
 */
export interface AppOverrides {
  /** The one clock (e.g. a test's manual clock); several instances in one process may share one. */
  clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot(
    config: AppConfig,
    redis: RedisConnection | null,
    overrides: AppOverrides = {},
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, overrides.clock),
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
        AttendanceModule,
        MetricsModule,
        OperationsModule,
        SiteModule,
        OrganizerModule,
        AnalyticsModule,
        LiveModule,
      ],
    };
  }
}
