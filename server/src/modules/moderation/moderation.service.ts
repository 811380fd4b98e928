import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventView, PartView } from '../../../../shared/events-api.js';
import { MAX_QUESTION_LENGTH } from '../../../../shared/limits.js';
import type {
  AuditEntryView,
  BlockOverrideRequest,
  EventSettingsRequest,
  ModerationRequest,
  ModeratorQuestionView,
  ModeratorSnapshot,
  QueueState,
  ReorderRequest,
} from '../../../../shared/moderation.js';
import type { BlockState } from '../../../../shared/questions.js';
import { codePointLength, normalizeText } from '../../../../shared/text.js';
import type { EventSettings, SpeakerSnapshot } from '../../../../shared/realtime.js';
import { DomainError } from '../../common/domain-error.js';
import { LivePublisher } from '../../realtime/live-publisher.js';
import { rooms } from '../../realtime/rooms.js';
import { Clock } from '../clock/clock.js';
import { EventDirectory } from '../events/event-directory.js';
import type { StaffPrincipal } from '../grants/grants.service.js';
import { AgendaTicker } from '../questions/agenda-ticker.js';
import {
  QuestionBroadcaster,
  queueForSpeaker,
  speakerNames,
  talksOfSpeaker,
} from '../questions/question-broadcaster.js';
import { toModeratorView, toQuestionView, type QuestionRow } from '../questions/question-row.js';
import { QuestionsService } from '../questions/questions.service.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { ModerationRepository, type QuestionChange } from './moderation.repository.js';
import { assertTransition, inQueue } from './question-transitions.js';
import { StaffAccess } from './staff-access.js';

const QUEUE_ACTIONS: ReadonlySet<ModerationRequest['action']> = new Set([
  'hide',
  'merge',
  'queue',
  'unqueue',
  'on_air',
  'answered',
]);

/** What one committed action changed, to publish after the commit. */
interface Outcome {
  main: QuestionRow;
  changed: QuestionRow[];
  queueTouched: boolean;
}

