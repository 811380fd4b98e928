import { Injectable } from '@nestjs/common';
import type { QuestionView } from '../../../../shared/questions.js';
import type { PartSnapshot, VoteResult } from '../../../../shared/realtime.js';
import { DomainError } from '../../common/domain-error.js';
import { PartLiveState } from '../../live/part-state/part-live-state.js';
import { Clock } from '../clock/clock.js';
import { EventDirectory } from '../events/event-directory.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { VoteCommitter } from './vote-committer.js';
import { QuestionBroadcaster } from './question-broadcaster.js';
import { closedBlockError } from './question-policies/closed-block-error.js';
import { initialStatus } from './question-policies/hold.js';
import { assertMayVote } from './question-policies/own-vote.js';
import { questionText } from './question-policies/question-text.js';
import { blockTakesQuestion, viewerInstant } from './question-policies/stream-time.js';
import { talkOfQuestion } from './question-policies/talk-of-question.js';
import { QuestionRepository, type QuestionRow } from './question.repository.js';
import { toQuestionView } from './question-views.js';
import { PartFanout } from './part-batcher.js';

/** A question as asked; the rate limit was counted before (the live dispatch table says so). */
export interface AskCommand {
  participantId: string;
  id: string;
  blockId: string;
  /** undefined: the talk on now if the block covers it; null: the block in general. */
  talkId: string | null | undefined;
  body: string;
  displayName: string | null;
  /** The viewer's stream time as they asked (the frame on screen); null when unknown. */
  streamTime?: Date | null;
}

/**
 * The viewers' side of the Q&A: snapshots, asking and voting. Each rule lives in its own module
 * under question-policies/ (text, stream time, talk, hold, own vote); this service composes them
 * with the part's live state (settings, blocks), the repository and the broadcast. Rate limits
 * are the live dispatch table's (server/src/realtime/live-routes.ts).
 */
@Injectable()
export class QuestionsService {
  constructor(
    private readonly directory: EventDirectory,
    private readonly questions: QuestionRepository,
    private readonly liveState: PartLiveState,
    private readonly clock: Clock,
    private readonly broadcaster: QuestionBroadcaster,
    private readonly fanout: PartFanout,
    private readonly metrics: MetricsService,
    private readonly votes: VoteCommitter,
  ) {}

  /**
   * Everything a participant may see of a part, or only what changed since `since`. The caller
   * joins the part's room first, so whatever commits after this read reaches them live.
   */
  async snapshot(participantId: string, partId: string, since: number | null): Promise<PartSnapshot> {
    const { event } = await this.directory.part(partId);
    const version = await this.questions.partVersion(partId);
    const update = await this.liveState.agendaUpdate(event);
    // The event's whole label list either way: it is short, and a rename leaves no change number.
    const labels = await this.liveState.labels(event.slug);
    if (since !== null && since <= version) {
      const changed = await this.questions.changesForViewer(partId, participantId, since);
      return {
        ...update,
        partId,
        participant: { id: participantId },
        full: false,
        questions: changed.filter((row) => row.may_see).map((row) => toQuestionView(row, participantId)),
        removedIds: changed.filter((row) => !row.may_see).map((row) => row.id),
        version,
        labels,
      };
    }
    const rows = await this.questions.listForViewer(partId, participantId);
    const questions = rows.map((row) => toQuestionView(row, participantId));
    return {
      ...update,
      partId,
      participant: { id: participantId },
      full: true,
      questions,
      removedIds: [],
      version,
      labels,
    };
  }

  /**
   * What the live dispatch table runs before counting an ask against the rate limit: the text
   * checks (so a refused text answers as such), then whether a question with this id is stored
   * already. A retry is not counted: the asker was already told it was stored.
   */
  async checkBeforeLimit(
    command: Omit<AskCommand, 'participantId'>,
    participantId: string,
  ): Promise<boolean> {
    questionText(command.body, command.displayName);
    return (await this.questions.findForViewer(command.id, participantId)) !== null;
  }

  async ask(command: AskCommand): Promise<QuestionView> {
    const { body, displayName } = questionText(command.body, command.displayName);
    // A retry of a stored question gets the first result, whatever the clock says now: the
    // asker was already told it was stored.
    const existing = await this.questions.findForViewer(command.id, command.participantId);
    if (existing) return this.retried(existing, command.participantId, body);
    // Asking needs no prior part:join: a client's buffered question may reach a fresh
    // connection before its join does, and the block id names its part anyway.
    const { event, part } = await this.directory.partOfBlock(command.blockId);
    const now = this.clock.now();
    const blocks = await this.liveState.blocks(event, now);
    const block = blocks.find((b) => b.blockId === command.blockId)!;
    const watching = viewerInstant(command.streamTime, now);
    if (!blockTakesQuestion(block, watching)) throw closedBlockError(event, block, blocks, now);
    const talkId = talkOfQuestion(part, command.blockId, command.talkId, watching ?? now);
    const settings = await this.liveState.settings(event.slug);
    const { status, flaggedSpans } = initialStatus(body, {
      preModeration: settings.preModeration,
      holds: { patientData: settings.holdPatientData, profanity: settings.holdProfanity },
    });
    const { created, row } = await this.questions.insertOnce({
      id: command.id,
      partId: part.id,
      blockId: command.blockId,
      talkId,
      participantId: command.participantId,
      body,
      displayName,
      status,
      flaggedSpans,
      at: now,
    });
    if (!created) return this.retried(row, command.participantId, body);
    this.metrics.questionAsked(part.id);
    this.broadcaster.questionChanged(row, { isNew: true });
    return toQuestionView(row, command.participantId);
  }

  /** A second send of an id: the first result, or a conflict when the id is used for something else. */
  private retried(row: QuestionRow, participantId: string, body: string): QuestionView {
    const same = row.participant_id === participantId && (row.original_body ?? row.body) === body;
    if (!same) {
      throw new DomainError(
        'question/id_conflict',
        'This question id is already taken. Send it again with a new id.',
      );
    }
    return toQuestionView(row, participantId);
  }

  async vote(participantId: string, questionId: string, voted: boolean): Promise<VoteResult> {
    // Checked and written in one statement; a refused vote wrote nothing and is named here.
    const { target, votes, changed } = await this.votes.commit({
      questionId,
      participantId,
      voted,
      at: this.clock.now(),
    });
    assertMayVote(target, participantId);
    if (changed) {
      this.fanout.voted(target.part_id, questionId);
      this.metrics.voteChanged(target.part_id, voted);
    }
    return { questionId, voted, votes };
  }
}
