import { readFile } from 'node:fs/promises';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DomainError } from '../../common/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { parseProgramme } from '../programme/programme-parser.js';
import { EventsRepository } from './events.repository.js';
import { EventsService } from './events.service.js';

/** On the first start (no event stored yet) publishes the seed programme, so a new install has a course. */
@Injectable()
export class SeedProgrammeLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    private readonly config: AppConfig,
    private readonly repository: EventsRepository,
    private readonly events: EventsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedFile || (await this.repository.countEvents()) > 0) return;
    const text = await readFile(this.config.seedFile, 'utf8');
    try {
      const event = await this.events.store(parseProgramme(text));
      this.logger.log(`Published the seed programme "${event.title}" as /e/${event.slug}`);
    } catch (error) {
      // Another instance starting at the same moment published it first.
      if (error instanceof DomainError && error.code === 'event/slug_taken') return;
      throw error;
    }
  }
}
