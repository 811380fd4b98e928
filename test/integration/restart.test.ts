import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventSummary } from '../../shared/events-api.js';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import { startTestApp, type TestApp } from '../utils/test-app.js';

describe('data survives a restart', () => {
  let second: TestApp | undefined;
  afterAll(() => second?.close());

  it('keeps the published event and does not import the seed a second time', async () => {
    const first = await startTestApp({ SEED_FILE: DEFAULT_SEED_FILE });
    const before = (await request(first.url).get('/api/events').expect(200)).body as EventSummary[];
    expect(before).toHaveLength(1);
    await first.close({ keepDatabase: true });

    second = await startTestApp({ SEED_FILE: DEFAULT_SEED_FILE }, first.database);
    const after = (await request(second.url).get('/api/events').expect(200)).body as EventSummary[];
    expect(after).toEqual(before);
  });
});
