import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../../config/app-config.js';
import { DomainError } from '../domain-error.js';
import { isValidOrganizerSession, ORGANIZER_COOKIE, readCookie } from './organizer-session.js';

/**
 * Admits the organizer: the holder of ADMIN_TOKEN, sent as `Authorization: Bearer <token>`
 * (command line, scripts), or the organizer console's session cookie (see organizer-session.ts).
 */
@Injectable()
export class AdminGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(private readonly config: AppConfig) {
    this.expected = digest(config.adminToken);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      const session = readCookie(request.headers.cookie, ORGANIZER_COOKIE);
      if (session !== null && this.isSession(session)) return true;
      throw new DomainError(
        session === null ? 'auth/missing_token' : 'auth/bad_token',
        session === null
          ? 'This needs the organizer token: send "Authorization: Bearer <ADMIN_TOKEN>" or sign in at /organize.'
          : 'Your organizer sign-in has expired. Sign in again at /organize.',
      );
    }
    if (!this.matches(match[1])) {
      throw new DomainError(
        'auth/bad_token',
        'The organizer token is not valid. Check ADMIN_TOKEN on the server.',
      );
    }
    return true;
  }

  /** Whether `token` is ADMIN_TOKEN; compares digests so the time does not depend on the token. */
  matches(token: string): boolean {
    return timingSafeEqual(digest(token), this.expected);
  }

  isSession(value: string): boolean {
    return isValidOrganizerSession(this.config.adminToken, value, Date.now());
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
