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
    const current = await this.current(principal);
    if (!covers(current, event.slug, roles)) throw this.refusal(event, roles);
    return current;
  }

  /**
   * The link as it stands now (one lookup), not yet checked against an event: for an action
   * whose event is only known inside its transaction, which then checks `covers`.
   */
  async current(principal: StaffPrincipal | undefined): Promise<StaffPrincipal> {
    if (!principal) throw linkRequired();
    const current = await this.grants.stillValid(principal.grantId);
    if (!current) {
      throw new DomainError(
        'auth/bad_grant',
        'Your link has been revoked or has expired. Ask the organizer for a new one.',
      );
    }
    return current;
  }

  /** The error for a valid link of another event or another role. */
  refusal(event: EventView, roles: readonly GrantRole[]): DomainError {
    return roleRequired(roles, event.title);
  }
}

/** Whether a current link is for this event (by slug) and one of these roles. */
function covers(current: StaffPrincipal, eventSlug: string, roles: readonly GrantRole[]): boolean {
  return current.eventSlug === eventSlug && roles.includes(current.role);
}
