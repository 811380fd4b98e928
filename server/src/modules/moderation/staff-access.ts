import { Injectable } from '@nestjs/common';
import type { EventView } from '../../../../shared/events-api.js';
import type { GrantRole } from '../../../../shared/moderation.js';
import { DomainError } from '../../common/domain-error.js';
import { linkRequired, roleRequired } from '../../realtime/live-route.js';
import { GrantsService, type StaffPrincipal } from '../grants/grants.service.js';

/**
 * The role check before every staff action, not only at connect: the link is looked up again,
 * so a link revoked or expired a second ago no longer works, even on a socket still open.
 */
@Injectable()
export class StaffAccess {
  constructor(private readonly grants: GrantsService) {}

  async require(
    principal: StaffPrincipal | undefined,
    event: EventView,
    roles: readonly GrantRole[],
  ): Promise<StaffPrincipal> {
    if (!principal) throw linkRequired();
    const current = await this.grants.stillValid(principal.grantId);
    if (!current) {
      throw new DomainError(
        'auth/bad_grant',
        'Your link has been revoked or has expired. Ask the organizer for a new one.',
      );
    }
    if (current.eventSlug !== event.slug || !roles.includes(current.role))
      throw roleRequired(roles, event.title);
    return current;
  }
}
