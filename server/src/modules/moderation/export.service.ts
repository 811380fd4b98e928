import { Injectable } from '@nestjs/common';
import { EXPORT_COLUMNS } from '../../../../shared/moderation.js';
import { DomainError } from '../../common/domain-error.js';
import { PartLiveState } from '../../live/part-state/part-live-state.js';
import { EventDirectory } from '../events/event-directory.js';
import { QuestionRepository, type QuestionRow } from '../questions/question.repository.js';
import { toQuestionView } from '../questions/question-views.js';
import { toCsv } from './csv.js';

export type ExportRecord = Record<(typeof EXPORT_COLUMNS)[number], string | number | null>;

/** Every question of an event (or one block), as records of EXPORT_COLUMNS; live or after the event. */
@Injectable()
export class ExportService {
  constructor(
    private readonly questions: QuestionRepository,
    private readonly directory: EventDirectory,
    private readonly liveState: PartLiveState,
  ) {}

  async records(slug: string, blockId: string | null): Promise<ExportRecord[]> {
    // The event's id, or event/not_found.
    const { eventId } = await this.liveState.settings(slug);
    const event = await this.directory.event(slug);
    const titles = new Map(
      event.parts.flatMap((part) => part.items.map((item) => [item.id, item.title] as const)),
    );
    const blockTitle = (row: QuestionRow) => {
      const part = event.parts.find((p) => p.id === row.part_id);
      return `${part?.title ?? ''} – ${titles.get(row.block_id) ?? ''}`;
    };
    const isBlock = event.parts.some((part) =>
      part.items.some((item) => item.id === blockId && item.kind === 'qa'),
    );
    if (blockId !== null && !isBlock) {
      throw new DomainError('block/not_found', 'This event has no Q&A block with this id.');
    }
    const rows = await this.questions.exportRows(eventId, blockId);
    return rows.map((row) => {
      // The same rule as every view: only an answered question carries how, and its reply.
      const { answeredHow, reply } = toQuestionView(row, null);
      return {
        block: blockTitle(row),
        talk: row.talk_id ? (titles.get(row.talk_id) ?? '') : '',
        text: row.body,
        original_text: row.original_body,
        display_name: row.display_name,
        state: row.status,
        votes: row.vote_count,
        starred: row.starred ? 'yes' : 'no',
        asked_at: iso(row.created_at),
        queued_at: iso(row.queued_at),
        on_air_at: iso(row.on_air_at),
        answered_at: iso(row.answered_at),
        answered_how: answeredHow,
        reply: reply?.text ?? null,
        reply_at: reply?.at ?? null,
        reply_by: reply?.by ?? null,
        labels: row.labels.map((label) => label.name).join('; '),
        id: row.id,
      };
    });
  }

  async csv(slug: string, blockId: string | null): Promise<string> {
    const records = await this.records(slug, blockId);
    return toCsv(
      EXPORT_COLUMNS,
      records.map((record) => EXPORT_COLUMNS.map((column) => record[column])),
    );
  }
}

function iso(value: Date | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}
