import { Injectable } from '@nestjs/common';
import { AttendanceService } from './attendance.service.js';
import { renderCertificate } from './certificate-pdf.js';

/** Issues (once) and renders the attendee's certificate. */
@Injectable()
export class CertificateService {
  constructor(private readonly attendance: AttendanceService) {}

  async pdf(slug: string, participantId: string, origin: string): Promise<Uint8Array> {
    const issued = await this.attendance.certificate(slug, participantId);
    const { event, settings } = issued.report;
    const dates = [...new Set(event.parts.map((p) => p.date))].sort();
    return renderCertificate({
      id: issued.id,
      name: issued.name,
      eventTitle: event.title,
      dates: dates.length > 1 ? `${dates[0]} to ${dates.at(-1)}` : (dates[0] ?? ''),
      parts: issued.summary.byPart.map((p) => ({ part: p.part, date: p.date, credits: p.credits })),
      totalCredits: issued.credits,
      accreditationStatement: settings.accreditationStatement,
      verifyUrl: `${origin}/verify/${issued.id}`,
      issuedAt: issued.issuedAt,
    });
  }
}
