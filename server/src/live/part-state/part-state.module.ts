import { Module } from '@nestjs/common';
import { PartLiveState } from './part-live-state.js';
import { PartSettingsRepository } from './part-settings.repository.js';

/** A part's live state (settings, block overrides, block states) and the only SQL on it. */
@Module({
  providers: [PartSettingsRepository, PartLiveState],
  exports: [PartLiveState],
})
export class PartStateModule {}
