import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../../common/domain-error.js';
import { AppConfig } from '../../config/app-config.js';

/** With METRICS_TOKEN set, the scraper must send it as `Authorization: Bearer <token>`. */
@Injectable()
export class MetricsGuard implements CanActivate {
  private readonly expected: Buffer | null;

  constructor(config: AppConfig) {
    this.expected = config.metricsToken === null ? null : digest(config.metricsToken);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.expected === null) return true;
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new DomainError(
        'auth/missing_token',
        'The metrics need METRICS_TOKEN: send "Authorization: Bearer <METRICS_TOKEN>" (bearer_token in Prometheus).',
      );
    }
    if (!timingSafeEqual(digest(match[1]), this.expected)) {
      throw new DomainError(
        'auth/bad_token',
        'The metrics token is not valid. Check METRICS_TOKEN on the server.',
      );
    }
    return true;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
