import { Injectable, Logger } from '@nestjs/common';
import { describeForLog } from '../../common/safe-error-log.js';
import { EventsRepository } from '../events/events.repository.js';
import { streamOrigins, type StreamOrigins } from './page-policy.js';

/** How long the stream origins are reused before the parts are read again. */
export const STREAM_ORIGINS_TTL_MS = 5_000;

/**
 * The stream origins of every published part, for the pages' Content-Security-Policy. All
 * events', not one event's: the client routes between pages without reloading, so the policy of
 * the first page loaded is the one every later page runs under.
 *
 * Read at most once per TTL (a course start brings thousands of page loads in a minute), and
 * on every instance by itself, so a stream URL changed on another instance is allowed here
 * within the TTL. The age is measured on the process's monotonic timer, not the Clock: a
 * rehearsal clock may run 10000 times faster than the cache should expire.
 */
@Injectable()
export class StreamOriginsService {
  private readonly logger = new Logger('StreamOrigins');
  private cached: { origins: StreamOrigins; readAt: number } | null = null;
  private reading: Promise<StreamOrigins> | null = null;

  constructor(
    private readonly events: EventsRepository,
    private readonly now: () => number = () => performance.now(),
  ) {}

  current(): Promise<StreamOrigins> {
    if (this.cached && this.now() - this.cached.readAt < STREAM_ORIGINS_TTL_MS) {
      return Promise.resolve(this.cached.origins);
    }
    this.reading ??= this.read().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  private async read(): Promise<StreamOrigins> {
    try {
      const origins = streamOrigins(await this.events.listStreamUrls());
      this.cached = { origins, readAt: this.now() };
      return origins;
    } catch (error) {
      // The page must still load while the database is away (it shows that itself): keep the
      // last origins known, or none, and try again on the next page.
      this.logger.warn(`Stream URLs could not be read: ${describeForLog(error)}`);
      return this.cached?.origins ?? { hls: [], embed: [] };
    }
  }
}
