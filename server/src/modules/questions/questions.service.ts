import { Injectable } from '@nestjs/common';
import { agendaStateAt } from '../../../../shared/agenda-state.js';
import type { EventView, PartView } from '../../../../shared/events-api.js';
import {
  MAX_DISPLAY_NAME_LENGTH,
  MAX_QUESTION_LENGTH,
  MAX_STREAM_LAG_SECONDS,
} from '../../../../shared/limits.js';
import { PUBLIC_STATUSES, type BlockState, type QuestionView } from '../../../../shared/questions.js';
import type { PartSnapshot, VoteResult } from '../../../../shared/realtime.js';
import { cleanName, codePointLength, normalizeText } from '../../../../shared/text.js';
import { formatInZone, zoneAbbreviation } from '../../../../shared/time.js';
import { DomainError } from '../../common/domain-error.js';
import { PartLiveState } from '../../live/part-state/part-live-state.js';
import { Clock } from '../clock/clock.js';
import { EventDirectory } from '../events/event-directory.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { flaggedSpans } from './holds/holds.js';
import { QuestionBroadcaster } from './question-broadcaster.js';
import { toQuestionView, type QuestionRow } from './question-row.js';
import { QuestionsRepository } from './questions.repository.js';
import { VoteFanout } from './vote-batcher.js';

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
 * The instant the viewer was watching, when it is a live stream's: at most
 * MAX_STREAM_LAG_SECONDS behind the server's clock. A stream time ahead of the server (a
 * player's clock a little off) counts as now; one further behind (a replay) counts for nothing.
 */
export function viewerInstant(streamTime: Date | null | undefined, now: Date): Date | null {
  if (!streamTime) return null;
  const lagMs = now.getTime() - streamTime.getTime();
  if (lagMs > MAX_STREAM_LAG_SECONDS * 1000) return null;
  return lagMs < 0 ? now : streamTime;
}

/** The question's text and name as stored, or the refusal of the first that does not fit. */
function questionText(command: Pick<AskCommand, 'body' | 'displayName'>): {
  body: string;
  displayName: string | null;
} {
  // Normalised once: what is stored is also what a retry is compared with, so a retry of the
  // same text (a lone surrogate, a decomposed accent) is never mistaken for another question.
  const body = normalizeText(command.body);
  const displayName = command.displayName === null ? null : cleanName(command.displayName) || null;
  if (body.length === 0) throw new DomainError('question/empty', 'Type a question before sending.');
  const length = codePointLength(body);
  if (length > MAX_QUESTION_LENGTH) {
    throw new DomainError(
      'question/too_long',
      `Questions are limited to ${MAX_QUESTION_LENGTH} characters; this one has ${length}. Shorten it and send again.`,
    );
  }
  if (displayName && codePointLength(displayName) > MAX_DISPLAY_NAME_LENGTH) {
    throw new DomainError(
      'question/name_too_long',
      `Names are limited to ${MAX_DISPLAY_NAME_LENGTH} characters.`,
    );
  }
  return { body, displayName };
}

