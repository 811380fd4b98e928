import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import type { AttendanceLive, AttendanceSettings } from '../../../../shared/attendance.js';
import { AdminGuard } from '../../common/guards/admin.guard.js';
import type { ReportLine } from './attendance-report.js';
import type { CorrectionRow } from './attendance.repository.js';
import { AttendanceService } from './attendance.service.js';
import { AttendanceExport } from './attendance-export.js';

/** The organizer's side of attendance: settings, exports, the live view and corrections. */
@Controller('events/:slug/attendance')
@UseGuards(AdminGuard)
export class AttendanceAdminController {
  constructor(
    private readonly attendance: AttendanceService,
    private readonly exports: AttendanceExport,
  ) {}

  @Get('settings')
  settings(@Param('slug') slug: string): Promise<AttendanceSettings> {
    return this.attendance.settings(slug);
  }

  @Put('settings')
  update(@Param('slug') slug: string, @Body() body: unknown): Promise<AttendanceSettings> {
    return this.attendance.updateSettings(slug, body);
  }

  @Get('live')
  live(@Param('slug') slug: string): Promise<AttendanceLive> {
    return this.attendance.live(slug);
  }

  @Get('lines')
  lines(@Param('slug') slug: string): Promise<ReportLine[]> {
    return this.exports.lines(slug);
  }

  @Get('beats.jsonl')
  @Header('Content-Type', 'application/x-ndjson; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="attendance-beats.jsonl"')
  beats(@Param('slug') slug: string): Promise<string> {
    return this.attendance.beatLog(slug);
  }

  @Get('corrections')
  corrections(@Param('slug') slug: string): Promise<CorrectionRow[]> {
    return this.attendance.corrections(slug);
  }

  @Post('corrections')
  @HttpCode(201)
  correct(@Param('slug') slug: string, @Body() body: unknown): Promise<CorrectionRow> {
    return this.attendance.correct(slug, body, 'organizer');
  }
}

/** `GET /api/events/:slug/attendance.csv`: one row per attendee per talk or Q&A block. */
@Controller('events/:slug')
@UseGuards(AdminGuard)
export class AttendanceCsvController {
  constructor(private readonly exports: AttendanceExport) {}

  @Get('attendance.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="attendance.csv"')
  csv(@Param('slug') slug: string): Promise<string> {
    return this.exports.csv(slug);
  }
}

/** `POST /api/attendance/purge`: removes records older than ATTENDANCE_RETENTION_YEARS. */
@Controller('attendance')
@UseGuards(AdminGuard)
export class AttendancePurgeController {
  constructor(private readonly attendance: AttendanceService) {}

  @Post('purge')
  @HttpCode(200)
  purge(): Promise<{ purgedAttendees: number; before: string }> {
    return this.attendance.purge();
  }
}
