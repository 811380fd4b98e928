import { describe, expect, it } from 'vitest';
import type { PartView } from '../../../../shared/events-api.js';
import type { QueueState, StaffQuestionView } from '../../../../shared/moderation.js';
import { forSpeaker, isTalkOfSpeaker } from './speaker-queue.service.js';
import { speakerNames } from './speaker-rooms.js';

const talk = (id: string, speaker: string) => ({
  id,
  partId: 'p',
  kind: 'talk' as const,
  title: id,
  start: '2024-11-29T13:00:00Z',
  end: '2024-11-29T13:40:00Z',
  speakers: [{ name: speaker, city: '', country: '' }],
  covers: [],
});
const part = {
  id: 'p',
  items: [talk('t1', 'Anna Berg'), talk('t2', 'Luis Ortega'), talk('t3', 'Anna Berg')],
} as unknown as PartView;
const question = (id: string, talkId: string | null) => ({ id, talkId }) as StaffQuestionView;
const queue: QueueState = {
  partId: 'p',
  queueVersion: 3,
  onAir: question('on-air', 't2'),
  queued: [question('a', 't1'), question('b', null), question('c', 't3'), question('d', 't2')],
};

describe('the speakers’ queue filter', () => {
  it('names each speaker of the part once', () => {
    expect(speakerNames(part)).toEqual(['Anna Berg', 'Luis Ortega']);
  });

  it('gives a named speaker the questions about their own talks, names compared without case or outer spaces', () => {
    const anna = forSpeaker(part, queue, '  anna berg ');
    expect(anna.onAir).toBeNull();
    expect(anna.queued.map((q) => q.id)).toEqual(['a', 'c']);
    expect(anna.queueVersion).toBe(3);
    expect(forSpeaker(part, queue, 'Luis Ortega').onAir?.id).toBe('on-air');
  });

  it('gives the panel (no name) the whole queue, and nobody a question about no talk', () => {
    expect(forSpeaker(part, queue, null)).toBe(queue);
    expect(isTalkOfSpeaker(part, 'Anna Berg', null)).toBe(false);
  });
});
