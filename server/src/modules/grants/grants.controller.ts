import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import type { GrantIssued, GrantView } from '../../../../shared/moderation.js';
import { AdminGuard } from '../../common/guards/admin.guard.js';
import { GrantsService } from './grants.service.js';

/** The organizer hands out and withdraws moderator and speaker links. */
@Controller('events/:slug/grants')
@UseGuards(AdminGuard)
export class GrantsController {
  constructor(private readonly grants: GrantsService) {}

  @Post()
  @HttpCode(201)
  create(@Param('slug') slug: string, @Body() body: unknown): Promise<GrantIssued> {
    return this.grants.create(slug, body);
  }

  @Get()
  list(@Param('slug') slug: string): Promise<GrantView[]> {
    return this.grants.list(slug);
  }

  @Delete(':id')
  revoke(@Param('slug') slug: string, @Param('id') id: string): Promise<GrantView> {
    return this.grants.revoke(slug, id);
  }
}
