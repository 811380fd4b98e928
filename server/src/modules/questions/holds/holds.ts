import type { FlaggedSpan, HoldFlag } from '../../../../../shared/moderation.js';
import { findPatientData } from '../../../../../shared/patient-data.js';
import { findProfanity } from './profanity.js';

/** Which holds an event has on (both by default; the organizer can switch each off). */
export interface HoldSwitches {
  patientData: boolean;
  profanity: boolean;
}

/**
 * What a question's text would be held for, with the spans to mark for moderators. An empty list:
 * nothing to hold. The same text always gives the same spans, so a moderator's edit can be checked
 * again the same way.
 */
export function flaggedSpans(body: string, switches: HoldSwitches): FlaggedSpan[] {
  const spans: FlaggedSpan[] = [];
  if (switches.patientData) {
    for (const m of findPatientData(body)) spans.push({ flag: 'patient_data', start: m.start, end: m.end });
  }
  if (switches.profanity) {
    for (const m of findProfanity(body)) spans.push({ flag: 'profanity', start: m.start, end: m.end });
  }
  return spans.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The distinct flags of some spans, in a fixed order. */
export function flagsOf(spans: readonly FlaggedSpan[]): HoldFlag[] {
  return (['patient_data', 'profanity'] as const).filter((flag) => spans.some((s) => s.flag === flag));
}
