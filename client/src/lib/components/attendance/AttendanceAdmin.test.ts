import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ATTENDANCE_RULE,
  type AttendanceLive,
  type AttendanceSettings,
  type CorrectionRequest,
} from '../../../../../shared/attendance.js';
import type { AttendanceAdminApi } from '../../api/attendance.js';
import AttendanceAdmin from './AttendanceAdmin.svelte';

const live: AttendanceLive = {
  registered: 3,
  watchingNow: 2,
  items: [
    { itemId: 't1', partId: 'p1', title: 'Liver MRI', start: '', end: '', meanShare: 0.5, counted: 2 },
    { itemId: 't2', partId: 'p1', title: 'Pancreas CT', start: '', end: '', meanShare: 0.25, counted: 1 },
  ],
};

/** The organizer's HTTP calls, answered as the server would and recorded. */
function adminApi() {
  let stored: AttendanceSettings = {
    enabled: true,
    consentText: 'I agree.',
    accreditationStatement: 'Accredited.',
    rule: { ...DEFAULT_ATTENDANCE_RULE },
    evaluation: [],
  };
  const saved: Partial<AttendanceSettings>[] = [];
  const corrections: CorrectionRequest[] = [];
  const api: AttendanceAdminApi = {
    settings: () => Promise.resolve(structuredClone(stored)),
    saveSettings: (_slug, settings) => {
      saved.push(settings);
      stored = { ...stored, ...settings };
      return Promise.resolve(structuredClone(stored));
    },
    live: () => Promise.resolve(live),
    correct: (_slug, correction) => {
      corrections.push(correction);
      return Promise.resolve(null);
    },
    download: () => Promise.resolve(new Blob()),
  };
  return { api, saved, corrections };
}

describe('AttendanceAdmin', () => {
  it('saves the texts, the rule’s numbers and its rounding as typed', async () => {
    const { api, saved } = adminApi();
    render(AttendanceAdmin, { slug: 'course', api });

    const statement = await screen.findByLabelText('Accreditation statement on the certificate');
    await fireEvent.input(statement, { target: { value: '4 CME credits.' } });
    await fireEvent.input(screen.getByLabelText('Minimum share of a talk to count it (%)'), {
      target: { value: '80' },
    });
    await fireEvent.input(screen.getByLabelText('Credits per 30 minutes'), { target: { value: '0.75' } });
    await fireEvent.input(screen.getByLabelText('Presence checks per hour (0 for none)'), {
      target: { value: '2' },
    });
    await fireEvent.change(screen.getByLabelText('Rounding of a day’s credits'), {
      target: { value: 'nearest-0.5' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Save attendance settings' }));

    await screen.findByText('Attendance settings saved.');
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      consentText: 'I agree.',
      accreditationStatement: '4 CME credits.',
      rule: { minShare: 0.8, creditsPer30Minutes: 0.75, promptsPerHour: 2, rounding: 'nearest-0.5' },
    });
    expect(screen.getByLabelText<HTMLInputElement>('Most credits per day').step).toBe('0.5');
  });

  it('records a correction for the talk chosen, in seconds', async () => {
    const { api, corrections } = adminApi();
    render(AttendanceAdmin, { slug: 'course', api });

    await screen.findByRole('option', { name: 'Pancreas CT' });
    await fireEvent.input(screen.getByLabelText('Attendee ID'), { target: { value: 'a-1' } });
    await fireEvent.change(screen.getByLabelText('Talk'), { target: { value: 't2' } });
    await fireEvent.input(screen.getByLabelText('Seconds to add (negative to remove)'), {
      target: { value: '-120' },
    });
    await fireEvent.input(screen.getByLabelText('Reason (kept in the audit log)'), {
      target: { value: 'Left early' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Record correction' }));

    await waitFor(() =>
      expect(corrections).toEqual([{ attendeeId: 'a-1', itemId: 't2', seconds: -120, reason: 'Left early' }]),
    );
    expect(await screen.findByText('Correction recorded.')).toBeTruthy();
  });
});
