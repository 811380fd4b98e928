import { describe, expect, it } from 'vitest';
import { initialStatus } from './hold.js';

const bothHolds = { patientData: true, profanity: true };

describe('initialStatus (the hold rule)', () => {
  it('makes a clean question public at once without pre-moderation', () => {
    expect(
      initialStatus('Which sequence shows the lesion best?', { preModeration: false, holds: bothHolds }),
    ).toEqual({ status: 'visible', flaggedSpans: [] });
  });

  it('holds a question with a likely identifier, with the span to mark, pre-moderation or not', () => {
    const held = initialStatus('Patient born 12.03.1961, what now?', {
      preModeration: false,
      holds: bothHolds,
    });
    expect(held.status).toBe('pending');
    expect(held.flaggedSpans.map((span) => span.flag)).toEqual(['patient_data']);
  });

  it('lets it through when that hold is switched off, and holds everything under pre-moderation', () => {
    const body = 'Patient born 12.03.1961, what now?';
    expect(
      initialStatus(body, { preModeration: false, holds: { patientData: false, profanity: true } }),
    ).toEqual({
      status: 'visible',
      flaggedSpans: [],
    });
    expect(initialStatus('A clean question', { preModeration: true, holds: bothHolds }).status).toBe(
      'pending',
    );
  });
});
