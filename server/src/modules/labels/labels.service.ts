import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { LabelsRequest } from '../../../../shared/contracts/labels.js';
import type { EventView } from '../../../../shared/events-api.js';
import { MAX_LABELS_PER_EVENT } from '../../../../shared/limits.js';
import type { LabelView } from '../../../../shared/questions.js';
import { DomainError } from '../../common/domain-error.js';
import type { Db } from '../../database/typed-sql.js';
import { PartLiveState } from '../../live/part-state/part-live-state.js';
import { LivePublisher } from '../../realtime/live-publisher.js';
import { rooms } from '../../realtime/rooms.js';
import { Clock } from '../clock/clock.js';
import { EventDirectory } from '../events/event-directory.js';
import type { StaffPrincipal } from '../grants/grants.service.js';
import { ChangePublisher } from '../moderation/change-publisher.js';
import { inQueue } from '../moderation/question-transitions.js';
import { namedSpeakerRooms } from '../moderation/speaker-rooms.js';
import { StaffAccess } from '../moderation/staff-access.js';
import { QuestionRepository, type QuestionRow } from '../questions/question.repository.js';
import { LabelRepository } from './label.repository.js';

/**
 * An event's label list (issue 13): moderators create, rename and delete labels (`mod:labels`).
 * Each change commits with its audit entry, then the new list goes to every viewer, moderator and
 * speaker room of the event's parts (`labels:changed`), and the questions that carried a renamed
 * or deleted label go out again with their labels as they are now. Tagging a question is a
 * moderation action (`mod:act` "label", ModerationService).
 */
@Injectable()
export class LabelsService {
  constructor(
    private readonly labels: LabelRepository,
    private readonly questions: QuestionRepository,
    private readonly liveState: PartLiveState,
    private readonly directory: EventDirectory,
    private readonly access: StaffAccess,
    private readonly changes: ChangePublisher,
    private readonly publisher: LivePublisher,
    private readonly clock: Clock,
  ) {}

  /** `mod:labels`: one change to the link's event's labels; answers the list after it. */
  async change(principal: StaffPrincipal | undefined, request: LabelsRequest): Promise<LabelView[]> {
    // The link names its event: a moderator changes that event's labels and no other's.
    const staff = await this.access.current(principal);
    const event = await this.directory.event(staff.eventSlug);
    if (staff.role !== 'moderator') throw this.access.refusal(event, ['moderator']);
    const at = this.clock.now();
    const { labels, touched } = await this.labels.transaction(async (db) => {
      const count = await this.labels.lockEvent(db, staff.eventId);
      const before = await this.labels.list(staff.eventId, db);
      const touched = await this.apply(db, staff.eventId, count, request, at);
      const after = await this.labels.list(staff.eventId, db);
      await this.questions.audit(db, {
        eventId: staff.eventId,
        questionId: null,
        actor: `moderator:${staff.grantId}`,
        action: `labels:${request.action}`,
        before,
        after,
        at,
      });
      return { labels: after, touched };
    });
    this.liveState.changed(event.slug);
    await this.publish(event, labels, touched);
    return labels;
  }

  /** The change itself; returns the questions whose labels it changed, as they are now. */
  private async apply(
    db: Db,
    eventId: string,
    count: number,
    request: LabelsRequest,
    at: Date,
  ): Promise<QuestionRow[]> {
    if (request.action === 'create') {
      if (count >= MAX_LABELS_PER_EVENT) {
        throw new DomainError(
          'label/too_many',
          `This event has ${MAX_LABELS_PER_EVENT} labels, the most it may have. Delete or rename one instead.`,
        );
      }
      await this.assertNameFree(db, eventId, request.name, null);
      await this.labels.insert(db, { id: randomUUID(), eventId, name: request.name, at });
      return [];
    }
    if (!(await this.labels.lockOne(db, eventId, request.labelId))) {
      throw new DomainError(
        'label/not_found',
        'This event has no label with this id; it may have just been deleted. Reload the labels.',
      );
    }
    const questionIds = await this.labels.questionIdsWith(db, request.labelId);
    if (request.action === 'rename') {
      await this.assertNameFree(db, eventId, request.name, request.labelId);
      await this.labels.rename(db, eventId, request.labelId, request.name);
    } else {
      await this.labels.delete(db, eventId, request.labelId);
    }
    return this.questions.touch(db, questionIds);
  }

  private async assertNameFree(db: Db, eventId: string, name: string, exceptId: string | null) {
    if (await this.labels.nameTaken(db, eventId, name, exceptId)) {
      throw new DomainError(
        'label/name_taken',
        `This event already has a label named "${name}" (names are compared without case). Choose another name.`,
      );
    }
  }

  /** After the commit: the list to every room of the event, and the changed questions. */
  private async publish(event: EventView, labels: LabelView[], touched: QuestionRow[]): Promise<void> {
    for (const part of event.parts) {
      this.publisher.toRoom(
        [
          rooms.viewers(part.id),
          rooms.moderators(part.id),
          rooms.speakerPanel(part.id),
          ...namedSpeakerRooms(part),
        ],
        'labels:changed',
        { eventSlug: event.slug, labels },
      );
    }
    // Speakers show the labels of the queued questions and the one on air.
    const queueParts = event.parts.filter((part) =>
      touched.some((row) => row.part_id === part.id && inQueue(row.status)),
    );
    await this.changes.publish(touched, queueParts);
  }
}
