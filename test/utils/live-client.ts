import { io, type Socket } from 'socket.io-client';
import type { EventView } from '../../shared/events-api.js';
import type { ParticipantIssued } from '../../shared/participants.js';
import type { QuestionView } from '../../shared/questions.js';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../shared/realtime.js';

export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A new participant identity from the real HTTP API. */
export async function newParticipant(baseUrl: string): Promise<ParticipantIssued> {
  const response = await fetch(`${baseUrl}/api/participants`, { method: 'POST' });
  if (response.status !== 201) throw new Error(`POST /api/participants answered ${response.status}`);
  return (await response.json()) as ParticipantIssued;
}

/** A connected socket.io client on the live namespace; rejects with the handshake error. */
export function connectLive(
  baseUrl: string,
  auth: { token?: string; grant?: string },
  options: { origin?: string } = {},
): Promise<LiveClient> {
  const socket: LiveClient = io(`${baseUrl}/live`, {
    auth,
    transports: ['websocket'],
    reconnection: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    forceNew: true,
    extraHeaders: options.origin ? { Origin: options.origin } : undefined,
  });
  return new Promise((resolve, reject) => {
    // Only the first connection decides; later errors are reconnection attempts, left to socket.io.
    const refused = (error: Error) => {
      socket.close();
      reject(error);
    };
    socket.once('connect_error', refused);
    socket.once('connect', () => {
      socket.off('connect_error', refused);
      resolve(socket);
    });
  });
}

/** A participant with a connected socket. */
export async function connectViewer(
  baseUrl: string,
): Promise<{ socket: LiveClient; participantId: string; token: string }> {
  const { token, participant } = await newParticipant(baseUrl);
  return { socket: await connectLive(baseUrl, { token }), participantId: participant.id, token };
}

/** Emits and resolves with the acknowledgement (10 s at most). */
export function request<E extends keyof ClientToServerEvents>(
  socket: LiveClient,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]> {
  return (
    socket.timeout(10_000) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> }
  ).emitWithAck(event, payload) as Promise<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]>;
}

/** The data of a successful acknowledgement; fails the test with the server's message otherwise. */
export function dataOf<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`Expected success, got ${ack.error}: ${ack.message}`);
  return ack.data;
}

/** Resolves with the next `event` whose payload satisfies `accept`, or rejects after `timeoutMs`. */
export function waitFor<E extends keyof ServerToClientEvents>(
  socket: LiveClient,
  event: E,
  accept: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`No "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!accept(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}

/**
 * A question as the part's other viewers receive it: folded into the part's batch
 * (`votes:changed` with `questions`), at most one batch interval after the change.
 */
export async function waitForQuestion(
  socket: LiveClient,
  accept: (question: QuestionView) => boolean = () => true,
  timeoutMs = 5000,
): Promise<QuestionView> {
  const batch = await waitFor(socket, 'votes:changed', (b) => (b.questions ?? []).some(accept), timeoutMs);
  return batch.questions!.find(accept)!;
}

/**
 * A question's count as the part's other viewers receive it: in the batch's `counts`, or, when
 * the question was asked or changed in the same interval, on the question itself (`questions`).
 */
export async function waitForCount(
  socket: LiveClient,
  questionId: string,
  votes: number,
  timeoutMs = 5000,
): Promise<void> {
  await waitFor(
    socket,
    'votes:changed',
    (b) =>
      b.counts.some((c) => c.id === questionId && c.votes === votes) ||
      (b.questions ?? []).some((q) => q.id === questionId && q.votes === votes),
    timeoutMs,
  );
}

/** A question leaving the part's other viewers' view: in the part's batch (`votes:changed` with `removed`). */
export async function waitForRemoval(
  socket: LiveClient,
  questionId: string,
  timeoutMs = 5000,
): Promise<{ id: string; version: number }> {
  const batch = await waitFor(
    socket,
    'votes:changed',
    (b) => (b.removed ?? []).some((r) => r.id === questionId),
    timeoutMs,
  );
  return batch.removed!.find((r) => r.id === questionId)!;
}

export async function fetchEvent(baseUrl: string, slug: string): Promise<EventView> {
  return (await (await fetch(`${baseUrl}/api/events/${slug}`)).json()) as EventView;
}

export const SEED_SLUG = 'esor-patient-communication-course';

/** A moderator or speaker link from the organizer API: its secret and id. */
export async function issueGrant(
  baseUrl: string,
  adminToken: string,
  slug: string,
  body: { role: 'moderator' | 'speaker'; speakerName?: string; label?: string },
): Promise<{ id: string; secret: string; link: string }> {
  const response = await fetch(`${baseUrl}/api/events/${slug}/grants`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201)
    throw new Error(`POST grants answered ${response.status}: ${await response.text()}`);
  const issued = (await response.json()) as { grant: { id: string }; secret: string; link: string };
  return { id: issued.grant.id, secret: issued.secret, link: issued.link };
}
