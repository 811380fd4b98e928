import { Injectable } from '@nestjs/common';
import { ATTENDANCE_CSV_COLUMNS } from '../../../../shared/attendance.js';
import { toCsv } from '../moderation/csv.js';
import type { ReportLine } from './attendance-report.js';
import { AttendanceService } from './attendance.service.js';

/** The organizer's exports of attendance, from the same report the certificate uses. */
@Injectable()
export class AttendanceExport {
  constructor(private readonly attendance: AttendanceService) {}

  async lines(slug: string): Promise<ReportLine[]> {
    const report = await this.attendance.report(slug);
    return report.summaries.flatMap((summary) => summary.lines);
  }

  async csv(slug: string): Promise<string> {
    const lines = await this.lines(slug);
    return toCsv(
      ATTENDANCE_CSV_COLUMNS,
      lines.map((line) => [
        line.name,
        line.email,
        line.profession,
        line.licence,
        line.part,
        line.partDate,
        line.talk,
        line.liveSeconds,
        line.share,
        line.counted ? 'yes' : 'no',
        line.promptsShown,
        line.promptsAnswered,
        line.correctionSeconds,
        line.credits,
      ]),
    );
  }
}
