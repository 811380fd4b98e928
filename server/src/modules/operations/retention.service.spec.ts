import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppConfig } from '../../config/app-config.js';
import { RehearsalClock } from '../clock/clock.js';
import type { QuestionRepository } from '../questions/question.repository.js';
import { FIRST_PURGE_AFTER_MS, PURGE_EVERY_MS, RetentionService } from './retention.service.js';

describe('RetentionService', () => {
  afterEach(() => vi.useRealTimers());

  function service(days: number | null) {
    const cutoffs: Date[] = [];
    const repository = {
      purgeOfEventsEndedBefore: (endedBefore: Date) => {
        cutoffs.push(endedBefore);
        return Promise.resolve([{ slug: 'a', questions: 3 }]);
      },
    } as unknown as QuestionRepository;
    const config = { questionRetentionDays: days } as AppConfig;
    return {
      cutoffs,
      retention: new RetentionService(
        repository,
        config,
        new RehearsalClock(new Date('2024-04-01T00:00:00Z'), 1, () => 0),
      ),
    };
  }

  it('purges what ended the configured number of days before the clock’s now', async () => {
    const { cutoffs, retention } = service(30);
    await expect(retention.purge()).resolves.toEqual({
      retentionDays: 30,
      endedBefore: '2024-03-02T00:00:00.000Z',
      questions: 3,
      events: [{ slug: 'a', questions: 3 }],
    });
    expect(cutoffs).toHaveLength(1);
  });

  it('runs by itself a minute after start and then every few hours', async () => {
    vi.useFakeTimers();
    const { cutoffs, retention } = service(30);
    retention.onApplicationBootstrap();
    expect(cutoffs).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(FIRST_PURGE_AFTER_MS);
    expect(cutoffs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(PURGE_EVERY_MS - FIRST_PURGE_AFTER_MS);
    expect(cutoffs).toHaveLength(2);
    retention.onApplicationShutdown();
    await vi.advanceTimersByTimeAsync(PURGE_EVERY_MS * 2);
    expect(cutoffs).toHaveLength(2);
  });

  it('keeps everything and says how to purge when no retention is set', async () => {
    vi.useFakeTimers();
    const { cutoffs, retention } = service(null);
    retention.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(PURGE_EVERY_MS * 2);
    expect(cutoffs).toHaveLength(0);
    await expect(retention.purge()).rejects.toMatchObject({ code: 'retention/not_set' });
  });
});
