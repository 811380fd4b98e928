import { Injectable } from '@nestjs/common';
import { AttendanceService } from './attendance.service.js';

/**
 * The PDF renderer loads on the first certificate, not at start: pdf-lib, fontkit and qrcode
 * take about 35 MB of resident memory, and most servers issue certificates once, after the course.
 */
const certificatePdf = () => import('./certificate-pdf.js');

/** Issues (once) and renders the attendee's certificate. */
@Injectable()
export class CertificateService {
  constructor(private readonly attendance: AttendanceService) {}

  async pdf(slug: string, participantId: string, origin: string): Promise<Uint8Array> {
    const issued = await this.attendance.certificate(slug, participantId);
    const { event, settings } = issued.report;
    const dates = [...new Set(event.parts.map((p) => p.date))].sort();
    const { renderCertificate } = await certificatePdf();
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
