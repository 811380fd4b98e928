import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { OrganizerSessionState } from '../../../../shared/organizer.js';
import { OrganizerSessionService } from './organizer-session.service.js';

/** The console's sign-in: trades the organizer token for an HttpOnly session cookie. */
@Controller('organizer/session')
export class OrganizerSessionController {
  constructor(private readonly sessions: OrganizerSessionService) {}

  @Post()
  @HttpCode(200)
  signIn(
    @Body() body: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): OrganizerSessionState {
    const cookie = this.sessions.signIn(body, request.ip ?? 'unknown', request.secure);
    response.setHeader('Set-Cookie', cookie);
    return { signedIn: true };
  }

  @Get()
  state(@Req() request: Request): OrganizerSessionState {
    return { signedIn: this.sessions.isSignedIn(request.headers.cookie) };
  }

  @Delete()
  @HttpCode(200)
  signOut(@Req() request: Request, @Res({ passthrough: true }) response: Response): OrganizerSessionState {
    response.setHeader('Set-Cookie', this.sessions.signOutCookie(request.secure));
    return { signedIn: false };
  }
}
