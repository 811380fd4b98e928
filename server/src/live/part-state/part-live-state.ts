import { Injectable } from '@nestjs/common';
import { agendaStateAt } from '../../../../shared/agenda-state.js';
import { blockStates } from '../../../../shared/block-schedule.js';
import type { EventView } from '../../../../shared/events-api.js';
import type { BlockState, LabelView } from '../../../../shared/questions.js';
import type { AgendaUpdate, EventSettings } from '../../../../shared/realtime.js';
import { camelCased, type Db } from '../../database/typed-sql.js';
import { AppConfig } from '../../config/app-config.js';
import { ClusterSignals } from '../../realtime/cluster-signals.js';
import { LivePublisher } from '../../realtime/live-publisher.js';
import { rooms } from '../../realtime/rooms.js';
import { Clock } from '../../modules/clock/clock.js';
import { LabelRepository } from '../../modules/labels/label.repository.js';
import { namedSpeakerRooms } from '../../modules/moderation/speaker-rooms.js';
import {
  PartSettingsRepository,
  type BlockOverride,
  type LiveSettingsChange,
  type LiveSettingsRow,
} from './part-settings.repository.js';
import { eventNotFound } from '../../modules/events/event-not-found.js';

/** An event's live settings; every part of the event follows them. */
export interface LiveSettings extends EventSettings {
  eventId: string;
  /** The event's own "Q&A opens before" in minutes; null: QA_OPENS_BEFORE_MINUTES. */
  qaOpensBeforeMinutes: number | null;
  /** The answered questions are a public page (`GET /api/events/:slug/answers`). */
  answersPublished: boolean;
}

interface Cached {
  settings: LiveSettings;
  overrides: ReadonlyMap<string, BlockOverride>;
  /** The event's labels: every viewer's join carries them, so they are not read per join. */
  labels: LabelView[];
}

/**
 * Longest a cached state is trusted (real time). Every write here drops it at once, on every
 * instance (ClusterSignals); this only bounds how long a signal lost while Redis was away counts.
 */
const CACHE_LIFETIME_MS = 5_000;

/**
 * The one owner of a part's live state: the event's settings, the hand overrides of its Q&A
 * blocks, and the block states the shared rule (`blockStates`) computes from them and the clock.
 * Settings and overrides are read once and kept in memory per event (all its parts share them);
 * block states are computed on each call, because they depend on the instant. Every change goes
 * through here: it commits, drops the cached state here and on the other instances, and tells
 * moderators and speakers when a setting they see changed.
 */
@Injectable()
export class PartLiveState {
  private readonly cache = new Map<string, { state: Promise<Cached>; loadedAt: number }>();

  constructor(
    private readonly repository: PartSettingsRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly publisher: LivePublisher,
    private readonly signals: ClusterSignals,
    private readonly labelRepository: LabelRepository,
  ) {
    signals.on('event:live-state', (slug) => this.cache.delete(slug));
    // A new programme can add or remove blocks: their overrides are read again too.
    signals.on('event:programme', (slug) => this.cache.delete(slug));
  }

  /** The event's settings; `event/not_found` when no event has the slug. */
  async settings(slug: string): Promise<LiveSettings> {
    return (await this.state(slug)).settings;
  }

  /** Minutes before its part's first item a Q&A block opens, for this event. */
  async opensBeforeMinutes(slug: string): Promise<number> {
    return (await this.settings(slug)).qaOpensBeforeMinutes ?? this.config.qaOpensBeforeMinutes;
  }

  /** Every block of the event with its open state at `at` (the clock's now by default). */
  async blocks(event: EventView, at: Date = this.clock.now()): Promise<BlockState[]> {
    const { settings, overrides } = await this.state(event.slug);
    const opensBefore = settings.qaOpensBeforeMinutes ?? this.config.qaOpensBeforeMinutes;
    return event.parts.flatMap((part) => blockStates(part, overrides, at, opensBefore));
  }

  /** The agenda state and every block's open state for one event, at the clock's now. */
  async agendaUpdate(event: EventView): Promise<AgendaUpdate> {
    const now = this.clock.now();
    return {
      eventSlug: event.slug,
      serverTime: now.toISOString(),
      clockRate: this.clock.rate,
      agenda: agendaStateAt(
        event.parts.flatMap((part) => part.items),
        now,
      ),
      blocks: await this.blocks(event, now),
    };
  }

