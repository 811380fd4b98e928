// Reads the server's clock over the socket (after every connection), so the page knows "now"
// and how fast a rehearsal clock runs even when the HTTP reading failed.
import type { AgendaStore } from '../state/agenda.svelte.js';
import type { LiveConnection } from './connection.js';

const CLOCK_TIMEOUT_MS = 5_000;

export async function syncClock(
  connection: LiveConnection,
  agenda: Pick<AgendaStore, 'deviceTime' | 'observeServerTime'>,
): Promise<void> {
  const sentAt = agenda.deviceTime();
  const ack = await connection.request('clock:sync', {}, { timeoutMs: CLOCK_TIMEOUT_MS });
  if (ack.ok) agenda.observeServerTime(ack.data.serverTime, ack.data.clockRate, sentAt);
}
