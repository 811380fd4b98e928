import { Injectable, Logger } from '@nestjs/common';
import { LivePublisher } from '../../realtime/live-publisher.js';
import { rooms } from '../../realtime/rooms.js';
import { EventDirectory } from './event-directory.js';
import { EventsRepository } from './events.repository.js';
import { eventNotFound } from './event-not-found.js';

/** Deleting an event's data for good (the society's retention rule, or a test event). */
@Injectable()
export class EventDeletionService {
  private readonly logger = new Logger('Events');

  constructor(
    private readonly events: EventsRepository,
    private readonly directory: EventDirectory,
    private readonly publisher: LivePublisher,
  ) {}

  async delete(slug: string): Promise<void> {
    const deleted = await this.events.deleteBySlug(slug);
    if (!deleted) throw eventNotFound(slug);
    this.directory.forgetEverywhere(slug);
    // Links to the event are dead: their sockets go. Viewers only leave the part rooms, so a
    // socket that also follows another event keeps it.
    for (const grantId of deleted.grantIds) this.publisher.disconnectRoom(rooms.grant(grantId));
    for (const partId of deleted.partIds) {
      const partRooms = [
        rooms.viewers(partId),
        ...rooms.viewerShards(partId),
        rooms.moderators(partId),
        rooms.speakerPanel(partId),
      ];
      for (const room of partRooms) {
        this.publisher.emptyRoom(room);
      }
    }
    this.logger.log(`Deleted event "${slug}" with its ${deleted.partIds.length} parts and all their data`);
  }
}
