import { Injectable } from '@nestjs/common';
import type {
  BlockFigures,
  EventAnalytics,
  QaFigures,
  TalkFigures,
  TimelinePoint,
} from '../../../../shared/analytics.js';
import type { AgendaItemView, PartView } from '../../../../shared/events-api.js';
import { Clock } from '../clock/clock.js';
import { EventsService } from '../events/events.service.js';
import {
  QuestionRepository,
  type ItemQuestionFigures,
  type ItemVoteFigures,
} from '../questions/question.repository.js';
import { AnalyticsRepository, type ViewerRow } from './analytics.repository.js';

/** The timeline's bucket: fine enough to see a Q&A block (30 minutes) rise and fall. */
export const BUCKET_MINUTES = 5;
const BUCKET_MS = BUCKET_MINUTES * 60_000;
const TOP_QUESTIONS = 3;

/** What the organizer learns of an event: Q&A figures per block and per talk, and each part's timeline. */
@Injectable()
export class AnalyticsService {
  constructor(
    private readonly events: EventsService,
    private readonly questions: QuestionRepository,
    private readonly samples: AnalyticsRepository,
    private readonly clock: Clock,
  ) {}

  async of(slug: string): Promise<EventAnalytics> {
    const event = await this.events.get(slug);
    const partIds = event.parts.map((part) => part.id);
    const [questionRows, voteRows, topRows, asked, viewerRows] = await Promise.all([
      this.questions.itemQuestionFigures(partIds),
      this.questions.itemVoteFigures(partIds),
      this.questions.topQuestions(partIds, TOP_QUESTIONS),
      this.questions.askedTimes(partIds),
      this.samples.viewers(partIds),
    ]);
    const questionsOf = byItem(questionRows);
    const votesOf = byItem(voteRows);
    const viewersOf = (part: PartView, item: AgendaItemView) =>
      peak(viewerRows, part.id, Date.parse(item.start), Date.parse(item.end));
    const figures = (part: PartView, item: AgendaItemView): QaFigures =>
      qaFigures(item.title, questionsOf.get(item.id), votesOf.get(item.id), viewersOf(part, item));

    const blocks: BlockFigures[] = [];
    const talks: TalkFigures[] = [];
    for (const part of event.parts) {
      for (const item of part.items) {
        if (item.kind === 'qa') {
          const topQuestions = topRows
            .filter((row) => row.block_id === item.id)
            .map((row) => ({ id: row.id, text: row.body, votes: row.vote_count, status: row.status }));
          blocks.push({ blockId: item.id, partId: part.id, ...figures(part, item), topQuestions });
        } else if (item.kind === 'talk') {
          talks.push({ talkId: item.id, partId: part.id, ...figures(part, item) });
        }
      }
    }
    const parts = event.parts.map((part) => ({
      partId: part.id,
      title: part.title,
      timeline: timeline(part, asked, viewerRows),
    }));
    return { generatedAt: this.clock.nowIso(), bucketMinutes: BUCKET_MINUTES, blocks, talks, parts };
  }
}

function byItem<T extends { item_id: string }>(rows: T[]): Map<string, T> {
  return new Map(rows.map((row) => [row.item_id, row]));
}

function qaFigures(
  title: string,
  questions: ItemQuestionFigures | undefined,
  votes: ItemVoteFigures | undefined,
  peakViewers: number | null,
): QaFigures {
  const answered = questions?.answered ?? 0;
  const answeredInText = questions?.answered_in_text ?? 0;
  const median = questions?.median_seconds_to_answer ?? null;
  return {
    title,
    questions: questions?.questions ?? 0,
    askers: questions?.askers ?? 0,
    votes: votes?.votes ?? 0,
    voters: votes?.voters ?? 0,
    answered,
    // Every answer not given in text was given on the stream (rows from before answers in text too).
    answeredLive: answered - answeredInText,
    answeredInText,
    medianSecondsToAnswer: median === null ? null : Math.round(median),
    peakViewers,
  };
}

/** The most viewers of the part in any sampled minute within [from, to); null without a sample. */
function peak(rows: ViewerRow[], partId: string, from: number, to: number): number | null {
  let most: number | null = null;
  for (const row of rows) {
    const at = new Date(row.at).getTime();
    if (row.part_id === partId && at >= from && at < to) most = Math.max(most ?? 0, row.viewers);
  }
  return most;
}

/**
 * The part's buckets from its start to its end (widened to any question asked before or after,
 * so none is dropped): questions asked in each, the most viewers seen in each.
 */
function timeline(
  part: PartView,
  asked: { part_id: string; created_at: Date }[],
  viewers: ViewerRow[],
): TimelinePoint[] {
  const askedAt = asked
    .filter((row) => row.part_id === part.id)
    .map((row) => new Date(row.created_at).getTime());
  const sampled = viewers.filter((row) => row.part_id === part.id);
  const floor = (ms: number) => Math.floor(ms / BUCKET_MS) * BUCKET_MS;
  const first = floor(Math.min(Date.parse(part.start), ...askedAt));
  const last = floor(Math.max(Date.parse(part.end) - 1, ...askedAt));
  const points: TimelinePoint[] = [];
  for (let at = first; at <= last; at += BUCKET_MS) {
    points.push({
      at: new Date(at).toISOString(),
      questions: askedAt.filter((ms) => ms >= at && ms < at + BUCKET_MS).length,
      viewers: peak(sampled, part.id, at, at + BUCKET_MS),
    });
  }
  return points;
}