  /**
   * Changes some of the event's settings in one transaction; `within` runs in it after the
   * change (the caller's audit entry, or more of its own writes), so all of it commits or none.
   * Then the cached state is dropped everywhere, and moderators and speakers get
   * `settings:changed` when one of the settings they see changed.
   */
  async changeSettings(
    event: EventView,
    change: LiveSettingsChange,
    within: (db: Db, before: LiveSettings, after: LiveSettings) => Promise<void> = async () => {},
  ): Promise<{ before: LiveSettings; after: LiveSettings }> {
    const outcome = await this.repository.transaction(async (db) => {
      const before = await this.repository.read(event.slug, db, true);
      if (!before) throw eventNotFound(event.slug);
      await this.repository.update(db, before.id, change);
      const after = toSettings((await this.repository.read(event.slug, db))!);
      await within(db, toSettings(before), after);
      return { before: toSettings(before), after };
    });
    this.changed(event.slug);
    if (announcedDiffer(outcome.before, outcome.after)) this.announce(event, outcome.after);
    return outcome;
  }

  /**
   * Opens or closes a block by hand (null: the clock decides again), with `within` in the same
   * transaction; returns the block's state after the commit.
   */
  async overrideBlock(
    event: EventView,
    blockId: string,
    state: BlockOverride | null,
    within: (db: Db) => Promise<void> = async () => {},
  ): Promise<BlockState> {
    await this.repository.transaction(async (db) => {
      await this.repository.setBlockOverride(db, blockId, state);
      await within(db);
    });
    this.changed(event.slug);
    return (await this.blocks(event)).find((block) => block.blockId === blockId)!;
  }

  /** The event's labels, in their one order. */
  async labels(slug: string): Promise<LabelView[]> {
    return (await this.state(slug)).labels;
  }

  /** After a change committed elsewhere that the state depends on (a re-publication, labels). */
  changed(slug: string): void {
    this.cache.delete(slug);
    this.signals.send('event:live-state', slug);
  }

  private state(slug: string): Promise<Cached> {
    const cached = this.cache.get(slug);
    if (cached && performance.now() - cached.loadedAt < CACHE_LIFETIME_MS) return cached.state;
    // A change that commits while this loads deletes this entry, so its result is used only by
    // the requests already waiting for it, which started before that change.
    const entry = { state: this.load(slug), loadedAt: performance.now() };
    this.cache.set(slug, entry);
    entry.state.catch(() => {
      if (this.cache.get(slug) === entry) this.cache.delete(slug);
    });
    return entry.state;
  }

  private async load(slug: string): Promise<Cached> {
    const row = await this.repository.read(slug);
    if (!row) throw eventNotFound(slug);
    const [overrides, labels] = await Promise.all([
      this.repository.blockOverrides(row.id),
      this.labelRepository.list(row.id),
    ]);
    return { settings: toSettings(row), overrides, labels };
  }

  /** `settings:changed` to every moderator and speaker room of the event. */
  private announce(event: EventView, settings: LiveSettings): void {
    const announced = eventSettingsOf(settings);
    for (const part of event.parts) {
      const namedSpeakers = namedSpeakerRooms(part);
      this.publisher.toRoom(
        [rooms.moderators(part.id), rooms.speakerPanel(part.id), ...namedSpeakers],
        'settings:changed',
        announced,
      );
    }
  }
}

/** The settings as moderators and speakers see them (`settings:changed`, `mod:settings`). */
export function eventSettingsOf(settings: LiveSettings): EventSettings {
  return {
    eventSlug: settings.eventSlug,
    preModeration: settings.preModeration,
    speakersMayAnswer: settings.speakersMayAnswer,
    holdPatientData: settings.holdPatientData,
    holdProfanity: settings.holdProfanity,
  };
}

function announcedDiffer(before: LiveSettings, after: LiveSettings): boolean {
  const a = eventSettingsOf(before);
  const b = eventSettingsOf(after);
  return (Object.keys(a) as (keyof EventSettings)[]).some((key) => a[key] !== b[key]);
}

function toSettings(row: LiveSettingsRow): LiveSettings {
  const { id, slug, ...switches } = camelCased(row);
  return { eventId: id, eventSlug: slug, ...switches };
}
