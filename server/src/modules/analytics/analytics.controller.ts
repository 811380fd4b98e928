import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import type { EventAnalytics } from '../../../../shared/analytics.js';
import { AdminGuard } from '../../common/guards/admin.guard.js';
import { AnalyticsService } from './analytics.service.js';

/** GET /api/events/:slug/analytics: the organizer's figures (organizer token or console session). */
@Controller('events/:slug/analytics')
@UseGuards(AdminGuard)
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get()
  get(@Param('slug') slug: string): Promise<EventAnalytics> {
    return this.analytics.of(slug);
  }
}
