import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ClusterLock } from './cluster-lock.js';
import { LivePublisher } from './live-publisher.js';
import type { RedisConnection } from './redis-connection.js';

export const REDIS_CONNECTION = Symbol('REDIS_CONNECTION');

/** The one publisher every domain module sends through, and the cluster lock. */
@Global()
@Module({})
export class RealtimeModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CONNECTION) private readonly redis: RedisConnection | null) {}

  static forRoot(redis: RedisConnection | null): DynamicModule {
    return {
      module: RealtimeModule,
      providers: [
        LivePublisher,
        { provide: REDIS_CONNECTION, useValue: redis },
        { provide: ClusterLock, useFactory: () => new ClusterLock(redis) },
      ],
      exports: [LivePublisher, ClusterLock, REDIS_CONNECTION],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis?.isOpen) await this.redis.quit().catch(() => this.redis?.destroy());
  }
}
