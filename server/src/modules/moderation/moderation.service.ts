import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EventView, PartView } from '../../../../shared/events-api.js';
import { MAX_QUESTION_LENGTH } from '../../../../shared/limits.js';
import type { ModerationRequest, ModeratorQuestionView, QueueState } from '../../../../shared/moderation.js';
import { codePointLength, normalizeText } from '../../../../shared/text.js';
// The handlers of the `mod:*` events take and answer what the socket contract declares for them.
import type { AckData, RequestOf } from '../../../../shared/realtime.js';
import { DomainError } from '../../common/domain-error.js';
import type { Db } from '../../database/typed-sql.js';
import { eventSettingsOf, PartLiveState, type LiveSettings } from '../../live/part-state/part-live-state.js';
import { rooms } from '../../realtime/rooms.js';
import { Clock } from '../clock/clock.js';
import { EventDirectory } from '../events/event-directory.js';
import { LabelRepository } from '../labels/label.repository.js';
import type { StaffPrincipal } from '../grants/grants.service.js';
import { AgendaTicker } from '../questions/agenda-ticker.js';
import {
  QuestionRepository,
  type QuestionChange,
  type QuestionRow,
} from '../questions/question.repository.js';
import { toModeratorView } from '../questions/question-views.js';
import { flaggedSpans } from '../questions/holds/holds.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { ChangePublisher, latestStates } from './change-publisher.js';
import { assertTransition, inQueue } from './question-transitions.js';
import { forSpeaker, isTalkOfSpeaker, SpeakerQueueService } from './speaker-queue.service.js';
import { StaffAccess } from './staff-access.js';

const QUEUE_ACTIONS: ReadonlySet<ModerationRequest['action']> = new Set([
  'hide',
  'merge',
  'queue',
  'unqueue',
  'on_air',
  'answered',
  'reply',
]);

/** Marked answered on the stream: any earlier answer in text is replaced (the history keeps it). */
const ANSWERED_LIVE = {
  answered_how: 'live',
  reply_text: null,
  reply_at: null,
  reply_by: null,
} as const satisfies QuestionChange;

/** Who acts: the audit's actor (`moderator:<link id>`) and the link's label, for a reply's "by". */
interface Actor {
  id: string;
  label: string;
}

function actorOf(staff: StaffPrincipal): Actor {
  return { id: `${staff.role}:${staff.grantId}`, label: staff.label };
}

/** What one committed action changed, to publish after the commit. */
export interface Outcome {
  /** The question acted on, as it was before the action. */
  before: QuestionRow;
  main: QuestionRow;
  changed: QuestionRow[];
  queueTouched: boolean;
}

