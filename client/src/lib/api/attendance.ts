// CME attendance over HTTP. The attendee's calls carry the participant token as Bearer; the
// organizer's carry the admin token when the page has one, else the console's session cookie.
import type {
  AttendanceLive,
  AttendanceSettings,
  AttendeeView,
  CertificateVerification,
  CorrectionRequest,
  MyAttendance,
  PublicAttendanceSettings,
  RegistrationRequest,
} from '../../../../shared/attendance.js';
import { fetchOrThrow, jsonOf, type Fetch } from './http.js';

const base = (slug: string) => `/api/events/${encodeURIComponent(slug)}`;

async function call(
  fetchImpl: Fetch,
  path: string,
  init: RequestInit & { token?: string | null },
): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  return fetchOrThrow(fetchImpl, path, { ...init, headers, credentials: 'same-origin' });
}

async function json<T>(
  fetchImpl: Fetch,
  path: string,
  init: RequestInit & { token?: string | null },
): Promise<T> {
  return jsonOf<T>(await call(fetchImpl, path, init));
}

export interface AttendanceApi {
  settings(slug: string): Promise<PublicAttendanceSettings>;
  register(slug: string, token: string, request: RegistrationRequest): Promise<AttendeeView>;
  mine(slug: string, token: string): Promise<MyAttendance>;
  evaluate(
    slug: string,
    token: string,
    answers: Record<string, string | number | boolean>,
  ): Promise<AttendeeView>;
  certificate(slug: string, token: string): Promise<Blob>;
  myData(slug: string, token: string): Promise<Blob>;
  deleteMine(slug: string, token: string): Promise<void>;
  verify(id: string): Promise<CertificateVerification>;
}

export function createAttendanceApi(fetchImpl: Fetch = (...args) => fetch(...args)): AttendanceApi {
  return {
    settings: (slug) => json(fetchImpl, `${base(slug)}/attendance`, {}),
    register: (slug, token, request) =>
      json(fetchImpl, `${base(slug)}/attendees`, { method: 'POST', token, body: JSON.stringify(request) }),
    mine: (slug, token) => json(fetchImpl, `${base(slug)}/attendees/me`, { token }),
    evaluate: (slug, token, answers) =>
      json(fetchImpl, `${base(slug)}/attendees/me/evaluation`, {
        method: 'POST',
        token,
        body: JSON.stringify({ answers }),
      }),
    certificate: async (slug, token) =>
      (await call(fetchImpl, `${base(slug)}/attendees/me/certificate.pdf`, { token })).blob(),
    myData: async (slug, token) =>
      (await call(fetchImpl, `${base(slug)}/attendees/me/data`, { token })).blob(),
    deleteMine: async (slug, token) => {
      await call(fetchImpl, `${base(slug)}/attendees/me`, { method: 'DELETE', token });
    },
    verify: (id) => json(fetchImpl, `/api/certificates/${encodeURIComponent(id)}`, {}),
  };
}

export const attendanceApi: AttendanceApi = createAttendanceApi();

/** The organizer's calls; `token` is the admin token, or null to rely on the console's cookie. */
export interface AttendanceAdminApi {
  settings(slug: string): Promise<AttendanceSettings>;
  saveSettings(slug: string, settings: Partial<AttendanceSettings>): Promise<AttendanceSettings>;
  live(slug: string): Promise<AttendanceLive>;
  correct(slug: string, correction: CorrectionRequest): Promise<unknown>;
  download(slug: string, what: 'csv' | 'jsonl'): Promise<Blob>;
}

export function createAttendanceAdminApi(
  token: string | null,
  fetchImpl: Fetch = (...args) => fetch(...args),
): AttendanceAdminApi {
  return {
    settings: (slug) => json(fetchImpl, `${base(slug)}/attendance/settings`, { token }),
    saveSettings: (slug, settings) =>
      json(fetchImpl, `${base(slug)}/attendance/settings`, {
        method: 'PUT',
        token,
        body: JSON.stringify(settings),
      }),
    live: (slug) => json(fetchImpl, `${base(slug)}/attendance/live`, { token }),
    correct: (slug, correction) =>
      json(fetchImpl, `${base(slug)}/attendance/corrections`, {
        method: 'POST',
        token,
        body: JSON.stringify(correction),
      }),
    download: async (slug, what) =>
      (
        await call(
          fetchImpl,
          what === 'csv' ? `${base(slug)}/attendance.csv` : `${base(slug)}/attendance/beats.jsonl`,
          { token },
        )
      ).blob(),
  };
}
