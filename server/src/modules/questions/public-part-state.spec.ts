import { describe, expect, it } from 'vitest';
import type { QuestionRepository, QuestionRow } from './question.repository.js';
import { mergeOwn, PublicPartState } from './public-part-state.js';
import { toQuestionView } from './question-views.js';

function row(id: string, fields: Partial<QuestionRow> = {}): QuestionRow {
  return {
    id,
    part_id: 'part',
    block_id: 'block',
    talk_id: null,
    participant_id: 'someone',
    body: `Question ${id}?`,
    original_body: null,
    display_name: null,
    status: 'visible',
    vote_count: 0,
    change_seq: '1',
    created_at: new Date(`2024-02-22T12:2${id.length}:00Z`),
    queue_position: null,
    merged_into_id: null,
    ...fields,
  } as QuestionRow;
}

describe('mergeOwn', () => {
  it("lays the viewer's own rows over the shared list: its votes, its questions of any status, the newer copy", () => {
    const shared = [row('a'), row('bb', { vote_count: 2, change_seq: '5' }), row('ccc')].map((r) =>
      toQuestionView(r, null),
    );
    const own = [
      row('a', { participant_id: 'me' }),
      row('bb', { vote_count: 3, change_seq: '7', voted: true }),
      row('dddd', { participant_id: 'me', status: 'hidden', change_seq: '8' }),
      // Voted on, then hidden by a moderator: not the viewer's to see.
      row('eeeee', { status: 'hidden', voted: true }),
    ];
    const merged = mergeOwn(shared, own, 'me');
    expect(merged.map((q) => [q.id, q.mine, q.voted, q.votes, q.status])).toEqual([
      ['a', true, false, 0, 'visible'],
      ['bb', false, true, 3, 'visible'],
      ['ccc', false, false, 0, 'visible'],
      ['dddd', true, false, 0, 'hidden'],
    ]);
  });

  it('keeps the shared copy when it is newer, with the viewer’s own flags', () => {
    const shared = [toQuestionView(row('a', { vote_count: 9, change_seq: '9' }), null)];
    const merged = mergeOwn(shared, [row('a', { vote_count: 4, change_seq: '4', voted: true })], 'me');
    expect(merged[0]).toMatchObject({ votes: 9, voted: true, mine: false, version: 9 });
  });
});

describe('PublicPartState', () => {
  it('lets a burst of joins share reads, but never one that started before the join', async () => {
    const reads: { resolve: () => void }[] = [];
    let version = 1;
    const questions = {
      publicState: () =>
        new Promise<{ version: number; rows: QuestionRow[] }>((resolve) => {
          const at = version;
          reads.push({
            resolve: () => resolve({ version: at, rows: [row('a', { change_seq: String(at) })] }),
          });
        }),
      ownRowsForViewer: () => Promise.resolve([]),
    } as unknown as QuestionRepository;
    const state = new PublicPartState(questions);

    const first = state.forViewer('part', 'p1'); // starts read 1
    version = 2; // a change commits while read 1 runs
    const second = state.forViewer('part', 'p2'); // joined after read 1 started: waits for read 2
    const third = state.forViewer('part', 'p3'); // shares read 2
    await Promise.resolve();
    expect(reads).toHaveLength(1);
    reads[0].resolve();
    expect((await first).version).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(reads).toHaveLength(2);
    reads[1].resolve();
    expect((await second).version).toBe(2);
    expect((await third).version).toBe(2);
    expect(reads).toHaveLength(2);
    // A join after the reads ended reads again.
    const fourth = state.forViewer('part', 'p4');
    await Promise.resolve();
    expect(reads).toHaveLength(3);
    reads[2].resolve();
    await fourth;
  });
});
