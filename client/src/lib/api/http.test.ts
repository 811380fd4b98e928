import { describe, expect, it } from 'vitest';
import { createEventsApi } from './events.js';
import { ApiError } from './http.js';

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('events API', () => {
  it('asks for the event by its encoded slug and returns the body', async () => {
    const asked: string[] = [];
    const api = createEventsApi((input) => {
      asked.push(String(input));
      return Promise.resolve(json(200, { slug: 'a b' }));
    });

    await expect(api.getEvent('a b')).resolves.toEqual({ slug: 'a b' });
    await api.getNow('a b');
    expect(asked).toEqual(['/api/events/a%20b', '/api/events/a%20b/now']);
  });

  it('surfaces the server’s message and code', async () => {
    const api = createEventsApi(() =>
      Promise.resolve(json(404, { error: 'event/not_found', message: 'No event has this slug.' })),
    );

    const error = await api.getEvent('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'event/not_found', status: 404, message: 'No event has this slug.' });
  });

  it('explains answers that are not the API’s, and unreachable servers', async () => {
    const proxy = createEventsApi(() =>
      Promise.resolve(new Response('<html>Bad gateway</html>', { status: 502 })),
    );
    await expect(proxy.listEvents()).rejects.toMatchObject({
      code: 'client/bad_response',
      message: expect.stringContaining('502'),
    });

    const offline = createEventsApi(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(offline.listEvents()).rejects.toMatchObject({
      code: 'client/network',
      message: 'Could not reach the server. Check your connection and try again.',
    });
  });
});
