import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  AttendeeView,
  MyAttendance,
  PublicAttendanceSettings,
  RegistrationRequest,
} from '../../../../shared/attendance.js';
import { DEFAULT_EVALUATION } from '../../../../shared/attendance.js';
import type { AttendanceApi } from '../api/attendance.js';
import { ApiError } from '../api/http.js';
import AttendancePanel from '../components/attendance/AttendancePanel.svelte';
import { FakeLiveSocket, ok } from '../../../test-support/fake-socket.svelte.js';
import { AttendanceStore, type StreamClock } from './attendance.svelte.js';

afterEach(() => {
  vi.useRealTimers();
});

const SETTINGS: PublicAttendanceSettings = {
  enabled: true,
  consentText: 'I agree to the recording of my attendance.',
  evaluation: DEFAULT_EVALUATION,
  promptConfirmSeconds: 90,
  beatIntervalSeconds: 30,
};

const ATTENDEE: AttendeeView = {
  id: 'a1',
  name: 'Dr Ada',
  email: 'ada@example.org',
  profession: null,
  licence: null,
  registeredAt: '2024-03-01T12:00:00.000Z',
  evaluated: false,
};

const MINE: MyAttendance = {
  attendee: ATTENDEE,
  items: [],
  totalCredits: 0,
  certificate: null,
  certificateBlockedBy: 'Fill in the evaluation form to receive your certificate.',
};

/** An API that starts unregistered and registers on request. */
function fakeApi(settings: PublicAttendanceSettings = SETTINGS) {
  let registered = false;
  const calls: RegistrationRequest[] = [];
  const api: AttendanceApi = {
    settings: () => Promise.resolve(settings),
    register: (_slug, _token, request) => {
      calls.push(request);
      registered = true;
      return Promise.resolve(ATTENDEE);
    },
    mine: () =>
      registered
        ? Promise.resolve(MINE)
        : Promise.reject(new ApiError('attendance/not_registered', 404, 'Not registered.')),
    evaluate: () => Promise.resolve({ ...ATTENDEE, evaluated: true }),
    certificate: () => Promise.resolve(new Blob(['%PDF-'])),
    myData: () => Promise.resolve(new Blob(['{}'])),
    deleteMine: () => {
      registered = false;
      return Promise.resolve();
    },
    verify: () => Promise.reject(new Error('unused')),
  };
  return { api, calls };
}

function stream(playing: boolean, at: string | null): StreamClock {
  return { playing, viewerNow: () => (at === null ? null : new Date(at)) };
}

function makeStore(options: { api?: AttendanceApi; clock?: StreamClock; socket?: FakeLiveSocket } = {}) {
  const socket = options.socket ?? new FakeLiveSocket();
  const store = new AttendanceStore('course', {
    connection: socket,
    api: options.api ?? fakeApi().api,
    stream: options.clock ?? stream(true, '2024-03-01T13:00:00.000Z'),
    partId: () => 'p1',
    token: () => 'p1.token',
    visible: () => true,
  });
  return { store, socket };
}

