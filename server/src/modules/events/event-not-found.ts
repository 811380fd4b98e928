import { DomainError } from '../../common/domain-error.js';

/** The one refusal for a slug no event is published under, wherever an event is looked up. */
export function eventNotFound(slug: string): DomainError {
  return new DomainError(
    'event/not_found',
    `No event is published as "${slug}". See GET /api/events for the list.`,
  );
}
