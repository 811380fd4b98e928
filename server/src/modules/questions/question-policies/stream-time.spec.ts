import { describe, expect, it } from 'vitest';
import type { BlockState } from '../../../../../shared/questions.js';
import { blockTakesQuestion, viewerInstant } from './stream-time.js';

const now = new Date('2024-11-29T15:00:00Z');
const secondsBefore = (s: number) => new Date(now.getTime() - s * 1000);

/** A block that opened at 13:00 and closed by the clock 30 s before `now`. */
const closedByClock: BlockState = {
  blockId: 'b',
  partId: 'p',
  title: 'Q&A',
  start: '2024-11-29T14:30:00Z',
  end: '2024-11-29T14:59:30Z',
  opensAt: '2024-11-29T13:00:00Z',
  closesAt: '2024-11-29T14:59:30Z',
  open: false,
  override: null,
};

describe('viewerInstant (how late a viewer may be watching)', () => {
  it('takes a live stream time up to 120 s behind the server, counts one ahead as now, and a replay as nothing', () => {
    expect(viewerInstant(secondsBefore(20), now)).toEqual(secondsBefore(20));
    expect(viewerInstant(secondsBefore(120), now)).toEqual(secondsBefore(120));
    expect(viewerInstant(secondsBefore(121), now)).toBeNull();
    expect(viewerInstant(new Date(now.getTime() + 5000), now)).toEqual(now);
    expect(viewerInstant(null, now)).toBeNull();
  });
});

describe('blockTakesQuestion (the stream-time rule)', () => {
  it('takes a question for a block the clock closed while the viewer’s stream still showed it open', () => {
    expect(blockTakesQuestion(closedByClock, secondsBefore(40))).toBe(true);
    expect(blockTakesQuestion(closedByClock, secondsBefore(20))).toBe(false);
    expect(blockTakesQuestion(closedByClock, null)).toBe(false);
  });

  it('never reopens a block a moderator closed by hand, and always takes one that is open', () => {
    expect(blockTakesQuestion({ ...closedByClock, override: 'closed' }, secondsBefore(40))).toBe(false);
    expect(blockTakesQuestion({ ...closedByClock, open: true }, null)).toBe(true);
  });
});
