import { Global, Injectable, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { DomainError } from '../domain-error.js';
import { RateLimiter, type RateRule } from './rate-limiter.js';

type Action = 'question' | 'vote' | 'participant';

/**
 * Per participant and per address. Address limits are generous: a hospital or a lecture hall
 * may put hundreds of viewers behind one address.
 */
const RULES: Record<Action, { participant: RateRule | null; address: RateRule }> = {
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
};

@Injectable()
export class LiveRateLimits {
  private readonly limiter = new RateLimiter();

  constructor(private readonly config: AppConfig) {}

  /** Throws `rate/limited` with the wait when either the participant or the address is over. */
  check(action: Action, who: { participantId?: string; address: string }): void {
    const rules = RULES[action];
    if (rules.participant && who.participantId) {
      this.take(`participant:${who.participantId}:${action}`, rules.participant);
    }
    const factor = this.config.addressRateLimitFactor;
    this.take(`address:${who.address}:${action}`, { ...rules.address, limit: rules.address.limit * factor });
  }

  private take(key: string, rule: RateRule): void {
    const decision = this.limiter.take(key, rule);
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
}

@Global()
@Module({ providers: [LiveRateLimits], exports: [LiveRateLimits] })
export class RateLimitModule {}
