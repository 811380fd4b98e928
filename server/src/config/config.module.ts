import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Clock } from '../modules/clock/clock.js';
import { CLOCK_OVERRIDE } from '../modules/clock/clock.module.js';
import { AppConfig } from './app-config.js';

/** Makes the one validated AppConfig (and a test's clock, when given) injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    const clockOverride = clock ? [{ provide: CLOCK_OVERRIDE, useValue: clock }] : [];
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfig, useValue: config }, ...clockOverride],
      exports: [AppConfig, ...(clock ? [CLOCK_OVERRIDE] : [])],
    };
  }
}
