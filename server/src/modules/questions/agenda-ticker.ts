import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { nextBoundaryAfter } from '../../../../shared/agenda-state.js';
import type { EventView } from '../../../../shared/events-api.js';
import { PartLiveState } from '../../live/part-state/part-live-state.js';
import { ClusterLock } from '../../realtime/cluster-lock.js';
import { LivePublisher } from '../../realtime/live-publisher.js';
import { rooms } from '../../realtime/rooms.js';
import { Clock } from '../clock/clock.js';
import { EventDirectory } from '../events/event-directory.js';
import { blockBoundaries } from '../../../../shared/block-schedule.js';
import { describeForLog } from '../../common/safe-error-log.js';

/** A programme published meanwhile is picked up within this long (real time). */
const RESCAN_MS = 60_000;

/**
 * Pushes `agenda:changed` to every part room of an event at the instant, on the server's clock,
 * an item starts or ends or a block opens or closes; then arms itself for the next one.
 */
@Injectable()
export class AgendaTicker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AgendaTicker');
  /** Work other modules do at each boundary before the push (e.g. taking a finished block's question off air). */
  private readonly boundaryHooks: (() => Promise<void>)[] = [];
  private cancelTimer: (() => void) | null = null;
  private rescan: NodeJS.Timeout | null = null;

  constructor(
    private readonly directory: EventDirectory,
    private readonly liveState: PartLiveState,
    private readonly publisher: LivePublisher,
    private readonly clock: Clock,
    private readonly lock: ClusterLock,
  ) {}

  /** Registers work to run once per boundary (on the one instance that claims it) and at start-up. */
  onBoundary(hook: () => Promise<void>): void {
    this.boundaryHooks.push(hook);
  }

  async onApplicationBootstrap(): Promise<void> {
    // A boundary passed while no instance was running is caught up at start; the hooks are idempotent.
    await this.runHooks();
    await this.arm();
    this.rescan = setInterval(
      () => void this.arm().catch((error) => this.logger.warn(describeForLog(error))),
      RESCAN_MS,
    );
    this.rescan.unref();
  }

  onModuleDestroy(): void {
    this.cancelTimer?.();
    if (this.rescan) clearInterval(this.rescan);
  }

  /** Arms again at once, after the organizer changed a programme or its block times. */
  rearm(): Promise<void> {
    return this.arm();
  }

  async pushAll(): Promise<void> {
    for (const event of await this.directory.allEvents()) await this.pushEvent(event);
  }

  /** Sends the event's current state to its rooms (also right after a hand override of a block). */
  async pushEvent(event: EventView): Promise<void> {
    const update = await this.liveState.agendaUpdate(event);
    for (const part of event.parts) {
      this.publisher.toRoom([rooms.viewers(part.id), rooms.moderators(part.id)], 'agenda:changed', update);
    }
  }

  private async runHooks(): Promise<void> {
    for (const hook of this.boundaryHooks) {
      await hook().catch((error) => this.logger.warn(`Boundary work failed: ${String(error)}`));
    }
  }

  private async arm(): Promise<void> {
    const now = this.clock.now();
    const events = await this.directory.allEvents();
    const candidates: number[] = [];
    for (const event of events) {
      const itemBoundary = nextBoundaryAfter(
        event.parts.flatMap((part) => part.items),
        now,
      );
      const blockBoundary = blockBoundaries(
        event,
        await this.liveState.opensBeforeMinutes(event.slug),
      ).filter((t) => t > now.getTime());
      candidates.push(...(itemBoundary ? [itemBoundary.getTime()] : []), ...blockBoundary);
    }
    this.cancelTimer?.();
    this.cancelTimer = null;
    if (candidates.length === 0) return;
    const boundary = Math.min(...candidates);
    this.cancelTimer = this.clock.setTimer(new Date(boundary), () => void this.fire(boundary));
  }

  private async fire(boundary: number): Promise<void> {
    try {
      // With several instances, the first to claim the boundary pushes; the push reaches every room through Redis.
      if (await this.lock.claim(`agenda:${boundary}`, 30_000)) {
        await this.runHooks();
        await this.pushAll();
      }
    } catch (error) {
      this.logger.warn(`Agenda push failed: ${describeForLog(error)}`);
    }
    await this.arm().catch((error) => this.logger.warn(describeForLog(error)));
  }
}