@Injectable()
export class ModerationService implements OnModuleInit {
  constructor(
    private readonly questions: QuestionRepository,
    /** The event's settings and the blocks' overrides and states (their one owner). */
    private readonly liveState: PartLiveState,
    private readonly directory: EventDirectory,
    private readonly access: StaffAccess,
    private readonly changes: ChangePublisher,
    private readonly speakerQueue: SpeakerQueueService,
    private readonly ticker: AgendaTicker,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
    private readonly labels: LabelRepository,
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
      const onAir = await this.questions.onAirIn(event.parts.map((part) => part.id));
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
    const changed = await this.questions.transaction(async (db) => {
      const { eventId } = await this.questions.lockQueue(db, part.id);
      const before = await this.questions.lockQuestion(db, questionId);
      // Another instance or a moderator got there first.
      if (before?.status !== 'on_air') return null;
      const row = await this.questions.update(
        db,
        questionId,
        { status: 'visible', queue_position: null, air_ended_at: at },
        at,
      );
      await this.questions.bumpQueueVersion(db, part.id);
      await this.questions.audit(db, {
        eventId,
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
    await this.changes.publish([changed], [part]);
  }

  /**
   * `mod:join`: one look at the link, then the room (before reading: whatever commits after the
   * read is then sent to this socket), then the snapshot.
   */
  async join(
    principal: StaffPrincipal | undefined,
    partId: string,
    joinRoom: (room: string) => Promise<void> | void,
  ): Promise<AckData<'mod:join'>> {
    const { event } = await this.directory.part(partId);
    const staff = await this.access.require(principal, event, ['moderator']);
    await joinRoom(rooms.moderators(partId));
    return this.snapshotFor(staff, event, partId);
  }

  async snapshot(principal: StaffPrincipal | undefined, partId: string): Promise<AckData<'mod:join'>> {
    const { event } = await this.directory.part(partId);
    const staff = await this.access.require(principal, event, ['moderator']);
    return this.snapshotFor(staff, event, partId);
  }

  private async snapshotFor(
    staff: StaffPrincipal,
    event: EventView,
    partId: string,
  ): Promise<AckData<'mod:join'>> {
    const settings = await this.liveState.settings(event.slug);
    const [rows, queue, blocks, labels] = await Promise.all([
      this.questions.listPart(partId),
      this.speakerQueue.state(partId),
      this.liveState.blocks(event),
      this.liveState.labels(event.slug),
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
      labels,
    };
  }

  /**
   * One moderator action. The question is read once, inside the action's transaction: its part
   * and event come from there, and the link (looked up once, before) must be a moderator's of
   * that event. A speaker's link may only answer in text (`reply`), see `speakerReply`.
   */
  async act(
    principal: StaffPrincipal | undefined,
    request: RequestOf<'mod:act'>,
  ): Promise<AckData<'mod:act'>> {
    const staff = await this.access.current(principal);
    // The link's event settings, read before the transaction: the embedded database has one
    // session, held by the transaction meanwhile. The question's event is checked against it inside.
    const settings = await this.liveState.settings(staff.eventSlug);
    if (staff.role === 'speaker') return this.speakerReply(staff, settings, request);
    const at = this.clock.now();
    const result = await this.questions.transaction<{ refusedIn: string } | { outcome: Outcome }>(
      async (db) => {
        const located = await this.questions.locate(db, request.questionId);
        if (!located) throw new DomainError('question/not_found', 'There is no question with this id.');
        if (located.event_id !== staff.eventId || staff.role !== 'moderator') {
          return { refusedIn: located.part_id };
        }
        return { outcome: await this.applyIn(db, actorOf(staff), settings, located.part_id, request, at) };
      },
    );
    if ('refusedIn' in result) {
      throw this.access.refusal((await this.directory.part(result.refusedIn)).event, ['moderator']);
    }
    return this.published(request, result.outcome);
  }

  /**
   * A speaker answers in text, like `speaker:answered`: only when the event lets speakers mark
   * answered, and a named speaker only questions about their own talks. Every other action stays
   * the moderators'. As for moderators, the question is located inside the transaction and then
   * changed under the part's and its own locks: one read, no window between check and change.
   */
  private async speakerReply(
    staff: StaffPrincipal,
    settings: LiveSettings,
    request: ModerationRequest,
  ): Promise<ModeratorQuestionView> {
    // The link's programme, from memory, before the transaction (which holds the embedded
    // database's one session): it says whose talks the question may be about.
    const event = await this.directory.event(staff.eventSlug);
    if (request.action !== 'reply') throw this.access.refusal(event, ['moderator']);
    const at = this.clock.now();
    const result = await this.questions.transaction<{ refusedIn: string } | { outcome: Outcome }>(
      async (db) => {
        const located = await this.questions.locate(db, request.questionId);
        if (!located) throw new DomainError('question/not_found', 'There is no question with this id.');
        const part = event.parts.find((p) => p.id === located.part_id);
        if (located.event_id !== staff.eventId || !part) return { refusedIn: located.part_id };
        if (!settings.speakersMayAnswer) {
          throw new DomainError(
            'auth/role_required',
            'The moderators answer questions for this event (the organizer has not let speakers mark answered).',
          );
        }
        // A question never changes talk: its locating read tells whose it is.
        if (staff.speakerName && !isTalkOfSpeaker(part, staff.speakerName, located.talk_id)) {
          throw new DomainError('auth/role_required', 'This question is about another speaker’s talk.');
        }
        return { outcome: await this.applyIn(db, actorOf(staff), settings, part.id, request, at) };
      },
    );
    if ('refusedIn' in result) {
      throw this.access.refusal((await this.directory.part(result.refusedIn)).event, ['moderator']);
    }
    return this.published(request, result.outcome);
  }

  /** After the commit: counts the action, sends what changed, and answers the moderator's view. */
  private async published(request: ModerationRequest, outcome: Outcome): Promise<ModeratorQuestionView> {
    const { part } = await this.directory.part(outcome.main.part_id);
    this.metrics.moderationAction(part.id, request.action);
    // Also when a queued or on-air question was edited or starred: speakers show its text.
    const queueChanged = outcome.queueTouched || inQueue(outcome.main.status);
    await this.changes.publish(outcome.changed, queueChanged ? [part] : []);
    // Answered in text, or no longer (queued again, hidden, answered live), or such a one changed.
    const answers = latestStates(outcome.changed).filter(
      (row) => isTextAnswer(row) || (row.id === outcome.before.id && isTextAnswer(outcome.before)),
    );
    if (answers.length > 0) this.speakerQueue.publishAnswers(part, answers);
    return toModeratorView(outcome.main);
  }

  async reorder(
    principal: StaffPrincipal | undefined,
    request: RequestOf<'mod:reorder'>,
  ): Promise<AckData<'mod:reorder'>> {
    const { event, part } = await this.directory.part(request.partId);
    const staff = await this.access.require(principal, event, ['moderator']);
    const at = this.clock.now();
    const changed = await this.questions.transaction(async (db) => {
      const { queueVersion } = await this.questions.lockQueue(db, part.id);
      const current = await this.questions.queuedIds(db, part.id);
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
      const rows = await this.questions.setQueueOrder(db, part.id, request.order, at);
      await this.questions.bumpQueueVersion(db, part.id);
      await this.questions.audit(db, {
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
    const [queue] = await this.changes.publish(changed, [part]);
    return queue;
  }

  async settings(
    principal: StaffPrincipal | undefined,
    request: RequestOf<'mod:settings'>,
  ): Promise<AckData<'mod:settings'>> {
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
      (db, before, changed) =>
        this.questions.audit(db, {
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
    request: RequestOf<'mod:block'>,
  ): Promise<AckData<'mod:block'>> {
    const { event, part } = await this.directory.partOfBlock(request.blockId);
    const staff = await this.access.require(principal, event, ['moderator']);
    const at = this.clock.now();
    await this.liveState.overrideBlock(event, request.blockId, request.state, (db) =>
      this.questions.audit(db, {
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

  async history(principal: StaffPrincipal | undefined, questionId: string): Promise<AckData<'mod:history'>> {
    const { event } = await this.partOfQuestion(questionId);
    await this.access.require(principal, event, ['moderator']);
    return this.questions.history(questionId);
  }

  /** A speaker marks the question on air answered, when the moderators allow speakers to. */
  async speakerAnswered(principal: StaffPrincipal | undefined, questionId: string): Promise<QueueState> {
    const { event, part } = await this.partOfQuestion(questionId);
    const staff = await this.access.require(principal, event, ['speaker']);
    const settings = await this.liveState.settings(event.slug);
    if (!settings.speakersMayAnswer) {
      throw new DomainError('auth/role_required', 'The moderators mark questions answered for this event.');
    }
    const at = this.clock.now();
    const outcome = await this.questions.transaction(async (db) => {
      // Read under the locks applyIn takes, in its order (the part, then the question), so the
      // checks below hold for the change they allow.
      await this.questions.lockQueue(db, part.id);
      const row = await this.questions.lockQuestion(db, questionId);
      if (row?.status !== 'on_air') {
        throw new DomainError('question/bad_transition', 'Only the question on air can be marked answered.');
      }
      if (staff.speakerName && !isTalkOfSpeaker(part, staff.speakerName, row.talk_id)) {
        throw new DomainError('auth/role_required', 'This question is about another speaker’s talk.');
      }
      const request = { action: 'answered', questionId, revision: row.revision } as const;
      return this.applyIn(db, actorOf(staff), settings, part.id, request, at);
    });
    this.metrics.moderationAction(part.id, 'answered');
    const [queue] = await this.changes.publish(outcome.changed, [part]);
    return forSpeaker(part, queue, staff.speakerName);
  }

  /**
   * One action inside the caller's transaction: check the revision and the state, change,
   * renumber, audit. The caller has checked that `actor` may act on the part; nothing is
   * published yet.
   */
  private async applyIn(
    db: Db,
    actor: Actor,
    settings: LiveSettings,
    partId: string,
    request: ModerationRequest,
    at: Date,
  ): Promise<Outcome> {
    const eventId = settings.eventId;
    // Always the part before the question: one lock order, no deadlock between moderators.
    if (QUEUE_ACTIONS.has(request.action)) await this.questions.lockQueue(db, partId);
    // The labels before the question too, as renaming and deleting a label take them (LabelsService).
    if (request.action === 'label') await this.lockLabels(db, eventId, request.labelIds);
    const before = await this.questions.lockQuestion(db, request.questionId);
    if (!before || before.part_id !== partId) {
      throw new DomainError('question/not_found', 'This question no longer exists.');
    }
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
      const row = await this.questions.update(db, id, settled, at);
      changed.push(row);
      return row;
    };
    const main = await this.change(db, settings, partId, request, before, at, update, actor);
    const queueTouched =
      QUEUE_ACTIONS.has(request.action) && (inQueue(before.status) || inQueue(main.status));
    if (queueTouched) {
      const order = await this.questions.queuedIds(db, partId);
      changed.push(...(await this.questions.setQueueOrder(db, partId, order, at)));
      await this.questions.bumpQueueVersion(db, partId);
    }
    await this.questions.audit(db, {
      eventId,
      questionId: request.questionId,
      actor: actor.id,
      action: request.action,
      before: auditedFields(before),
      after: auditedFields(main),
      at,
    });
    return {
      before,
      main: changed.filter((row) => row.id === main.id).at(-1) ?? main,
      changed,
      queueTouched,
    };
  }

  private async change(
    db: Db,
    settings: LiveSettings,
    partId: string,
    request: ModerationRequest,
    before: QuestionRow,
    at: Date,
    update: (id: string, change: QuestionChange) => Promise<QuestionRow>,
    actor: Actor,
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
          flagged_spans: spans.length ? spans : null,
        });
      }
      case 'queue':
        return update(id, {
          status: 'queued',
          queue_position: await this.questions.nextQueuePosition(db, partId),
          queued_at: at,
        });
      case 'unqueue':
        return update(id, { status: 'visible', queue_position: null });
      case 'answered':
        return update(id, { status: 'answered', queue_position: null, answered_at: at, ...ANSWERED_LIVE });
      case 'reply':
        // From on air it goes off air, answered; an edit keeps when it was first answered.
        return update(id, {
          status: 'answered',
          queue_position: null,
          answered_at: before.status === 'answered' ? before.answered_at : at,
          answered_how: 'text',
          reply_text: normalizeText(request.text),
          reply_at: at,
          reply_by: actor.label,
        });
      case 'on_air': {
        const previous = await this.questions.onAirId(db, partId);
        if (previous && previous !== id) {
          // Back to the front of the queue (position 0 sorts first), or answered.
          await update(
            previous,
            request.previous === 'queued'
              ? { status: 'queued', queue_position: 0 }
              : { status: 'answered', queue_position: null, answered_at: at, ...ANSWERED_LIVE },
          );
        }
        return update(id, {
          status: 'on_air',
          queue_position: null,
          on_air_at: at,
          queued_at: before.queued_at ?? at,
        });
      }
      case 'label':
        await this.labels.replaceOfQuestion(db, id, request.labelIds);
        // No column changes, but the revision and change number move: every view learns the labels.
        return update(id, {});
      case 'merge': {
        if (request.intoId === id)
          throw new DomainError('request/invalid', 'A question cannot be merged into itself.');
        const target = await this.questions.lockQuestion(db, request.intoId);
        if (!target || target.part_id !== partId || target.status === 'merged') {
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
        await this.questions.uniteVotes(db, id, target.id);
        // Touch the target so its new count and version reach everyone.
        await update(target.id, {});
        return merged;
      }
    }
  }

  /** The labels a question is to carry must all be the event's (and stay so until the commit). */
  private async lockLabels(db: Db, eventId: string, labelIds: string[]): Promise<void> {
    if ((await this.labels.lockForTagging(db, eventId, labelIds)) !== labelIds.length) {
      throw new DomainError(
        'label/not_found',
        'One of these labels is not (or no longer) a label of this event. Reload the labels and choose again.',
      );
    }
  }

  private async partOfQuestion(questionId: string): Promise<{ event: EventView; part: PartView }> {
    const row = await this.questions.find(questionId);
    if (!row) throw new DomainError('question/not_found', 'There is no question with this id.');
    return this.directory.part(row.part_id);
  }
}

/** Answered in text: on the speakers' answered-in-text list. */
function isTextAnswer(row: QuestionRow): boolean {
  return row.status === 'answered' && row.answered_how === 'text';
}

function auditedFields(row: QuestionRow) {
  return {
    status: row.status,
    body: row.body,
    starred: row.starred,
    queuePosition: row.queue_position,
    mergedIntoId: row.merged_into_id,
    votes: row.vote_count,
    answeredHow: row.answered_how,
    reply: row.reply_text,
    labels: row.labels.map((label) => label.name),
  };
}
