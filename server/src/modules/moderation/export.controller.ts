import { Controller, Get, Header, Param, Query, UseGuards } from '@nestjs/common';
import { isUuid } from '../../../../shared/contracts/fields.js';
import { DomainError } from '../../common/domain-error.js';
import { ExportService, type ExportRecord } from './export.service.js';
import { OrganizerOrModeratorGuard } from './organizer-or-moderator.guard.js';

/** The questions of an event for organizers and moderators: `?block=<id>` for one block. */
@Controller('events/:slug')
@UseGuards(OrganizerOrModeratorGuard)
export class ExportController {
  constructor(private readonly exports: ExportService) {}

  @Get('questions.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="questions.csv"')
  csv(@Param('slug') slug: string, @Query('block') block?: string): Promise<string> {
    return this.exports.csv(slug, blockParam(block));
  }

  @Get('questions.json')
  json(@Param('slug') slug: string, @Query('block') block?: string): Promise<ExportRecord[]> {
    return this.exports.records(slug, blockParam(block));
  }
}

function blockParam(block: string | undefined): string | null {
  if (block === undefined || block === '') return null;
  if (!isUuid(block)) throw new DomainError('request/invalid', '"block" must be the id of a Q&A block.');
  return block;
}
