import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import type { Request } from 'express';
import type { EventSummary, EventView, NowResponse } from '../../../../shared/events-api.js';
import { DomainError } from '../../common/domain-error.js';
import { AdminGuard } from '../../common/guards/admin.guard.js';
import { EventDeletionService } from './event-deletion.service.js';
import { EventsService, type ProgrammeUpload } from './events.service.js';

@Controller('events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly deletion: EventDeletionService,
  ) {}

  @Get()
  list(): Promise<EventSummary[]> {
    return this.events.list();
  }

  /** Publishes a programme: `text/plain` as organizers write it, or `application/json`. */
  @Post()
  @HttpCode(201)
  @UseGuards(AdminGuard)
  publish(
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
  ): Promise<EventView> {
    return this.events.publish(toUpload(contentType, body));
  }

  @Get(':slug')
  get(@Param('slug') slug: string): Promise<EventView> {
    return this.events.get(slug);
  }

  /** Removes the event with everything hanging on it; 204, then 404 for it and its exports. */
  @Delete(':slug')
  @HttpCode(204)
  @UseGuards(AdminGuard)
  delete(@Param('slug') slug: string): Promise<void> {
    return this.deletion.delete(slug);
  }

  @Get(':slug/now')
  now(@Param('slug') slug: string, @Query('at') at?: string): Promise<NowResponse> {
    return this.events.now(slug, at);
  }

  @Get(':slug/calendar.ics')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  calendar(@Param('slug') slug: string, @Req() request: Request): Promise<string> {
    return this.events.calendar(slug, request.hostname || 'localhost');
  }
}

function toUpload(contentType: string | undefined, body: unknown): ProgrammeUpload {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'text/plain' && typeof body === 'string') return { format: 'text', text: body };
  if (type === 'application/json' && typeof body === 'object' && body !== null)
    return { format: 'json', body };
  throw new DomainError(
    'request/invalid',
    'Send the programme as text/plain (the published text) or application/json (the structure of GET /api/events/:slug).',
  );
}
