import { Controller, Get, Param } from '@nestjs/common';
import type { PublishedAnswers } from '../../../../shared/questions.js';
import { PublishedAnswersService } from './published-answers.service.js';

/** Public: the answered questions, once the organizer publishes them; 404 until then. */
@Controller('events/:slug')
export class PublishedAnswersController {
  constructor(private readonly answers: PublishedAnswersService) {}

  @Get('answers')
  list(@Param('slug') slug: string): Promise<PublishedAnswers> {
    return this.answers.answers(slug);
  }
}
