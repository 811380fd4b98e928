import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { describeForLog } from '../../common/safe-error-log.js';
import { LivePublisher } from '../../realtime/live-publisher.js';
import { localAudienceByPart } from '../../realtime/part-audience.js';
import { Clock } from '../clock/clock.js';
import { AnalyticsRepository } from './analytics.repository.js';

/** Samples are keyed by the minute of the event clock, so every instance writes the same keys. */
export const SAMPLE_MINUTE_MS = 60_000;

/**
 * Once a minute, writes how many viewer sockets this instance holds per part (a count from the
 * adapter's rooms: no presence messages, no viewer identified). The analytics sum the instances.
 */
@Injectable()
export class ViewerSampler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ViewerSampler');
  /** This process, for the sample key: a restart starts a new series that the sum still adds up. */
  private readonly instance = randomUUID();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly publisher: LivePublisher,
    private readonly repository: AnalyticsRepository,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sample().catch((error: unknown) => this.logger.warn(`Sample failed: ${describeForLog(error)}`));
    }, SAMPLE_MINUTE_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Writes this minute's sample now (the timer's work; tests call it to avoid waiting). */
  async sample(): Promise<void> {
    const minute = new Date(Math.floor(this.clock.nowMs() / SAMPLE_MINUTE_MS) * SAMPLE_MINUTE_MS);
    const counts = [...localAudienceByPart(this.publisher.localRooms())]
      .filter(([, audience]) => audience.viewers > 0)
      .map(([partId, audience]) => ({ partId, viewers: audience.viewers }));
    if (counts.length > 0) await this.repository.recordViewers(this.instance, minute, counts);
  }
}
