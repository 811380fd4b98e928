import { Injectable } from '@nestjs/common';
import type { EventView, PartView } from '../../../../shared/events-api.js';
import { DomainError } from '../../common/domain-error.js';
import { EventsService } from './events.service.js';
import { EventsRepository } from './events.repository.js';

/**
 * Published programmes never change (there is no edit API), so the live paths read them from
 * memory instead of four queries per question or join. Hand overrides of blocks do change and
 * are not cached here.
 */
@Injectable()
export class EventDirectory {
  private readonly bySlug = new Map<string, Promise<EventView>>();
  private readonly slugByPart = new Map<string, string>();
  private readonly partByBlock = new Map<string, string>();

  constructor(
    private readonly events: EventsService,
    private readonly repository: EventsRepository,
  ) {}

  async event(slug: string): Promise<EventView> {
    let cached = this.bySlug.get(slug);
    if (!cached) {
      cached = this.events.get(slug);
      this.bySlug.set(slug, cached);
      cached.catch(() => this.bySlug.delete(slug));
    }
    return cached;
  }

  async part(partId: string): Promise<{ event: EventView; part: PartView }> {
    let slug = this.slugByPart.get(partId);
    if (!slug) {
      slug = (await this.repository.findSlugByPartId(partId)) ?? undefined;
      if (!slug) throw new DomainError('part/not_found', `No part of any event has the id "${partId}".`);
      this.slugByPart.set(partId, slug);
    }
    const event = await this.event(slug);
    const part = event.parts.find((p) => p.id === partId);
    if (!part) throw new DomainError('part/not_found', `No part of any event has the id "${partId}".`);
    return { event, part };
  }

  /** The event and part of a Q&A block, or `block/not_found`. */
  async partOfBlock(blockId: string): Promise<{ event: EventView; part: PartView }> {
    let partId = this.partByBlock.get(blockId);
    if (!partId) {
      partId = (await this.repository.findPartIdOfBlock(blockId)) ?? undefined;
      if (!partId) {
        throw new DomainError(
          'block/not_found',
          'There is no Q&A block with this id. Pick one of the blocks listed in part:join.',
        );
      }
      this.partByBlock.set(blockId, partId);
    }
    return this.part(partId);
  }

  /** Drops a deleted event from memory, so the live paths answer `not_found` for it at once. */
  forget(slug: string, partIds: readonly string[]): void {
    this.bySlug.delete(slug);
    for (const partId of partIds) this.slugByPart.delete(partId);
    for (const [blockId, partId] of this.partByBlock)
      if (partIds.includes(partId)) this.partByBlock.delete(blockId);
  }

  async allEvents(): Promise<EventView[]> {
    const summaries = await this.events.list();
    return Promise.all(summaries.map((summary) => this.event(summary.slug)));
  }
}
