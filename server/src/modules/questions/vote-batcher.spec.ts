import { describe, expect, it, vi } from 'vitest';
import { ClusterLock } from '../../realtime/cluster-lock.js';
import type { LivePublisher } from '../../realtime/live-publisher.js';
import type { MetricsService } from '../metrics/metrics.service.js';
import { rooms } from '../../realtime/rooms.js';
import type { QuestionRepository } from './question.repository.js';
import { sendVoteCounts, VoteBatcher } from './vote-batcher.js';

describe('VoteBatcher', () => {
  it('runs one flush at a time, so a slow read never lets an older count arrive after a newer one', async () => {
    vi.useFakeTimers();
    let count = 0;
    let reading = 0;
    let maxReading = 0;
    const releases: (() => void)[] = [];
    const questions = {
      voteCounts: async (ids: string[]) => {
        reading += 1;
        maxReading = Math.max(maxReading, reading);
        const seen = count; // what the database holds when the read starts
        await new Promise<void>((resolve) => releases.push(resolve));
        reading -= 1;
        return ids.map((id) => ({ id, votes: seen, version: seen, isPublic: true }));
      },
    } as unknown as QuestionRepository;
    const sent: number[] = [];
    // Moderators and viewers get a batch each; the moderators' tells the order counts arrive in.
    const publisher = {
      toRoom: (room: unknown, _event: string, batch: { counts: { votes: number }[] }) => {
        if (room === rooms.moderators('part')) sent.push(batch.counts[0].votes);
      },
    } as unknown as LivePublisher;
    const batchSizes: number[] = [];
    const metrics = { voteBatchSent: (size: number) => batchSizes.push(size) } as unknown as MetricsService;
    const batcher = new VoteBatcher(questions, publisher, new ClusterLock(null), null, metrics);

    count = 1;
    batcher.touch('part', 'q');
    await vi.advanceTimersByTimeAsync(300); // first flush starts its (slow) read
    count = 2;
    batcher.touch('part', 'q');
    await vi.advanceTimersByTimeAsync(1000); // no second flush while the first is reading
    expect(maxReading).toBe(1);
    releases.shift()!();
    await vi.advanceTimersByTimeAsync(300); // the first ends; the next starts after it
    releases.shift()?.();
    await vi.advanceTimersByTimeAsync(10);
    expect(sent).toEqual([1, 2]);
    expect(batchSizes).toEqual([1, 1]);
    expect(maxReading).toBe(1);
    await batcher.onModuleDestroy();
    vi.useRealTimers();
  });
});

describe('sendVoteCounts', () => {
  it('gives moderators every count and viewers only those of questions public when read', () => {
    const sent: { room: unknown; ids: string[] }[] = [];
    const publisher = {
      toRoom: (room: unknown, _event: string, batch: { counts: { id: string }[] }) =>
        sent.push({ room, ids: batch.counts.map((c) => c.id) }),
    } as unknown as LivePublisher;
    sendVoteCounts(publisher, 'p', [
      { id: 'shown', votes: 3, version: 7, isPublic: true },
      { id: 'hidden', votes: 1, version: 9, isPublic: false },
    ]);
    expect(sent).toEqual([
      { room: rooms.moderators('p'), ids: ['shown', 'hidden'] },
      { room: rooms.viewers('p'), ids: ['shown'] },
    ]);
    sent.length = 0;
    sendVoteCounts(publisher, 'p', [{ id: 'hidden', votes: 1, version: 9, isPublic: false }]);
    expect(sent).toEqual([{ room: rooms.moderators('p'), ids: ['hidden'] }]);
  });
});
