import { Injectable, type OnModuleInit } from '@nestjs/common';
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
import { eventSettingsOf, PartLiveState, type LiveSettings } from '../../live/part-state/part-live-state.js';
import { DomainError } from '../../common/domain-error.js';
import { Clock } from '../clock/clock.js';
import { EventDirectory } from '../events/event-directory.js';
import type { StaffPrincipal } from '../grants/grants.service.js';
import { AgendaTicker } from '../questions/agenda-ticker.js';
import { QuestionBroadcaster, queueForSpeaker, talksOfSpeaker } from '../questions/question-broadcaster.js';
import { toModeratorView, toQuestionView, type QuestionRow } from '../questions/question-row.js';
import { flaggedSpans } from '../questions/holds/holds.js';
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
export class ModerationService implements OnModuleInit {
  constructor(
    private readonly moderation: ModerationRepository,
    private readonly directory: EventDirectory,
    private readonly access: StaffAccess,
    private readonly broadcaster: QuestionBroadcaster,
    private readonly liveState: PartLiveState,
    private readonly ticker: AgendaTicker,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    this.ticker.onBoundary(() => this.endAirOfEndedBlocks());
  }

  /**
   * A question still on air when its block ends goes off air by itself: the overlay and the
   * viewers must not show it during the break or the next talk. It goes back among the visible
   * questions marked `air_ended_at`, and the moderator decides: answered, or back to the queue.
   * A block a moderator kept open by hand is left alone, and so is a question put on air after
   * its block had ended (the moderator chose to). Idempotent: safe at every boundary and at start.
   */
  async endAirOfEndedBlocks(): Promise<void> {
    const now = this.clock.now();
    for (const event of await this.directory.allEvents()) {
      const blocks = new Map((await this.liveState.blocks(event, now)).map((b) => [b.blockId, b]));
      const onAir = await this.moderation.onAirIn(event.parts.map((part) => part.id));
      for (const row of onAir) {
        const block = blocks.get(row.block_id);
        if (!block || block.override === 'open') continue;
        const end = Date.parse(block.end);
        const airedBeforeEnd = row.on_air_at !== null && new Date(row.on_air_at).getTime() < end;
        if (end > now.getTime() || !airedBeforeEnd) continue;
        const part = event.parts.find((p) => p.id === row.part_id)!;
        await this.takeOffAir(part, row.id, now);
      }
    }
  }

  private async takeOffAir(part: PartView, questionId: string, at: Date): Promise<void> {
    const changed = await this.moderation.transaction(async (manager) => {
      await this.moderation.lockPart(manager, part.id);
      const before = await this.moderation.lockQuestion(manager, questionId);
      // Another instance or a moderator got there first.
      if (before?.status !== 'on_air') return null;
      const row = await this.moderation.update(
        manager,
        questionId,
        { status: 'visible', queue_position: null, air_ended_at: at },
        at,
      );
      await this.moderation.bumpQueueVersion(manager, part.id);
      await this.moderation.audit(manager, {
        eventId: await this.moderation.eventIdOfPart(manager, part.id),
        questionId,
        actor: 'system:block_end',
        action: 'air_ended',
        before: auditedFields(before),
        after: auditedFields(row),
        at,
      });
      return row;
    });
    if (!changed) return;
    this.broadcaster.questionChanged(changed);
    this.broadcaster.queueChanged(part, await this.queueState(part.id));
  }

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
    const [settings, rows, queue, blocks] = await Promise.all([
      this.liveState.settings(event.slug),
      this.moderation.listPart(partId),
      this.queueState(partId),
      this.liveState.blocks(event),
    ]);
    return {
      partId,
      eventSlug: event.slug,
      role: staff.role,
      preModeration: settings.preModeration,
      speakersMayAnswer: settings.speakersMayAnswer,
      holdPatientData: settings.holdPatientData,
      holdProfanity: settings.holdProfanity,
      blocks,
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
    // Read before the transaction: the embedded database has one session, held by it meanwhile.
    const settings = await this.liveState.settings(event.slug);
    const outcome = await this.apply(`moderator:${staff.grantId}`, settings, part, request);
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
    const { after } = await this.liveState.changeSettings(
      event,
      {
        preModeration: request.preModeration,
        speakersMayAnswer: request.speakersMayAnswer,
        holdPatientData: request.holdPatientData,
        holdProfanity: request.holdProfanity,
      },
      (manager, before, changed) =>
        this.moderation.audit(manager, {
          eventId: staff.eventId,
          questionId: null,
          actor: `moderator:${staff.grantId}`,
          action: 'settings',
          before: eventSettingsOf(before),
          after: eventSettingsOf(changed),
          at,
        }),
    );
    this.metrics.moderationAction(request.partId, 'settings');
    return eventSettingsOf(after);
  }

