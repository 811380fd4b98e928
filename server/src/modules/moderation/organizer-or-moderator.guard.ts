import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../../common/domain-error.js';
import { AdminGuard } from '../../common/guards/admin.guard.js';
import { GrantsService } from '../grants/grants.service.js';

/** Admits the organizer (ADMIN_TOKEN) or a moderator of this event (their link's secret), as a Bearer token. */
@Injectable()
export class OrganizerOrModeratorGuard implements CanActivate {
  constructor(
    private readonly admin: AdminGuard,
    private readonly grants: GrantsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return this.admin.canActivate(context);
    } catch (adminRefusal) {
      const request = context.switchToHttp().getRequest<Request>();
      const secret = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (!secret) throw adminRefusal;
      const staff = await this.grants.verifySecret(secret);
      if (staff?.role === 'moderator' && staff.eventSlug === request.params.slug) return true;
      throw new DomainError(
        'auth/bad_token',
        'Use the organizer token or a moderator link of this event as the Bearer token.',
      );
    }
  }
}
