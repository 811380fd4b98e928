import {
  Global,
  Inject,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { whenIdle } from './in-flight.js';
import { ClusterLock } from './cluster-lock.js';
import { ClusterSignals } from './cluster-signals.js';
import { LivePublisher } from './live-publisher.js';
import type { RedisConnection } from './redis-connection.js';

export const REDIS_CONNECTION = Symbol('REDIS_CONNECTION');

const SHUTDOWN_GRACE_MS = 10_000;

/** The one publisher every domain module sends through, the cluster lock and the signals between instances. */
@Global()
@Module({})
export class RealtimeModule implements BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(REDIS_CONNECTION) private readonly redis: RedisConnection | null,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  static forRoot(redis: RedisConnection | null): DynamicModule {
    return {
      module: RealtimeModule,
      providers: [
        LivePublisher,
        { provide: REDIS_CONNECTION, useValue: redis },
        { provide: ClusterLock, useFactory: () => new ClusterLock(redis) },
        { provide: ClusterSignals, useFactory: () => new ClusterSignals(redis) },
      ],
      exports: [LivePublisher, ClusterLock, ClusterSignals, REDIS_CONNECTION],
    };
  }

  /** SIGTERM: let requests in flight finish (their writes commit) before anything closes. */
  async beforeApplicationShutdown(): Promise<void> {
    // Stop listening first, so no new connection lands here while the rest finishes.
    (this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined)?.close();
    if ((await whenIdle(SHUTDOWN_GRACE_MS)) === 'timeout') {
      new Logger('Shutdown').warn(
        `Requests still running after ${SHUTDOWN_GRACE_MS / 1000} s; closing anyway.`,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis?.isOpen) await this.redis.quit().catch(() => this.redis?.destroy());
  }
}
