export const MAX_PROGRAMME_BYTES = 256 * 1024;
export const MAX_PARTS_PER_EVENT = 20;
export const MAX_ITEMS_PER_PART = 100;
export const MAX_TITLE_LENGTH = 300;
export const MAX_SLUG_LENGTH = 80;
export const DEFAULT_TIMEZONE = 'Europe/Vienna';
// Programme fields beyond titles, checked by programme-validator.ts for text and JSON alike.
export const MAX_TEXT_LENGTH = 20_000;
export const MAX_OBJECTIVES_PER_PART = 50;
export const MAX_OBJECTIVE_LENGTH = 1_000;
export const MAX_SPEAKERS_PER_ITEM = 20;
export const MAX_SPEAKER_FIELD_LENGTH = 200;
export const MAX_URL_LENGTH = 2_048;
