import { Injectable } from '@nestjs/common';
import { SignInRequestSchema } from '../../../../shared/contracts/organizer.js';
import { DomainError } from '../../common/domain-error.js';
import { AdminGuard } from '../../common/guards/admin.guard.js';
import { readPayload } from '../../common/read-payload.js';
import {
  issueOrganizerSession,
  ORGANIZER_COOKIE,
  ORGANIZER_SESSION_SECONDS,
  readCookie,
} from '../../common/guards/organizer-session.js';
import { RateLimiter } from '../../common/rate-limit/rate-limiter.js';
import { AppConfig } from '../../config/app-config.js';

/** Sign-in attempts per address and minute (per instance). */
const SIGN_IN_RULE = { what: 'sign-in attempts', limit: 10, windowMs: 60_000 };

@Injectable()
export class OrganizerSessionService {
  private readonly attempts = new RateLimiter();

  constructor(
    private readonly config: AppConfig,
    private readonly admin: AdminGuard,
  ) {}

  /** The Set-Cookie value for the right token; attempts are limited per address. */
  signIn(body: unknown, address: string, secure: boolean): string {
    const { token } = readPayload(SignInRequestSchema, body);
    // Counted before the comparison, so guessing stops at the limit whatever the guesses are.
    const decision = this.attempts.take(`organizer:${address}`, SIGN_IN_RULE);
    if (!decision.ok) {
      throw new DomainError('rate/limited', 'Too many sign-in attempts. Wait a minute and try again.', {
        retryAfterMs: decision.retryAfterMs,
      });
    }
    if (!this.admin.matches(token)) {
      throw new DomainError('auth/bad_token', 'That is not the organizer token. Check it and try again.');
    }
    const value = issueOrganizerSession(this.config.adminToken, Date.now());
    return cookie(value, ORGANIZER_SESSION_SECONDS, secure);
  }

  isSignedIn(cookieHeader: string | undefined): boolean {
    const value = readCookie(cookieHeader, ORGANIZER_COOKIE);
    return value !== null && this.admin.isSession(value);
  }

  signOutCookie(secure: boolean): string {
    return cookie('', 0, secure);
  }
}

/** Path=/api: only the API ever receives it. SameSite=Strict: no other site can send it along. */
function cookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${ORGANIZER_COOKIE}=${value}`,
    'Path=/api',
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}
