// What every live page does with its one socket and its agenda: load the event, follow the
// event clock, read the server's time after every connection, connect; and undo it all when the
// page goes. The viewer's page and the staff session (moderator, speaker) start the same way.
import { syncClock } from '../realtime/clock-sync.js';
import type { OwnedConnection } from '../realtime/connection.js';
import type { AgendaStore } from './agenda.svelte.js';

/** Starts the page's connection and agenda; the returned function stops and destroys both. */
export function startLivePage(live: OwnedConnection, agenda: AgendaStore): () => void {
  void agenda.load();
  const stopAgenda = agenda.start();
  const stopClock = live.onConnect(() => void syncClock(live, agenda));
  live.start();
  return () => {
    stopAgenda();
    stopClock();
    live.destroy();
    agenda.destroy();
  };
}