  /** Opens or closes a block's submissions by hand (or gives it back to the clock). */
  async blockOverride(
    principal: StaffPrincipal | undefined,
    request: BlockOverrideRequest,
  ): Promise<BlockState> {
    const { event, part } = await this.directory.partOfBlock(request.blockId);
    const staff = await this.access.require(principal, event, ['moderator']);
    const at = this.clock.now();
    await this.liveState.overrideBlock(event, request.blockId, request.state, (manager) =>
      this.moderation.audit(manager, {
        eventId: staff.eventId,
        questionId: null,
        actor: `moderator:${staff.grantId}`,
        action: 'block',
        before: null,
        after: { blockId: request.blockId, state: request.state },
        at,
      }),
    );
    this.metrics.moderationAction(part.id, 'block');
    await this.ticker.pushEvent(event);
    const blocks = await this.liveState.blocks(event);
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
    const settings = await this.liveState.settings(event.slug);
    const queue = await this.queueState(partId);
    return {
      ...(staff.speakerName ? queueForSpeaker(part, queue, staff.speakerName) : queue),
      eventSlug: event.slug,
      speakerName: staff.speakerName,
      speakersMayAnswer: settings.speakersMayAnswer,
      talks: Object.fromEntries(part.items.filter((i) => i.kind === 'talk').map((i) => [i.id, i.title])),
    };
  }

  /** A speaker marks the question on air answered, when the moderators allow speakers to. */
  async speakerAnswered(principal: StaffPrincipal | undefined, questionId: string): Promise<QueueState> {
    const { event, part } = await this.partOfQuestion(questionId);
    const staff = await this.access.require(principal, event, ['speaker']);
    const settings = await this.liveState.settings(event.slug);
    if (!settings.speakersMayAnswer) {
      throw new DomainError('auth/role_required', 'The moderators mark questions answered for this event.');
    }
    const row = await this.moderation.findQuestion(questionId);
    if (row?.status !== 'on_air') {
      throw new DomainError('question/bad_transition', 'Only the question on air can be marked answered.');
    }
    if (staff.speakerName && !(row.talk_id && talksOfSpeaker(part, staff.speakerName).has(row.talk_id))) {
      throw new DomainError('auth/role_required', 'This question is about another speaker’s talk.');
    }
    const outcome = await this.apply(`speaker:${staff.grantId}`, settings, part, {
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
    settings: LiveSettings,
    part: PartView,
    request: ModerationRequest,
  ): Promise<Outcome> {
    const at = this.clock.now();
    const eventId = settings.eventId;
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
        // Any new state settles a question that went off air with its block.
        const settled = change.status === undefined ? change : { ...change, air_ended_at: null };
        const row = await this.moderation.update(manager, id, settled, at);
        changed.push(row);
        return row;
      };
      const main = await this.change(manager, settings, part, request, before, at, update);
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
    settings: LiveSettings,
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
        // The marks are checked again so they fit the new text; the status stays as it is: a held
        // question still waits for a moderator's approval, and a moderator's own wording of a
        // public question is not held again.
        const spans = flaggedSpans(body, {
          patientData: settings.holdPatientData,
          profanity: settings.holdProfanity,
        });
        return update(id, {
          body,
          original_body: before.original_body ?? before.body,
          flagged_spans: spans.length ? JSON.stringify(spans) : null,
        });
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
