import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { Clock, createClock } from './clock.js';

/** A clock a test passes to createApp (e.g. one it moves by hand) instead of the configured one. */
export const CLOCK_OVERRIDE = Symbol('CLOCK_OVERRIDE');

/**
 * Provides the one `Clock` (real or rehearsal, from CLOCK_START / CLOCK_RATE). Global because
 * every module that applies a time rule needs the same clock, and a second instance would
 * start its own rehearsal time line. `AppConfig` must be resolvable here (a global config
 * provider, or import the config module into this one).
 */
@Global()
@Module({
  providers: [
    {
      provide: Clock,
      useFactory: (config: AppConfig, override?: Clock): Clock => override ?? createClock(config),
      inject: [AppConfig, { token: CLOCK_OVERRIDE, optional: true }],
    },
  ],
  exports: [Clock],
})
export class ClockModule {}
