import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Put, UseGuards } from '@nestjs/common';
import type { EventView } from '../../../../shared/events-api.js';
import type { OrganizerEventSettings, ProgrammePreview } from '../../../../shared/organizer.js';
import { AdminGuard } from '../../common/guards/admin.guard.js';
import { toUpload } from '../events/events.controller.js';
import { OrganizerService } from './organizer.service.js';

/** The organizer console's API: programme preview and re-publish, per-event and per-part settings. */
@Controller('events')
@UseGuards(AdminGuard)
export class OrganizerController {
  constructor(private readonly organizer: OrganizerService) {}

  /** Parses and checks a programme and says what publishing it would do; saves nothing. */
  @Post('preview')
  @HttpCode(200)
  preview(
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
  ): Promise<ProgrammePreview> {
    return this.organizer.preview(toUpload(contentType, body));
  }

  /** Publishes a corrected programme over the event; items keep their identity by part and start. */
  @Put(':slug')
  republish(
    @Param('slug') slug: string,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
  ): Promise<EventView> {
    return this.organizer.republish(slug, toUpload(contentType, body));
  }

  @Get(':slug/settings')
  settings(@Param('slug') slug: string): Promise<OrganizerEventSettings> {
    return this.organizer.settings(slug);
  }

  @Patch(':slug/settings')
  updateSettings(@Param('slug') slug: string, @Body() body: unknown): Promise<OrganizerEventSettings> {
    return this.organizer.updateSettings(slug, body);
  }
}
