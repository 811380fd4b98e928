import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import {
  connectViewer,
  dataOf,
  fetchEvent,
  request,
  SEED_SLUG,
  waitFor,
  type LiveClient,
} from '../utils/live-client.js';
import { startTestApp, type TestApp } from '../utils/test-app.js';

// 14:25 CET at 60× speed: "Radiation Risk Discussion" ends and the Q&A block starts five real
// seconds later (start-up takes one or two of them).
describe('agenda pushes on the rehearsal clock', () => {
  let server: TestApp;
  let socket: LiveClient;

  beforeAll(async () => {
    server = await startTestApp({
      SEED_FILE: DEFAULT_SEED_FILE,
      CLOCK_START: '2024-02-22T14:25:00+01:00',
      CLOCK_RATE: '60',
    });
    socket = (await connectViewer(server.url)).socket;
  });

  afterAll(async () => {
    socket.close();
    await server.close();
  });

  it('tells a connected client when the talk ends and the Q&A block starts', async () => {
    const part = (await fetchEvent(server.url, SEED_SLUG)).parts[0];
    const joined = dataOf(await request(socket, 'part:join', { partId: part.id }));
    expect(joined.agenda.current?.title).toBe('Radiation Risk Discussion');
    expect(joined.clockRate).toBe(60);
    const update = await waitFor(socket, 'agenda:changed', (u) => u.agenda.current?.kind === 'qa', 10_000);
    expect(update.agenda.current?.title).toBe('Q&A Session');
    expect(update.agenda.secondsToNextQa).toBe(0);
    expect(update.serverTime >= '2024-02-22T13:30:00.000Z').toBe(true);
    const sync = dataOf(await request(socket, 'clock:sync', {}));
    expect(Date.parse(sync.serverTime)).toBeGreaterThanOrEqual(Date.parse('2024-02-22T13:30:00Z'));
  });
});
