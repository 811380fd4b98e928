import { describe, expect, it } from 'vitest';
import type { EventsRepository } from '../events/events.repository.js';
import { STREAM_ORIGINS_TTL_MS, StreamOriginsService } from './stream-origins.service.js';

/** The repository's one method the service uses, answering from a list a test changes. */
function fakeRepository(urls: { current: string[] | Error }, reads: { count: number }) {
  return {
    listStreamUrls: () => {
      reads.count += 1;
      return urls.current instanceof Error ? Promise.reject(urls.current) : Promise.resolve(urls.current);
    },
  } as unknown as EventsRepository;
}

describe('StreamOriginsService', () => {
  it('reads the parts once per TTL, once for concurrent pages, and again after it', async () => {
    const urls = { current: ['https://cdn.example.org/a.m3u8'] as string[] | Error };
    const reads = { count: 0 };
    let now = 1000;
    const service = new StreamOriginsService(fakeRepository(urls, reads), () => now);

    const [a, b] = await Promise.all([service.current(), service.current()]);
    expect(a).toEqual({ hls: ['https://cdn.example.org'], embed: [] });
    expect(b).toBe(a);
    expect(reads.count).toBe(1);

    urls.current = ['https://other.example.org/b.m3u8'];
    now += STREAM_ORIGINS_TTL_MS - 1;
    expect((await service.current()).hls).toEqual(['https://cdn.example.org']);
    now += 1;
    expect((await service.current()).hls).toEqual(['https://other.example.org']);
    expect(reads.count).toBe(2);
  });

  it('keeps the last origins known while the database does not answer', async () => {
    const urls = { current: ['https://cdn.example.org/a.m3u8'] as string[] | Error };
    const reads = { count: 0 };
    let now = 0;
    const service = new StreamOriginsService(fakeRepository(urls, reads), () => now);
    await service.current();
    urls.current = new Error('connection refused');
    now += STREAM_ORIGINS_TTL_MS;
    expect((await service.current()).hls).toEqual(['https://cdn.example.org']);
    // and tries again on the next page
    await service.current();
    expect(reads.count).toBe(3);
  });
});
