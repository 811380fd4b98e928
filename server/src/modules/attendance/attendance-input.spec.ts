import { describe, expect, it } from 'vitest';
import { DEFAULT_ATTENDANCE_RULE, DEFAULT_EVALUATION } from '../../../../shared/attendance.js';
import { DomainError } from '../../common/domain-error.js';
import { readAnswers, readCorrection, readRegistration, readRule } from './attendance-input.js';

const invalid = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'other';
  }
  return 'accepted';
};

describe('attendance input', () => {
  it('cleans a registration: NFC, no controls or bidi overrides, lower-case email', () => {
    expect(
      readRegistration({
        name: ' Dr  Lucie\u202E\u0000 Mu\u0308ller ',
        email: 'Lucie@Example.ORG',
        consent: true,
        profession: '',
      }),
    ).toEqual({ name: 'Dr Lucie Müller', email: 'lucie@example.org', profession: null, licence: null });
  });

  it.each([
    ['no consent', { name: 'A', email: 'a@b.org' }],
    ['consent "true" as text', { name: 'A', email: 'a@b.org', consent: 'true' }],
    ['no name', { email: 'a@b.org', consent: true }],
    ['a name of controls only', { name: '\u0007\u202E', email: 'a@b.org', consent: true }],
    ['a bad email', { name: 'A', email: 'a@b', consent: true }],
    ['an 81-character name', { name: 'é'.repeat(81), email: 'a@b.org', consent: true }],
    ['a list', []],
  ])('refuses %s', (_label, body) => {
    expect(invalid(() => readRegistration(body))).toBe('request/invalid');
  });

  it('counts the name limit in code points', () => {
    expect(readRegistration({ name: '😀'.repeat(80), email: 'a@b.org', consent: true }).name).toHaveLength(
      160,
    );
  });

  it('merges a partial rule over the current one and bounds every field', () => {
    expect(readRule({ minShare: 0.5 })).toEqual({ ...DEFAULT_ATTENDANCE_RULE, minShare: 0.5 });
    for (const bad of [
      { minShare: 1.5 },
      { creditsPer30Minutes: -1 },
      { rounding: 'up' },
      { promptsPerHour: 2.5 },
      { maxLagSeconds: 5 },
      { wholeCourseRequired: 'yes' },
    ]) {
      expect(invalid(() => readRule(bad))).toBe('request/invalid');
    }
  });

  it('reads evaluation answers by kind and refuses unknown or missing ones', () => {
    const full = { overall: 5, relevance: 3, bias: false, comments: 'Good\nline two' };
    expect(readAnswers({ answers: full }, DEFAULT_EVALUATION)).toEqual(full);
    expect(invalid(() => readAnswers({ answers: { ...full, overall: 6 } }, DEFAULT_EVALUATION))).toBe(
      'request/invalid',
    );
    expect(invalid(() => readAnswers({ answers: { ...full, bias: 'no' } }, DEFAULT_EVALUATION))).toBe(
      'request/invalid',
    );
    expect(invalid(() => readAnswers({ answers: { relevance: 3, bias: true } }, DEFAULT_EVALUATION))).toBe(
      'request/invalid',
    );
    expect(invalid(() => readAnswers({ answers: { ...full, extra: 1 } }, DEFAULT_EVALUATION))).toBe(
      'request/invalid',
    );
  });

  it('needs a reason and a bounded, non-zero number of seconds for a correction', () => {
    const good = {
      attendeeId: '6F1C0C8E-0000-4000-8000-000000000001',
      itemId: '6f1c0c8e-0000-4000-8000-000000000002',
      seconds: -120,
      reason: 'Outage',
    };
    expect(readCorrection(good)).toMatchObject({ attendeeId: good.attendeeId.toLowerCase(), seconds: -120 });
    for (const bad of [
      { reason: ' ' },
      { seconds: 0 },
      { seconds: 1.5 },
      { seconds: 86_401 },
      { itemId: 'x' },
    ]) {
      expect(invalid(() => readCorrection({ ...good, ...bad }))).toBe('request/invalid');
    }
  });
});
