import { Injectable } from '@nestjs/common';
import type { PublishedAnswers } from '../../../../shared/questions.js';
import { DomainError } from '../../common/domain-error.js';
import { PartLiveState } from '../../live/part-state/part-live-state.js';
import { EventDirectory } from '../events/event-directory.js';
import { QuestionRepository } from '../questions/question.repository.js';
import { toQuestionView } from '../questions/question-views.js';

/**
 * The answered questions of an event as a public page, once the organizer publishes them
 * (`answersPublished`): per part and Q&A block, with their answers in text. Nothing about the
 * askers beyond the name they chose to show.
 */
@Injectable()
export class PublishedAnswersService {
  constructor(
    private readonly questions: QuestionRepository,
    private readonly directory: EventDirectory,
    private readonly liveState: PartLiveState,
  ) {}

  async answers(slug: string): Promise<PublishedAnswers> {
    const settings = await this.liveState.settings(slug);
    if (!settings.answersPublished) {
      throw new DomainError(
        'answers/not_published',
        'The answered questions of this event are not published. The organizer publishes them after the event.',
      );
    }
    const event = await this.directory.event(slug);
    const rows = await this.questions.answeredOfEvent(settings.eventId);
    const titles = new Map(event.parts.flatMap((part) => part.items.map((item) => [item.id, item.title])));
    return {
      eventSlug: event.slug,
      eventTitle: event.title,
      timezone: event.timezone,
      parts: event.parts
        .map((part) => ({
          partId: part.id,
          title: part.title,
          blocks: part.items
            .filter((item) => item.kind === 'qa')
            .map((block) => ({
              blockId: block.id,
              title: block.title,
              start: block.start,
              answers: rows
                .filter((row) => row.block_id === block.id)
                .map((row) => {
                  const view = toQuestionView(row, null);
                  return {
                    id: view.id,
                    body: view.body,
                    displayName: view.displayName,
                    talkTitle: view.talkId ? (titles.get(view.talkId) ?? null) : null,
                    votes: view.votes,
                    answeredHow: view.answeredHow ?? 'live',
                    reply: view.reply,
                  };
                }),
            }))
            .filter((block) => block.answers.length > 0),
        }))
        .filter((part) => part.blocks.length > 0),
    };
  }
}
