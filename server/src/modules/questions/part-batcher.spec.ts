import { describe, expect, it, vi } from 'vitest';
import { partBatchIntervalMs } from '../../../../shared/limits.js';
import type { VotesBatch } from '../../../../shared/realtime.js';
import { ClusterLock } from '../../realtime/cluster-lock.js';
import type { LivePublisher } from '../../realtime/live-publisher.js';
import { rooms } from '../../realtime/rooms.js';
import type { MetricsService } from '../metrics/metrics.service.js';
import { composeBatches, decodeTouches, encodeTouch, type Touches } from './part-batch.js';
import { PartBatcher } from './part-batcher.js';
import type { QuestionRepository, QuestionRow } from './question.repository.js';

function row(id: string, fields: Partial<QuestionRow> = {}): QuestionRow {
  return {
    id,
    part_id: 'part',
    block_id: 'block',
    talk_id: null,
    participant_id: `asker-${id}`,
    body: `Question ${id}?`,
    original_body: null,
    display_name: null,
    status: 'visible',
    vote_count: 0,
    change_seq: '1',
    created_at: new Date('2024-02-22T12:20:00Z'),
    queue_position: null,
    merged_into_id: null,
    ...fields,
  } as QuestionRow;
}

const only = (touch: Partial<Touches>): Touches => ({ asked: false, changed: false, voted: false, ...touch });

/** A batcher over fakes: `read` answers the batch's read, `viewers` is the size of the part's room. */
function batcherWith(read: (ids: string[]) => Promise<QuestionRow[]>, viewers = 0) {
  const sent: { room: unknown; batch: VotesBatch }[] = [];
  const publisher = {
    toRoom: (room: unknown, _event: string, batch: VotesBatch) => sent.push({ room, batch }),
    toRoomsInTurns: (inTurn: string[], _event: string, batch: VotesBatch) => {
      for (const room of inTurn) sent.push({ room, batch });
      return Promise.resolve();
    },
    localRooms: () =>
      new Map([[rooms.viewers('part'), new Set(Array.from({ length: viewers }, (_, i) => `s${i}`))]]),
  } as unknown as LivePublisher;
  const batchSizes: number[] = [];
  const metrics = { voteBatchSent: (size: number) => batchSizes.push(size) } as unknown as MetricsService;
  const questions = { rowsForBatch: read } as unknown as QuestionRepository;
  const batcher = new PartBatcher(questions, publisher, new ClusterLock(null), null, metrics);
  return { batcher, sent, batchSizes };
}

describe('PartBatcher', () => {
  it('runs one flush per part at a time, so a slow read never lets an older count arrive after a newer one', async () => {
    vi.useFakeTimers();
    let count = 0;
    let reading = 0;
    let maxReading = 0;
    const releases: (() => void)[] = [];
    const { batcher, sent, batchSizes } = batcherWith(async (ids) => {
      reading += 1;
      maxReading = Math.max(maxReading, reading);
      const seen = count; // what the database holds when the read starts
      await new Promise<void>((resolve) => releases.push(resolve));
      reading -= 1;
      return ids.map((id) => row(id, { vote_count: seen, change_seq: String(seen) }));
    });
    const moderatorCounts = () =>
      sent.filter((s) => s.room === rooms.moderators('part')).map((s) => s.batch.counts[0].votes);

    count = 1;
    batcher.voted('part', 'q');
    await vi.advanceTimersByTimeAsync(450); // the first flush starts its (slow) read
    count = 2;
    batcher.voted('part', 'q');
    await vi.advanceTimersByTimeAsync(2000); // no second flush while the first is reading
    expect(maxReading).toBe(1);
    releases.shift()!();
    await vi.advanceTimersByTimeAsync(450); // the first ends; the next starts an interval after it
    releases.shift()?.();
    await vi.advanceTimersByTimeAsync(10);
    expect(moderatorCounts()).toEqual([1, 2]);
    expect(batchSizes).toEqual([1, 1]);
    expect(maxReading).toBe(1);
    await batcher.onModuleDestroy();
    vi.useRealTimers();
  });

  it('folds questions asked, changes and votes of one interval into one push to the viewers', async () => {
    vi.useFakeTimers();
    const reads: string[][] = [];
    const { batcher, sent } = batcherWith((ids) => {
      reads.push(ids);
      return Promise.resolve(ids.map((id) => row(id, { vote_count: 3 })));
    });
    batcher.questionChanged(row('new'), true);
    batcher.voted('part', 'old');
    batcher.voted('part', 'old');
    batcher.questionChanged(row('edited'), false);
    await vi.advanceTimersByTimeAsync(399);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(reads).toEqual([['new', 'old', 'edited']]);
    const toViewers = sent.filter((s) => s.room === rooms.viewers('part'));
    expect(toViewers).toHaveLength(1);
    expect(toViewers[0].batch.counts).toEqual([{ id: 'old', votes: 3 }]);
    expect(toViewers[0].batch.questions?.map((q) => [q.id, q.mine, q.voted])).toEqual([
      ['new', false, false],
      ['edited', false, false],
    ]);
    await batcher.onModuleDestroy();
    vi.useRealTimers();
  });

  it('waits longer for a larger audience: 20,000 viewers get a batch every 800 ms, not every 400, shard by shard', async () => {
    vi.useFakeTimers();
    const { batcher, sent } = batcherWith((ids) => Promise.resolve(ids.map((id) => row(id))), 20_000);
    batcher.voted('part', 'q');
    await vi.advanceTimersByTimeAsync(750);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(50);
    expect(sent.map((s) => s.room)).toEqual([rooms.moderators('part'), ...rooms.viewerShards('part')]);
    await batcher.onModuleDestroy();
    vi.useRealTimers();
  });

  it('sends to a small audience in one go, to the whole viewers room', async () => {
    vi.useFakeTimers();
    const { batcher, sent } = batcherWith((ids) => Promise.resolve(ids.map((id) => row(id))), 999);
    batcher.voted('part', 'q');
    await vi.advanceTimersByTimeAsync(400);
    expect(sent.map((s) => s.room)).toEqual([rooms.moderators('part'), rooms.viewers('part')]);
    await batcher.onModuleDestroy();
    vi.useRealTimers();
  });
});

