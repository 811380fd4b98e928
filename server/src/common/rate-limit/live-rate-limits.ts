import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { REDIS_CONNECTION } from '../../realtime/realtime.module.js';
import type { RedisConnection } from '../../realtime/redis-connection.js';
import { DomainError } from '../domain-error.js';
import { addressKey } from './address-key.js';
import { RateLimiter, type RateDecision, type RateRule } from './rate-limiter.js';

export type RateLimitedAction =
  'question' | 'vote' | 'participant' | 'attendance-register' | 'attendance-beat' | 'attendance-confirm';

/**
 * Per participant and per address. Address limits are generous: a hospital or a lecture hall
 * may put hundreds of viewers behind one address.
 */
const RULES: Record<RateLimitedAction, { participant: RateRule | null; address: RateRule }> = {
  question: {
    participant: { what: 'questions', limit: 5, windowMs: 60_000 },
    address: { what: 'questions', limit: 300, windowMs: 60_000 },
  },
  vote: {
    participant: { what: 'votes', limit: 60, windowMs: 10_000 },
    address: { what: 'votes', limit: 3_000, windowMs: 10_000 },
  },
  participant: {
    participant: null,
    address: { what: 'new identities', limit: 600, windowMs: 60_000 },
  },
  // CME attendance. An honest page registers once (again to correct a typo), beats every
  // BEAT_INTERVAL_SECONDS (30 s of real time, whatever the clock's rate) and confirms a few
  // prompts an hour: these allow several open tabs and reconnects, and refuse floods.
  'attendance-register': {
    participant: { what: 'attendance registrations', limit: 10, windowMs: 60_000 },
    address: { what: 'attendance registrations', limit: 300, windowMs: 60_000 },
  },
  'attendance-beat': {
    participant: { what: 'attendance heartbeats', limit: 12, windowMs: 60_000 },
    address: { what: 'attendance heartbeats', limit: 3_000, windowMs: 60_000 },
  },
  'attendance-confirm': {
    participant: { what: 'presence confirmations', limit: 10, windowMs: 60_000 },
    address: { what: 'presence confirmations', limit: 600, windowMs: 60_000 },
  },
};

/**
 * With Redis the counters are shared, so the limits hold across instances (a participant cannot
 * get five questions a minute from each); without it, or while it is away, each instance counts
 * for itself.
 */
@Injectable()
export class LiveRateLimits {
  private readonly limiter = new RateLimiter();

  constructor(
    private readonly config: AppConfig,
    @Inject(REDIS_CONNECTION) private readonly redis: RedisConnection | null,
  ) {}

  /** Throws `rate/limited` with the wait when either the participant or the address is over. */
  async check(action: RateLimitedAction, who: { participantId?: string; address: string }): Promise<void> {
    const rules = RULES[action];
    if (rules.participant && who.participantId) {
      await this.take(`participant:${who.participantId}:${action}`, {
        ...rules.participant,
        limit: rules.participant.limit * this.config.participantRateLimitFactor,
      });
    }
    const factor = this.config.addressRateLimitFactor;
    await this.take(`address:${addressKey(who.address)}:${action}`, {
      ...rules.address,
      limit: rules.address.limit * factor,
    });
  }

  private async take(key: string, rule: RateRule): Promise<void> {
    const decision = (await this.takeShared(key, rule)) ?? this.limiter.take(key, rule);
    if (!decision.ok) {
      const seconds = Math.ceil(decision.retryAfterMs / 1000);
      throw new DomainError(
        'rate/limited',
        `Too many ${rule.what} in a short time. Try again in ${seconds} s.`,
        {
          retryAfterMs: decision.retryAfterMs,
        },
      );
    }
  }

  /** One round trip: count, start the window on the first hit, read its time left. Null: use local counters. */
  private async takeShared(key: string, rule: RateRule): Promise<RateDecision | null> {
    if (!this.redis?.isReady) return null;
    const redisKey = `lsc:rate:${key}`;
    try {
      const [count, , ttl] = (await this.redis
        .multi()
        .incr(redisKey)
        .pExpire(redisKey, rule.windowMs, 'NX')
        .pTTL(redisKey)
        .exec()) as unknown as [number, number, number];
      return count > rule.limit ? { ok: false, retryAfterMs: Math.max(ttl, 1) } : { ok: true };
    } catch {
      return null;
    }
  }
}

@Global()
@Module({ providers: [LiveRateLimits], exports: [LiveRateLimits] })
export class RateLimitModule {}