@Injectable()
export class QuestionsService {
  constructor(
    private readonly directory: EventDirectory,
    private readonly questions: QuestionsRepository,
    private readonly liveState: PartLiveState,
    private readonly clock: Clock,
    private readonly broadcaster: QuestionBroadcaster,
    private readonly votes: VoteFanout,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * Everything a participant may see of a part, or only what changed since `since`. The caller
   * joins the part's room first, so whatever commits after this read reaches them live.
   */
  async snapshot(participantId: string, partId: string, since: number | null): Promise<PartSnapshot> {
    const { event } = await this.directory.part(partId);
    const version = await this.questions.partVersion(partId);
    const update = await this.liveState.agendaUpdate(event);
    if (since !== null && since <= version) {
      const delta = await this.questions.changesForViewer(partId, participantId, since);
      return { ...update, partId, participant: { id: participantId }, full: false, ...delta, version };
    }
    const questions = await this.questions.listForViewer(partId, participantId);
    return {
      ...update,
      partId,
      participant: { id: participantId },
      full: true,
      questions,
      removedIds: [],
      version,
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
    questionText(command);
    return (await this.questions.findById(command.id, participantId)) !== null;
  }

  async ask(command: AskCommand): Promise<QuestionView> {
    const { body, displayName } = questionText(command);
    // A retry of a stored question gets the first result, whatever the clock or the rate limit
    // say now: the asker was already told it was stored.
    const existing = await this.questions.findById(command.id, command.participantId);
    if (existing) return this.retried(existing, command.participantId, body);
    // Asking needs no prior part:join: a client's buffered question may reach a fresh
    // connection before its join does, and the block id names its part anyway.
    const { event, part } = await this.directory.partOfBlock(command.blockId);
    const now = this.clock.now();
    const blocks = await this.liveState.blocks(event, now);
    const block = blocks.find((b) => b.blockId === command.blockId)!;
    // The viewer sees the course some seconds late: a block that closed on the server's clock
    // while their stream still showed it open takes the question (each viewer by their own
    // lag, bounded, so no one viewer's claim keeps the block open for everybody).
    const watching = viewerInstant(command.streamTime, now);
    if (!block.open && !(watching && this.openAt(block, watching))) {
      throw this.closedBlockError(event, block, blocks, now);
    }
    const talkId = this.talkFor(part, command.blockId, command.talkId, watching ?? now);

    const settings = await this.liveState.settings(event.slug);
    // Likely patient identifiers or profanity hold the question for review, pre-moderation or not.
    const spans = flaggedSpans(body, {
      patientData: settings.holdPatientData,
      profanity: settings.holdProfanity,
    });
    const { created, row } = await this.questions.insertOnce({
      id: command.id,
      partId: part.id,
      blockId: command.blockId,
      talkId,
      participantId: command.participantId,
      body,
      displayName,
      status: settings.preModeration || spans.length > 0 ? 'pending' : 'visible',
      flaggedSpans: spans,
      at: now,
    });
    if (!created) return this.retried(row, command.participantId, body);
    this.metrics.questionAsked(part.id);
    this.broadcaster.questionChanged(row, { isNew: true });
    return toQuestionView(row, command.participantId);
  }

  /** Whether the block took questions at `at` by the clock: only a block the clock closed reopens. */
  private openAt(block: BlockState, at: Date): boolean {
    if (block.override !== null) return false;
    return Date.parse(block.opensAt) <= at.getTime() && at.getTime() < Date.parse(block.closesAt);
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
    const row = await this.questions.findById(questionId, participantId);
    // Only public questions take votes: a count must never reveal a pending or hidden question.
    if (row === null || !PUBLIC_STATUSES.includes(row.status)) {
      throw new DomainError('question/not_found', 'There is no question with this id to vote for.');
    }
    // Upvotes say "others want this answered too"; the asker's own would only inflate the count.
    if (row.participant_id === participantId) {
      throw new DomainError('vote/own_question', 'You asked this question, so you cannot upvote it.');
    }
    const { votes, changed } = await this.questions.setVote(
      questionId,
      participantId,
      voted,
      this.clock.now(),
    );
    if (changed) {
      this.votes.touch(row.part_id, questionId);
      this.metrics.voteChanged(row.part_id, voted);
    }
    return { questionId, voted, votes };
  }

  /** The talk asked about: the one chosen, else the talk on now when the block covers it, else none. */
  private talkFor(
    part: PartView,
    blockId: string,
    requested: string | null | undefined,
    now: Date,
  ): string | null {
    const covered = part.items.find((item) => item.id === blockId)!.covers.map((talk) => talk.id);
    if (requested === null) return null;
    if (requested !== undefined) {
      if (!covered.includes(requested)) {
        throw new DomainError(
          'talk/not_in_block',
          'That talk is not discussed in this Q&A block. Pick one of the talks it covers, or none.',
        );
      }
      return requested;
    }
    const current = agendaStateAt(part.items, now).current;
    return current && covered.includes(current.id) ? current.id : null;
  }

  private closedBlockError(
    event: EventView,
    block: BlockState,
    blocks: BlockState[],
    now: Date,
  ): DomainError {
    const time = (iso: string) =>
      `${formatInZone(iso, event.timezone, { hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'short' })} ${zoneAbbreviation(iso, event.timezone)}`;
    if (!block.override && now < new Date(block.opensAt)) {
      return new DomainError(
        'block/not_open_yet',
        `Questions for “${block.title}” (${time(block.start)}) open at ${time(block.opensAt)}.`,
      );
    }
    const next =
      blocks.find((b) => b.open) ??
      blocks.find((b) => new Date(b.opensAt) > now || new Date(b.closesAt) > now);
    const hint = next
      ? next.open
        ? ` Questions are open for “${next.title}” (${time(next.start)}).`
        : ` The next block, “${next.title}” (${time(next.start)}), opens at ${time(next.opensAt)}.`
      : ' No later Q&A block is planned for this event.';
    return new DomainError(
      'block/closed',
      `“${block.title}” (${time(block.start)}) no longer takes questions.${hint}`,
    );
  }
}