describe('partBatchIntervalMs', () => {
  it('keeps every room at 2.5 batches a second at most, up to 10,000 viewers, and stretches to 1 s for 25,000', () => {
    expect([0, 1000, 5000, 10_000, 20_000, 25_000, 50_000].map(partBatchIntervalMs)).toEqual([
      400, 400, 400, 400, 800, 1000, 1000,
    ]);
  });
});

describe('composeBatches', () => {
  it('sends each question once, in its state when read: public ones whole, others as removals', () => {
    const rows = [
      row('asked-public', { change_seq: '11' }),
      row('asked-held', { status: 'pending', change_seq: '12' }),
      row('hidden-after-vote', { status: 'hidden', vote_count: 2, change_seq: '13' }),
      row('voted', { vote_count: 5, change_seq: '9' }),
      row('voted-hidden', { status: 'hidden', vote_count: 1, change_seq: '8' }),
      row('elsewhere', { part_id: 'other', change_seq: '99' }),
    ];
    const touches = new Map<string, Touches>([
      ['asked-public', only({ asked: true, voted: true })],
      ['asked-held', only({ asked: true })],
      ['hidden-after-vote', only({ changed: true, voted: true })],
      ['voted', only({ voted: true })],
      ['voted-hidden', only({ voted: true })],
      ['elsewhere', only({ voted: true })],
    ]);
    const { moderators, viewers } = composeBatches('part', rows, touches);
    expect(moderators).toEqual({
      partId: 'part',
      version: 13,
      counts: [
        { id: 'asked-public', votes: 0 },
        { id: 'hidden-after-vote', votes: 2 },
        { id: 'voted', votes: 5 },
        { id: 'voted-hidden', votes: 1 },
      ],
    });
    // A question held at asking is not announced to viewers, not even by its id.
    expect(viewers?.questions?.map((q) => q.id)).toEqual(['asked-public']);
    expect(viewers?.counts).toEqual([{ id: 'voted', votes: 5 }]);
    expect(viewers?.removed).toEqual([{ id: 'hidden-after-vote', version: 13 }]);
    expect(viewers?.version).toBe(13);
  });

  it('sends nothing to viewers when nothing they may see changed', () => {
    const { viewers, moderators } = composeBatches(
      'part',
      [row('held', { status: 'pending' })],
      new Map([['held', only({ asked: true, voted: true })]]),
    );
    expect(viewers).toBeNull();
    expect(moderators?.counts).toEqual([{ id: 'held', votes: 0 }]);
  });

  it('round-trips touches through Redis set members and skips foreign members', () => {
    const members = [
      encodeTouch('asked', 'a1'),
      encodeTouch('voted', 'a1'),
      encodeTouch('changed', 'b2'),
      'junk',
    ];
    expect(decodeTouches(members)).toEqual(
      new Map([
        ['a1', only({ asked: true, voted: true })],
        ['b2', only({ changed: true })],
      ]),
    );
  });
});
