import { Injectable } from '@nestjs/common';
import type { RedisConnection } from './redis-connection.js';

/**
 * "Exactly one instance does this": with several instances on one Redis, a periodic push
 * (an agenda boundary) must go out once per room, not once per instance. The first instance to
 * claim the key does it. Without Redis there is one instance and it always wins; while Redis
 * is away every instance wins (better a duplicate push than none).
 */
@Injectable()
export class ClusterLock {
  constructor(private readonly redis: RedisConnection | null) {}

  async claim(key: string, ttlMs: number): Promise<boolean> {
    if (!this.redis?.isReady) return true;
    try {
      return (await this.redis.set(`lsc:claim:${key}`, '1', { NX: true, PX: ttlMs })) === 'OK';
    } catch {
      return true;
    }
  }
}