@Injectable()
export class ModerationService {
  constructor(
    private readonly moderation: ModerationRepository,
    private readonly directory: EventDirectory,
    private readonly access: StaffAccess,
    private readonly broadcaster: QuestionBroadcaster,
    private readonly publisher: LivePublisher,
    private readonly questions: QuestionsService,
    private readonly ticker: AgendaTicker,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {}

  /** The role check for joining a part's staff rooms. */
  async ensureAccess(
    principal: StaffPrincipal | undefined,
    partId: string,
    roles: readonly ('moderator' | 'speaker')[],
  ): Promise<StaffPrincipal> {
    const { event } = await this.directory.part(partId);
    return this.access.require(principal, event, roles);
  }

  async snapshot(principal: StaffPrincipal | undefined, partId: string): Promise<ModeratorSnapshot> {
    const { event } = await this.directory.part(partId);
    const staff = await this.access.require(principal, event, ['moderator']);
    const [settings, rows, queue, update] = await Promise.all([
      this.moderation.eventSettings(staff.eventId),
      this.moderation.listPart(partId),
      this.queueState(partId),
      this.questions.agendaUpdate(event),
    ]);
    return {
      partId,
      eventSlug: event.slug,
      role: staff.role,
      preModeration: settings.pre_moderation,
      speakersMayAnswer: settings.speakers_may_answer,
      blocks: update.blocks,
      questions: rows.map(toModeratorView),
      queue,
    };
  }

  async act(
    principal: StaffPrincipal | undefined,
    request: ModerationRequest,
  ): Promise<ModeratorQuestionView> {
    const { event, part } = await this.partOfQuestion(request.questionId);
    const staff = await this.access.require(principal, event, ['moderator']);
    const outcome = await this.apply(`moderator:${staff.grantId}`, staff.eventId, part, request);
    this.metrics.moderationAction(part.id, request.action);
    this.publish(part, outcome);
    // Also when a queued or on-air question was edited or starred: speakers show its text.
    if (outcome.queueTouched || inQueue(outcome.main.status)) {
      this.broadcaster.queueChanged(part, await this.queueState(part.id));
    }
    return toModeratorView(outcome.main);
  }

  async reorder(principal: StaffPrincipal | undefined, request: ReorderRequest): Promise<QueueState> {
    const { event, part } = await this.directory.part(request.partId);
    const staff = await this.access.require(principal, event, ['moderator']);
    const at = this.clock.now();
    const changed = await this.moderation.transaction(async (manager) => {
      const { queueVersion } = await this.moderation.lockPart(manager, part.id);
      const current = await this.moderation.queuedIds(manager, part.id);
      const sameSet =
        request.order.length === current.length &&
        new Set(request.order).size === current.length &&
        request.order.every((id) => current.includes(id));
      if (queueVersion !== request.queueVersion || !sameSet) {
        throw new DomainError(
          'queue/stale',
          'The queue changed while you were reordering it. Here it is again; reorder once more.',
        );
      }
      const rows = await this.moderation.setQueueOrder(manager, part.id, request.order, at);
      await this.moderation.bumpQueueVersion(manager, part.id);
      await this.moderation.audit(manager, {
        eventId: staff.eventId,
        questionId: null,
        actor: `moderator:${staff.grantId}`,
        action: 'reorder',
        before: current,
        after: request.order,
        at,
      });
      return rows;
    });
    this.metrics.moderationAction(part.id, 'reorder');
    for (const row of changed) this.broadcaster.questionChanged(row);
    const queue = await this.queueState(part.id);
    this.broadcaster.queueChanged(part, queue);
    return queue;
  }

  async settings(
    principal: StaffPrincipal | undefined,
    request: EventSettingsRequest,
  ): Promise<EventSettings> {
    const { event } = await this.directory.part(request.partId);
    const staff = await this.access.require(principal, event, ['moderator']);
    const at = this.clock.now();
    const row = await this.moderation.transaction(async (manager) => {
      const before = await this.moderation.eventSettings(staff.eventId, manager);
      const after = await this.moderation.updateSettings(manager, staff.eventId, {
        pre_moderation: request.preModeration,
        speakers_may_answer: request.speakersMayAnswer,
      });
      await this.moderation.audit(manager, {
        eventId: staff.eventId,
        questionId: null,
        actor: `moderator:${staff.grantId}`,
        action: 'settings',
        before: { preModeration: before.pre_moderation, speakersMayAnswer: before.speakers_may_answer },
        after: { preModeration: after.pre_moderation, speakersMayAnswer: after.speakers_may_answer },
        at,
      });
      return after;
    });
    this.metrics.moderationAction(request.partId, 'settings');
    const settings = {
      eventSlug: row.slug,
      preModeration: row.pre_moderation,
      speakersMayAnswer: row.speakers_may_answer,
    };
    for (const part of event.parts) {
      const namedSpeakers = speakerNames(part).map((name) => rooms.namedSpeaker(part.id, name));
      this.publisher.toRoom(
        [rooms.moderators(part.id), rooms.speakerPanel(part.id), ...namedSpeakers],
        'settings:changed',
        settings,
      );
    }
    return settings;
  }

  /** Opens or closes a block's submissions by hand (or gives it back to the clock). */
  async blockOverride(
    principal: StaffPrincipal | undefined,
    request: BlockOverrideRequest,
  ): Promise<BlockState> {
    const { event, part } = await this.directory.partOfBlock(request.blockId);
    const staff = await this.access.require(principal, event, ['moderator']);
    const at = this.clock.now();
    await this.moderation.transaction(async (manager) => {
      await this.moderation.setBlockOverride(manager, request.blockId, request.state);
      await this.moderation.audit(manager, {
        eventId: staff.eventId,
        questionId: null,
        actor: `moderator:${staff.grantId}`,
        action: 'block',
        before: null,
        after: { blockId: request.blockId, state: request.state },
        at,
      });
    });
    this.metrics.moderationAction(part.id, 'block');
    await this.ticker.pushEvent(event);
    const blocks = (await this.questions.agendaUpdate(event)).blocks;
    return blocks.find((block) => block.blockId === request.blockId)!;
  }

  async history(principal: StaffPrincipal | undefined, questionId: string): Promise<AuditEntryView[]> {
    const { event } = await this.partOfQuestion(questionId);
    await this.access.require(principal, event, ['moderator']);
    return this.moderation.history(questionId);
  }

  async speakerSnapshot(principal: StaffPrincipal | undefined, partId: string): Promise<SpeakerSnapshot> {
    const { event, part } = await this.directory.part(partId);
    const staff = await this.access.require(principal, event, ['speaker', 'moderator']);
    const settings = await this.moderation.eventSettings(staff.eventId);
    const queue = await this.queueState(partId);
    return {
      ...(staff.speakerName ? queueForSpeaker(part, queue, staff.speakerName) : queue),
      eventSlug: event.slug,
      speakerName: staff.speakerName,
      speakersMayAnswer: settings.speakers_may_answer,
      talks: Object.fromEntries(part.items.filter((i) => i.kind === 'talk').map((i) => [i.id, i.title])),
    };
  }

  /** A speaker marks the question on air answered, when the moderators allow speakers to. */
  async speakerAnswered(principal: StaffPrincipal | undefined, questionId: string): Promise<QueueState> {
    const { event, part } = await this.partOfQuestion(questionId);
    const staff = await this.access.require(principal, event, ['speaker']);
    const settings = await this.moderation.eventSettings(staff.eventId);
    if (!settings.speakers_may_answer) {
      throw new DomainError('auth/role_required', 'The moderators mark questions answered for this event.');
    }
    const row = await this.moderation.findQuestion(questionId);
    if (row?.status !== 'on_air') {
      throw new DomainError('question/bad_transition', 'Only the question on air can be marked answered.');
    }
    if (staff.speakerName && !(row.talk_id && talksOfSpeaker(part, staff.speakerName).has(row.talk_id))) {
      throw new DomainError('auth/role_required', 'This question is about another speaker’s talk.');
    }
    const outcome = await this.apply(`speaker:${staff.grantId}`, staff.eventId, part, {
      action: 'answered',
      questionId,
      revision: row.revision,
    });
    this.metrics.moderationAction(part.id, 'answered');
    this.publish(part, outcome);
    const queue = await this.queueState(part.id);
    this.broadcaster.queueChanged(part, queue);
    return staff.speakerName ? queueForSpeaker(part, queue, staff.speakerName) : queue;
  }

  async queueState(partId: string): Promise<QueueState> {
    const { queueVersion, rows } = await this.moderation.queue(partId);
    const onAir = rows.find((row) => row.status === 'on_air');
    return {
      partId,
      queueVersion,
      onAir: onAir ? toQuestionView(onAir, null) : null,
      queued: rows.filter((row) => row.status === 'queued').map((row) => toQuestionView(row, null)),
    };
  }

  /** One action in one transaction: check the revision and the state, change, renumber, audit. */
  private apply(
    actor: string,
    eventId: string,
    part: PartView,
    request: ModerationRequest,
  ): Promise<Outcome> {
    const at = this.clock.now();
    return this.moderation.transaction(async (manager) => {
      // Always the part before the question: one lock order, no deadlock between moderators.
      if (QUEUE_ACTIONS.has(request.action)) await this.moderation.lockPart(manager, part.id);
      const before = await this.moderation.lockQuestion(manager, request.questionId);
      if (!before) throw new DomainError('question/not_found', 'This question no longer exists.');
      if (before.revision !== request.revision) {
        throw new DomainError(
          'question/stale',
          `Someone changed this question a moment ago (it is now ${before.status.replace('_', ' ')}). Check it and try again.`,
        );
      }
      assertTransition(request.action, before.status);
      const changed: QuestionRow[] = [];
      const update = async (id: string, change: QuestionChange) => {
        const row = await this.moderation.update(manager, id, change, at);
        changed.push(row);
        return row;
      };
      const main = await this.change(manager, part, request, before, at, update);
      const queueTouched =
        QUEUE_ACTIONS.has(request.action) && (inQueue(before.status) || inQueue(main.status));
      if (queueTouched) {
        const order = await this.moderation.queuedIds(manager, part.id);
        changed.push(...(await this.moderation.setQueueOrder(manager, part.id, order, at)));
        await this.moderation.bumpQueueVersion(manager, part.id);
      }
      await this.moderation.audit(manager, {
        eventId,
        questionId: request.questionId,
        actor,
        action: request.action,
        before: auditedFields(before),
        after: auditedFields(main),
        at,
      });
      return { main: changed.filter((row) => row.id === main.id).at(-1) ?? main, changed, queueTouched };
    });
  }

  private async change(
    manager: EntityManager,
    part: PartView,
    request: ModerationRequest,
    before: QuestionRow,
    at: Date,
    update: (id: string, change: QuestionChange) => Promise<QuestionRow>,
  ): Promise<QuestionRow> {
    const id = request.questionId;
    switch (request.action) {
      case 'approve':
        return update(id, { status: 'visible' });
      case 'hide':
        return update(id, { status: 'hidden', queue_position: null });
      case 'restore':
        return update(id, { status: 'visible' });
      case 'star':
        return update(id, { starred: request.starred });
      case 'edit': {
        const body = normalizeText(request.body);
        if (body.length === 0) throw new DomainError('question/empty', 'An edited question cannot be empty.');
        if (codePointLength(body) > MAX_QUESTION_LENGTH) {
          throw new DomainError(
            'question/too_long',
            `An edited question may have at most ${MAX_QUESTION_LENGTH} characters.`,
          );
        }
        return update(id, { body, original_body: before.original_body ?? before.body });
      }
      case 'queue':
        return update(id, {
          status: 'queued',
          queue_position: await this.moderation.nextQueuePosition(manager, part.id),
          queued_at: at,
        });
      case 'unqueue':
        return update(id, { status: 'visible', queue_position: null });
      case 'answered':
        return update(id, { status: 'answered', queue_position: null, answered_at: at });
      case 'on_air': {
        const previous = await this.moderation.onAirId(manager, part.id);
        if (previous && previous !== id) {
          // Back to the front of the queue (position 0 sorts first), or answered.
          await update(
            previous,
            request.previous === 'queued'
              ? { status: 'queued', queue_position: 0 }
              : { status: 'answered', queue_position: null, answered_at: at },
          );
        }
        return update(id, {
          status: 'on_air',
          queue_position: null,
          on_air_at: at,
          queued_at: before.queued_at ?? at,
        });
      }
      case 'merge': {
        if (request.intoId === id)
          throw new DomainError('request/invalid', 'A question cannot be merged into itself.');
        const target = await this.moderation.lockQuestion(manager, request.intoId);
        if (!target || target.part_id !== part.id || target.status === 'merged') {
          throw new DomainError(
            'question/not_found',
            'Merge into a question of the same part that is not itself merged.',
          );
        }
        const merged = await update(id, {
          status: 'merged',
          merged_into_id: target.id,
          queue_position: null,
        });
        await this.moderation.uniteVotes(manager, id, target.id);
        // Touch the target so its new count and version reach everyone.
        await update(target.id, {});
        return merged;
      }
    }
  }

  /** After the commit: every changed question to those entitled to see it, latest state only. */
  private publish(_part: PartView, outcome: Outcome): void {
    const latest = new Map<string, QuestionRow>();
    for (const row of outcome.changed) latest.set(row.id, row);
    for (const row of latest.values()) this.broadcaster.questionChanged(row);
  }

  private async partOfQuestion(questionId: string): Promise<{ event: EventView; part: PartView }> {
    const row = await this.moderation.findQuestion(questionId);
    if (!row) throw new DomainError('question/not_found', 'There is no question with this id.');
    return this.directory.part(row.part_id);
  }
}

function auditedFields(row: QuestionRow) {
  return {
    status: row.status,
    body: row.body,
    starred: row.starred,
    queuePosition: row.queue_position,
    mergedIntoId: row.merged_into_id,
    votes: row.vote_count,
  };
}
