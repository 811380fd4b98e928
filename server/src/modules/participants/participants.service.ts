import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { ParticipantIssued } from '../../../../shared/participants.js';
import { signParticipantToken, verifyParticipantToken } from './participant-token.js';
import { ParticipantsRepository } from './participants.repository.js';

@Injectable()
export class ParticipantsService implements OnModuleInit {
  private secret = '';

  constructor(private readonly participants: ParticipantsRepository) {}

  async onModuleInit(): Promise<void> {
    this.secret = await this.participants.tokenSecret();
  }

  async issue(): Promise<ParticipantIssued> {
    const id = randomUUID();
    await this.participants.create(id);
    return { token: signParticipantToken(id, this.secret), participant: { id } };
  }

  /** The participant id behind a handshake token, or null. */
  verify(token: unknown): string | null {
    return verifyParticipantToken(token, this.secret);
  }
}
