import { Body, Controller, Delete, Get, Headers, HttpCode, Ip, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type {
  AttendeeView,
  CertificateVerification,
  MyAttendance,
  PublicAttendanceSettings,
} from '../../../../shared/attendance.js';
import { LiveRateLimits } from '../../common/rate-limit/live-rate-limits.js';
import { ParticipantsService } from '../participants/participants.service.js';
import { AttendanceService } from './attendance.service.js';
import { CertificateService } from './certificate.service.js';
import { participantFromHeader } from './participant-auth.js';

/** The attendee's side: register, evaluate, see, download or delete their own record, get the certificate. */
@Controller('events/:slug')
export class AttendanceController {
  constructor(
    private readonly attendance: AttendanceService,
    private readonly certificates: CertificateService,
    private readonly participants: ParticipantsService,
    private readonly limits: LiveRateLimits,
  ) {}

  @Get('attendance')
  settings(@Param('slug') slug: string): Promise<PublicAttendanceSettings> {
    return this.attendance.publicSettings(slug);
  }

  @Post('attendees')
  @HttpCode(201)
  async register(
    @Param('slug') slug: string,
    @Headers('authorization') auth: string | undefined,
    @Ip() address: string,
    @Body() body: unknown,
  ): Promise<AttendeeView> {
    const participantId = participantFromHeader(this.participants, auth);
    await this.limits.check('attendance-register', { participantId, address });
    return this.attendance.register(slug, participantId, body);
  }

  @Get('attendees/me')
  mine(
    @Param('slug') slug: string,
    @Headers('authorization') auth: string | undefined,
  ): Promise<MyAttendance> {
    return this.attendance.mine(slug, participantFromHeader(this.participants, auth));
  }

  @Get('attendees/me/data')
  async data(
    @Param('slug') slug: string,
    @Headers('authorization') auth: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Record<string, unknown>> {
    const data = await this.attendance.myData(slug, participantFromHeader(this.participants, auth));
    response.setHeader('Content-Disposition', 'attachment; filename="my-attendance.json"');
    return data;
  }

  @Delete('attendees/me')
  @HttpCode(204)
  async remove(
    @Param('slug') slug: string,
    @Headers('authorization') auth: string | undefined,
  ): Promise<void> {
    await this.attendance.deleteMine(slug, participantFromHeader(this.participants, auth));
  }

  @Post('attendees/me/evaluation')
  @HttpCode(200)
  evaluate(
    @Param('slug') slug: string,
    @Headers('authorization') auth: string | undefined,
    @Body() body: unknown,
  ): Promise<AttendeeView> {
    return this.attendance.evaluate(slug, participantFromHeader(this.participants, auth), body);
  }

  @Get('attendees/me/certificate.pdf')
  async certificate(
    @Param('slug') slug: string,
    @Headers('authorization') auth: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const origin = `${request.protocol}://${request.get('host') ?? 'localhost'}`;
    const pdf = await this.certificates.pdf(slug, participantFromHeader(this.participants, auth), origin);
    response.setHeader('Content-Type', 'application/pdf');
    response.setHeader('Content-Disposition', 'attachment; filename="certificate.pdf"');
    response.setHeader('Cache-Control', 'no-store');
    response.end(Buffer.from(pdf));
  }
}

/** The public check behind the certificate's QR code: valid or not, and for whom; nothing more. */
@Controller('certificates')
export class CertificatesController {
  constructor(private readonly attendance: AttendanceService) {}

  @Get(':id')
  verify(@Param('id') id: string): Promise<CertificateVerification> {
    return this.attendance.verify(id);
  }
}
