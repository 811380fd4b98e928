import { Injectable } from '@nestjs/common';
import type { EventView, PartView } from '../../../../shared/events-api.js';
import { DomainError } from '../../common/domain-error.js';
import { ClusterSignals } from '../../realtime/cluster-signals.js';
import { EventsService } from './events.service.js';
import { EventsRepository } from './events.repository.js';

/**
 * Published programmes change rarely (a re-publish or a stream setting from the organizer
 * console, which calls `forget`), so the live paths read them from memory instead of four
 * queries per question or join. A change on one instance is dropped from every instance's
 * memory (ClusterSignals). Settings and hand overrides of blocks are PartLiveState's.
 */
@Injectable()
export class EventDirectory {
  private readonly bySlug = new Map<string, Promise<EventView>>();
  private readonly slugByPart = new Map<string, string>();
  private readonly partByBlock = new Map<string, string>();

  constructor(
    private readonly events: EventsService,
    private readonly repository: EventsRepository,
    private readonly signals: ClusterSignals,
  ) {
    signals.on('event:programme', (slug) => this.forget(slug));
  }

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

  /** Drops what is cached of an event after its programme or stream settings changed, or it was deleted. */
  forgetEverywhere(slug: string): void {
    this.forget(slug);
    this.signals.send('event:programme', slug);
  }

  /** Drops what this instance has cached of an event. */
  forget(slug: string): void {
    this.bySlug.delete(slug);
    for (const [partId, cachedSlug] of this.slugByPart)
      if (cachedSlug === slug) this.slugByPart.delete(partId);
    // Blocks map to parts only; a removed block must not resolve to its old part.
    this.partByBlock.clear();
  }

  async allEvents(): Promise<EventView[]> {
    const summaries = await this.events.list();
    return Promise.all(summaries.map((summary) => this.event(summary.slug)));
  }
}
