import { Injectable, Logger } from '@nestjs/common';
import type { EventView } from '../../../../shared/events-api.js';
import type { OrganizerEventSettings, ProgrammePreview } from '../../../../shared/organizer.js';
import { DomainError } from '../../common/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { Clock } from '../clock/clock.js';
import { EventDirectory } from '../events/event-directory.js';
import { EventsService, type ProgrammeUpload } from '../events/events.service.js';
import { ModerationService } from '../moderation/moderation.service.js';
import { AgendaTicker } from '../questions/agenda-ticker.js';
import { QuestionRepository } from '../questions/question.repository.js';
import { readSettingsChange } from './organizer-settings.js';
import { OrganizerSettingsRepository, type PartSettingsRecord } from './organizer-settings.repository.js';

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
    private readonly moderation: ModerationService,
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
    const stored = await this.settingsRepository.read(slug);
    if (!stored) throw new DomainError('event/not_found', `No event is published as "${slug}".`);
    return this.toView(stored.event, stored.parts);
  }

  async updateSettings(slug: string, body: unknown): Promise<OrganizerEventSettings> {
    const change = readSettingsChange(body);
    const at = this.clock.now();
    const { before, after } = await this.settingsRepository.transaction(async (manager) => {
      const current = await this.settingsRepository.read(slug, manager, true);
      if (!current) throw new DomainError('event/not_found', `No event is published as "${slug}".`);
      for (const part of change.parts ?? []) {
        if (!current.parts.some((p) => p.id === part.id)) {
          throw new DomainError(
            'part/not_found',
            `The event "${slug}" has no part with the id "${part.id}".`,
          );
        }
      }
      await this.settingsRepository.updateEvent(manager, current.event.id, change);
      for (const part of change.parts ?? []) await this.settingsRepository.updatePart(manager, part.id, part);
      const updated = (await this.settingsRepository.read(slug, manager))!;
      await this.questions.audit(manager, {
        eventId: current.event.id,
        questionId: null,
        actor: 'organizer',
        action: 'settings',
        before: this.toView(current.event, current.parts),
        after: this.toView(updated.event, updated.parts),
        at,
      });
      return { before: current, after: updated };
    });
    await this.changed(slug);
    const moderatorsCare =
      before.event.pre_moderation !== after.event.pre_moderation ||
      before.event.speakers_may_answer !== after.event.speakers_may_answer;
    if (moderatorsCare) this.moderation.announceSettings(await this.directory.event(slug), after.event);
    return this.toView(after.event, after.parts);
  }

  /** After a programme or stream change: drop the cached event and tell its rooms the new block times. */
  private async changed(slug: string): Promise<void> {
    this.directory.forget(slug);
    try {
      await this.ticker.pushEvent(await this.directory.event(slug));
      await this.ticker.rearm();
    } catch (error) {
      // The change is committed; the ticker's rescan catches up within a minute.
      this.logger.warn(`Agenda push after a change of ${slug} failed: ${String(error)}`);
    }
  }

  private toView(
    event: {
      slug: string;
      pre_moderation: boolean;
      speakers_may_answer: boolean;
      qa_opens_before_minutes: number | null;
    },
    parts: PartSettingsRecord[],
  ): OrganizerEventSettings {
    return {
      slug: event.slug,
      preModeration: event.pre_moderation,
      speakersMayAnswer: event.speakers_may_answer,
      qaOpensBeforeMinutes: event.qa_opens_before_minutes,
      defaultQaOpensBeforeMinutes: this.config.qaOpensBeforeMinutes,
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
