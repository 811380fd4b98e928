// The server's public API as a viewer uses it: HTTP for identity and the programme, socket.io
// `/live` for everything live (see shared/realtime.ts). Shared by the workers and the orchestrator.
import { io } from 'socket.io-client';

export const SEED_SLUG = 'esor-patient-communication-course';

/** Milliseconds on a clock shared by every process on this machine (wall-clock based). */
export function now() {
  return performance.timeOrigin + performance.now();
}

/** A new participant: `{ token, participant: { id } }`. */
export async function newParticipant(baseUrl) {
  const response = await fetch(`${baseUrl}/api/participants`, {
    method: 'POST',
    signal: AbortSignal.timeout(15_000),
  });
  if (response.status !== 201) throw new Error(`POST /api/participants answered ${response.status}`);
  return response.json();
}

/** Part 1 of the seed course and its first Q&A block. */
export async function findTarget(baseUrl) {
  const response = await fetch(`${baseUrl}/api/events/${SEED_SLUG}`, { signal: AbortSignal.timeout(15_000) });
  if (!response.ok) throw new Error(`GET /api/events/${SEED_SLUG} answered ${response.status}`);
  const event = await response.json();
  const part = event.parts?.[0];
  const block = part?.items.find((item) => item.kind === 'qa');
  if (!block) throw new Error(`The event ${SEED_SLUG} has no Q&A block in its first part`);
  return { partId: part.id, blockId: block.id, blockTitle: block.title };
}

/** A connected socket on `/live`; rejects with the handshake error. No reconnection: a drop is counted. */
export function connectLive(baseUrl, token, timeoutMs = 15_000) {
  const socket = io(`${baseUrl}/live`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: timeoutMs,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/**
 * Emits with an acknowledgement. Resolves with the ack, or `{ ok: false, error: 'timeout' }`
 * after `timeoutMs`, never rejects.
 */
export function request(socket, event, payload, timeoutMs) {
  return new Promise((resolve) => {
    socket.timeout(timeoutMs).emit(event, payload, (error, ack) => {
      resolve(error ? { ok: false, error: 'timeout', message: String(error.message ?? error) } : ack);
    });
  });
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` at once; resolves when all settled. */
export async function pooled(count, concurrency, task) {
  let next = 0;
  const runners = Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) await task(next++);
  });
  await Promise.all(runners);
}
