import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import { connectViewer, dataOf, fetchEvent, request, SEED_SLUG } from '../utils/live-client.js';
import { startTestApp } from '../utils/test-app.js';

const REHEARSAL = { SEED_FILE: DEFAULT_SEED_FILE, CLOCK_START: '2024-02-22T13:20:00+01:00' };

describe('graceful shutdown', () => {
  it('finishes writes in flight, refuses new connections, and tells clients to reconnect', async () => {
    const server = await startTestApp(REHEARSAL);
    const part = (await fetchEvent(server.url, SEED_SLUG)).parts[0];
    const blockId = part.items.find((item) => item.kind === 'qa')!.id;
    const viewer = await connectViewer(server.url);
    dataOf(await request(viewer.socket, 'part:join', { partId: part.id }));
    const reason = new Promise<string>((resolve) => viewer.socket.once('disconnect', resolve));

    const ids = Array.from({ length: 5 }, () => randomUUID());
    const asks = ids.map((id) =>
      request(viewer.socket, 'question:ask', { id, blockId, body: `In flight ${id}` }),
    );
    // Close as soon as the first is stored: the others, sent in the same tick, are in flight then
    // (a fixed delay was too short on a loaded machine).
    await Promise.race(asks);
    const closing = server.close({ keepDatabase: true }); // what SIGTERM runs (enableShutdownHooks)
    // A request the server received is finished; one still on the wire fails here and a real
    // client resends it (same id) after reconnecting.
    const acks = await Promise.allSettled(asks);
    await closing;

    // Clients reconnect by themselves after "transport close" (not after "io server disconnect").
    expect(await reason).toBe('transport close');
    viewer.socket.close();
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();

    // Every acknowledged question is stored.
    const again = await startTestApp(REHEARSAL, server.database);
    try {
      const check = await connectViewer(again.url);
      const snapshot = dataOf(await request(check.socket, 'part:join', { partId: part.id }));
      const stored = new Set(snapshot.questions.map((q) => q.id));
      const acknowledged = ids.filter((_, i) => {
        const outcome = acks[i];
        return outcome.status === 'fulfilled' && outcome.value.ok;
      });
      expect(acknowledged.length).toBeGreaterThan(0);
      for (const id of acknowledged) expect(stored.has(id)).toBe(true);
      check.socket.close();
    } finally {
      await again.close();
    }
  });
});