describe('AttendanceStore', () => {
  it('stays off and silent when the event does not record attendance', async () => {
    const { store, socket } = makeStore({ api: fakeApi({ ...SETTINGS, enabled: false }).api });
    await store.load();
    expect(store.enabled).toBe(false);
    await store.beat();
    expect(socket.sent('attendance:beat')).toEqual([]);
  });

  it('sends no beats before registering, then beats with what the player shows', async () => {
    const { store, socket } = makeStore({ clock: stream(true, '2024-03-01T13:05:00.000Z') });
    socket.respond('attendance:beat', () => ok({ liveSeconds: 30, prompt: null }));
    await store.load();
    await store.beat();
    expect(socket.sent('attendance:beat')).toEqual([]);

    expect(await store.register({ name: 'Dr Ada', email: 'ada@example.org', consent: true })).toBe(true);
    await vi.waitFor(() => expect(store.liveSeconds).toBe(30));
    expect(socket.sent('attendance:beat')).toEqual([
      { partId: 'p1', playing: true, visible: true, streamTime: '2024-03-01T13:05:00.000Z' },
    ]);
  });

  it('sends an unknown stream time as null and a paused player as not playing', async () => {
    const { store, socket } = makeStore({ clock: stream(false, null) });
    socket.respond('attendance:beat', () => ok({ liveSeconds: 0, prompt: null }));
    await store.load();
    await store.register({ name: 'Dr Ada', email: 'ada@example.org', consent: true });
    await vi.waitFor(() => expect(socket.sent('attendance:beat')).toHaveLength(1));
    expect(socket.sent('attendance:beat')[0]).toMatchObject({ playing: false, streamTime: null });
  });

  it('refuses to register without consent, without asking the server', async () => {
    const { api, calls } = fakeApi();
    const { store } = makeStore({ api });
    await store.load();
    expect(await store.register({ name: 'Dr Ada', email: 'ada@example.org', consent: false })).toBe(false);
    expect(calls).toEqual([]);
    expect(store.error).toMatch(/I agree/);
  });

  it('shows a prompt from a beat, confirms it, and drops an unanswered one after 90 s', async () => {
    vi.useFakeTimers();
    const { store, socket } = makeStore();
    const prompt = { id: '6f1c0c8e-0000-4000-8000-000000000001', expiresAt: '2024-03-01T13:06:30.000Z' };
    socket
      .respond('attendance:beat', () => ok({ liveSeconds: 60, prompt }))
      .respond('attendance:confirm', () => ok({ answered: true as const }));
    await store.load();
    await store.register({ name: 'Dr Ada', email: 'ada@example.org', consent: true });
    await vi.waitFor(() => expect(store.prompt).toEqual(prompt));
    await store.confirmPrompt();
    expect(socket.sent('attendance:confirm')).toEqual([{ promptId: prompt.id }]);
    expect(store.prompt).toBeNull();
    expect(store.notice).toMatch(/confirmed/);

    const second = { ...prompt, id: '6f1c0c8e-0000-4000-8000-000000000002' };
    socket.respond('attendance:beat', () => ok({ liveSeconds: 90, prompt: second }));
    await store.beat();
    expect(store.prompt).toEqual(second);
    vi.advanceTimersByTime(90_000);
    expect(store.prompt).toBeNull();
    expect(store.notice).toMatch(/not confirmed/);
  });

  it('beats every 30 s once started', async () => {
    vi.useFakeTimers();
    const { store, socket } = makeStore();
    socket.respond('attendance:beat', () => ok({ liveSeconds: 0, prompt: null }));
    await store.load();
    await store.register({ name: 'Dr Ada', email: 'ada@example.org', consent: true });
    const stop = store.start();
    await vi.advanceTimersByTimeAsync(90_000);
    stop();
    // One right after registering, then three from the timer.
    expect(socket.sent('attendance:beat')).toHaveLength(4);
  });
});

describe('AttendancePanel', () => {
  it('registers with the form and then offers the evaluation', async () => {
    const { api, calls } = fakeApi();
    const { store, socket } = makeStore({ api });
    socket.respond('attendance:beat', () => ok({ liveSeconds: 0, prompt: null }));
    await store.load();
    render(AttendancePanel, { store });
    expect(screen.getByText(SETTINGS.consentText)).toBeTruthy();
    await fireEvent.input(screen.getByLabelText('Full name (as on the certificate)'), {
      target: { value: 'Dr Ada' },
    });
    await fireEvent.input(screen.getByLabelText('Email'), { target: { value: 'ada@example.org' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Register for credits' }));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', expect.stringMatching(/I agree/));
    await fireEvent.click(screen.getByRole('checkbox', { name: 'I agree' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Register for credits' }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toMatchObject({ name: 'Dr Ada', email: 'ada@example.org', consent: true });
    expect(await screen.findByRole('heading', { name: 'Evaluation' })).toBeTruthy();
    expect(screen.getByText(/No certificate yet/)).toBeTruthy();
  });
});
