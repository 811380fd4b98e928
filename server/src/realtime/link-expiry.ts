import type { LiveSocket } from './live-socket.js';

/** setTimeout's longest delay (about 24.8 days); links live up to a year, so longer waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Cuts a moderator's or speaker's socket off when its link expires, as revoking does: the socket
 * leaves every room and its client, reconnecting, is refused. Links expire on real time (see
 * GrantsService), so this waits on the wall clock, not the business clock.
 */
export function disconnectAtExpiry(socket: LiveSocket, expiresAt: string): void {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const left = Date.parse(expiresAt) - Date.now();
    if (!(left > 0)) {
      socket.disconnect(true);
      return;
    }
    timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    timer.unref();
  };
  socket.once('disconnect', () => clearTimeout(timer));
  arm();
}
