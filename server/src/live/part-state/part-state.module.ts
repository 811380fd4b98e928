import { Module } from '@nestjs/common';
import { LabelRepository } from '../../modules/labels/label.repository.js';
import { PartLiveState } from './part-live-state.js';
import { PartSettingsRepository } from './part-settings.repository.js';

/**
 * A part's live state (settings, block overrides, block states, the event's labels) and the only
 * SQL on settings and overrides. The label repository is provided here because the state caches
 * the label list; the labels and questions modules use it through this module.
 */
@Module({
  providers: [PartSettingsRepository, LabelRepository, PartLiveState],
  exports: [PartLiveState, LabelRepository],
})
export class PartStateModule {}
