import { formatTime } from '../../format/time.js';
import { locale, t } from '../../i18n/index.js';
import type { QaBlock } from '../../state/questions.svelte.js';

/** "14:30–15:00 Q&A Session": blocks share their title, so the times tell them apart. */
export function blockName(block: QaBlock, zone: string): string {
  return t('qa.blockOption', {
    title: block.title,
    start: formatTime(block.start, zone, locale()),
    end: formatTime(block.end, zone, locale()),
  });
}
