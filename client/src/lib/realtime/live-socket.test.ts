import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ParticipantsApi } from '../api/participants.js';
import { memoryStorage } from '../../../test-support/questions.js';
import { StandInSocket } from '../../../test-support/stand-in-socket.js';
import { LiveSocket, PARTICIPANT_KEY, type LiveSocketIo } from './live-socket.svelte.js';

function setup(stored: Record<string, string> = {}, grant?: string) {
  const storage = memoryStorage(stored);
  let issued = 0;
  const createParticipant = vi.fn(() => {
    issued += 1;
    return Promise.resolve({ token: `token-${issued}`, participant: { id: `p-${issued}` } });
  });
  const api: ParticipantsApi = { createParticipant };
  let socket!: StandInSocket;
  const live = new LiveSocket({
    grant,
    api,
    storage,
    createSocket: (auth) => {
      socket = new StandInSocket(auth);
      return socket as unknown as LiveSocketIo;
    },
  });
  return { live, socket, createParticipant, storage };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('LiveSocket', () => {
  it('asks for a participant token, keeps it, and connects with it', async () => {
    const { live, socket, storage } = setup();
    const connected = vi.fn();
    live.onConnect(connected);
    expect(live.status).toBe('connecting');

    live.start();
    await vi.waitFor(() => expect(socket.attempts).toEqual(['token-1']));
    expect(storage.data.get(PARTICIPANT_KEY)).toBe('token-1');

    socket.accept();
    expect(live.status).toBe('online');
    expect(connected).toHaveBeenCalledTimes(1);
  });

  it('uses the stored token, and replaces it when the server refuses it', async () => {
    vi.useFakeTimers();
    const { live, socket, createParticipant, storage } = setup({ [PARTICIPANT_KEY]: 'forged' });
    live.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(socket.attempts).toEqual(['forged']);
    expect(createParticipant).not.toHaveBeenCalled();

    socket.refuse('auth/bad_participant');
    expect(live.status).toBe('offline');
    expect(storage.data.has(PARTICIPANT_KEY)).toBe(false);

    await vi.advanceTimersByTimeAsync(1_000);
    expect(socket.attempts).toEqual(['forged', 'token-1']);
    expect(storage.data.get(PARTICIPANT_KEY)).toBe('token-1');
    socket.accept();
    expect(live.status).toBe('online');
    live.destroy();
  });

  it('leaves network failures to socket.io’s own reconnection', async () => {
    vi.useFakeTimers();
    const { live, socket } = setup({ [PARTICIPANT_KEY]: 'good' });
    live.start();
    await vi.advanceTimersByTimeAsync(0);
    socket.fire('connect_error', new Error('websocket error')); // socket.active stays true
    await vi.advanceTimersByTimeAsync(60_000);
    expect(socket.attempts).toEqual(['good']);
    expect(live.status).toBe('offline');
    live.destroy();
  });

  it('answers requests with the acknowledgement, or says why there is none', async () => {
    const { live, socket } = setup({ [PARTICIPANT_KEY]: 'good' });
    live.start();
    await vi.waitFor(() => expect(socket.attempts).toHaveLength(1));

    await expect(live.request('clock:sync', {})).resolves.toMatchObject({
      ok: false,
      error: 'client/offline',
    });

    socket.accept();
    socket.answer = (event) =>
      Promise.resolve(
        event === 'clock:sync'
          ? { ok: true, data: { serverTime: '2024-02-22T12:00:00.000Z', clockRate: 1 } }
          : null,
      );
    await expect(live.request('clock:sync', {})).resolves.toEqual({
      ok: true,
      data: { serverTime: '2024-02-22T12:00:00.000Z', clockRate: 1 },
    });

    socket.answer = () => Promise.reject(new Error('operation has timed out'));
    await expect(live.request('clock:sync', {}, { timeoutMs: 5 })).resolves.toMatchObject({
      ok: false,
      error: 'client/timeout',
    });
    live.destroy();
  });

  it('connects a staff page with its link, never as a participant, and stops when the link is refused', async () => {
    vi.useFakeTimers();
    const { live, socket, createParticipant, storage } = setup({ [PARTICIPANT_KEY]: 'viewer' }, 'secret-1');
    live.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(socket.auths).toEqual([{ grant: 'secret-1' }]);
    expect(createParticipant).not.toHaveBeenCalled();

    socket.accept();
    expect(live.status).toBe('online');
    // Revoking the link disconnects the socket; the next handshake is refused for good.
    socket.connected = false;
    socket.fire('disconnect', 'io server disconnect');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(socket.auths).toHaveLength(2);
    socket.refuse('auth/bad_grant');
    expect(live.status).toBe('refused');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(socket.auths).toHaveLength(2);
    expect(storage.data.get(PARTICIPANT_KEY)).toBe('viewer');
    live.destroy();
  });
});
