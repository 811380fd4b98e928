import { Module } from '@nestjs/common';
import { LivePublisher } from './live-publisher.js';

/** The one publisher every domain module sends through. */
@Module({ providers: [LivePublisher], exports: [LivePublisher] })
export class RealtimeModule {}
