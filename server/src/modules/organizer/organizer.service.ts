import { Injectable, Logger } from '@nestjs/common';
import type { EventView } from '../../../../shared/events-api.js';
import type { OrganizerEventSettings, ProgrammePreview } from '../../../../shared/organizer.js';
import { DomainError } from '../../common/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { Clock } from '../clock/clock.js';
import { EventDirectory } from '../events/event-directory.js';
import { EventsService, type ProgrammeUpload } from '../events/events.service.js';
import { PartLiveState, type LiveSettings } from '../../live/part-state/part-live-state.js';
import { AgendaTicker } from '../questions/agenda-ticker.js';
import { QuestionRepository } from '../questions/question.repository.js';
import { readSettingsChange } from './organizer-settings.js';
import { OrganizerSettingsRepository, type PartSettingsRecord } from './organizer-settings.repository.js';
import { eventNotFound } from '../events/event-not-found.js';

/** What the organizer console does beyond the existing organizer API: preview, re-publish, settings. */
@Injectable()
export class OrganizerService {
  private readonly logger = new Logger('OrganizerService');

  constructor(
    private readonly events: EventsService,
    private readonly directory: EventDirectory,
    private readonly ticker: AgendaTicker,
    private readonly settingsRepository: OrganizerSettingsRepository,
    private readonly questions: QuestionRepository,
    private readonly liveState: PartLiveState,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  preview(upload: ProgrammeUpload): Promise<ProgrammePreview> {
    return this.events.preview(upload);
  }

  async republish(slug: string, upload: ProgrammeUpload): Promise<EventView> {
    const view = await this.events.republish(slug, upload);
    await this.changed(slug);
    return view;
  }

  async settings(slug: string): Promise<OrganizerEventSettings> {
    const settings = await this.liveState.settings(slug);
    return this.toView(settings, await this.settingsRepository.parts(settings.eventId));
  }

  async updateSettings(slug: string, body: unknown): Promise<OrganizerEventSettings> {
    const change = readSettingsChange(body);
    const at = this.clock.now();
    const event = await this.directory.event(slug).catch(() => {
      throw eventNotFound(slug);
    });
    let view: OrganizerEventSettings | null = null;
    // One transaction: the live settings (announced to moderators and speakers by PartLiveState
    // when they change), the parts' stream settings and the audit entry.
    const live = {
      preModeration: change.preModeration,
      speakersMayAnswer: change.speakersMayAnswer,
      holdPatientData: change.holdPatientData,
      holdProfanity: change.holdProfanity,
      qaOpensBeforeMinutes: change.qaOpensBeforeMinutes,
      answersPublished: change.answersPublished,
    };
    await this.liveState.changeSettings(event, live, async (manager, before, after) => {
      const current = await this.settingsRepository.parts(before.eventId, manager);
      for (const part of change.parts ?? []) {
        if (!current.some((p) => p.id === part.id)) {
          throw new DomainError(
            'part/not_found',
            `The event "${slug}" has no part with the id "${part.id}".`,
          );
        }
      }
      for (const part of change.parts ?? []) await this.settingsRepository.updatePart(manager, part.id, part);
      view = this.toView(after, await this.settingsRepository.parts(before.eventId, manager));
      await this.questions.audit(manager, {
        eventId: before.eventId,
        questionId: null,
        actor: 'organizer',
        action: 'settings',
        before: this.toView(before, current),
        after: view,
        at,
      });
    });
    await this.changed(slug);
    return view!;
  }

  /**
   * After a programme or stream change: drop the cached event on every instance and tell its
   * rooms the new block times.
   */
  private async changed(slug: string): Promise<void> {
    this.directory.forgetEverywhere(slug);
    this.liveState.changed(slug);
    try {
      await this.ticker.pushEvent(await this.directory.event(slug));
      await this.ticker.rearm();
    } catch (error) {
      // The change is committed; the ticker's rescan catches up within a minute.
      this.logger.warn(`Agenda push after a change of ${slug} failed: ${String(error)}`);
    }
  }

  private toView(settings: LiveSettings, parts: PartSettingsRecord[]): OrganizerEventSettings {
    return {
      slug: settings.eventSlug,
      preModeration: settings.preModeration,
      speakersMayAnswer: settings.speakersMayAnswer,
      holdPatientData: settings.holdPatientData,
      holdProfanity: settings.holdProfanity,
      qaOpensBeforeMinutes: settings.qaOpensBeforeMinutes,
      defaultQaOpensBeforeMinutes: this.config.qaOpensBeforeMinutes,
      answersPublished: settings.answersPublished,
      parts: parts.map((part) => ({
        id: part.id,
        title: part.title,
        date: part.local_date,
        streamUrl: part.stream_url,
        streamDelaySeconds: part.stream_delay_seconds,
      })),
    };
  }
}
