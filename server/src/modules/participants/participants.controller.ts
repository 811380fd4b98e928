import { Controller, HttpCode, Ip, Post } from '@nestjs/common';
import type { ParticipantIssued } from '../../../../shared/participants.js';
import { LiveRateLimits } from '../../common/rate-limit/live-rate-limits.js';
import { ParticipantsService } from './participants.service.js';

@Controller('participants')
export class ParticipantsController {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly limits: LiveRateLimits,
  ) {}

  /** A new anonymous identity for a viewer. */
  @Post()
  @HttpCode(201)
  async issue(@Ip() address: string): Promise<ParticipantIssued> {
    await this.limits.check('participant', { address });
    return this.participants.issue();
  }
}
