import { describe, expect, it } from 'vitest';
import { camelCased } from './typed-sql.js';

describe('camelCased', () => {
  it('renames every snake_case column and keeps the values as they are', () => {
    const at = new Date('2024-04-01T10:00:00Z');
    const row = {
      id: 'e1',
      pre_moderation: true,
      qa_opens_before_minutes: null,
      stream_delay_seconds: 20,
      at,
    };
    expect(camelCased(row)).toEqual({
      id: 'e1',
      preModeration: true,
      qaOpensBeforeMinutes: null,
      streamDelaySeconds: 20,
      at,
    });
  });
});
