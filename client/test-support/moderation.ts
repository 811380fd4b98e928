// Builders for moderation and speaker tests on the seed course (part p1, blocks p1-i4 and p1-i9).
import type {
  ModeratorQuestionView,
  ModeratorSnapshot,
  QueueState,
  StaffQuestionView,
} from '../../shared/moderation.js';
import type { SpeakerSnapshot } from '../../shared/realtime.js';
import { assertDistinctIds, contentId } from './content-id.js';
import { blocksOf, makeQuestion, part1 } from './questions.js';
import { cet, seedEvent } from './seed-event.js';

/**
 * A visible question of part 1's first block, as moderators see it. Its id, body and asker follow
 * from the overrides, never from the questions built before it.
 */
export function makeModQuestion(overrides: Partial<ModeratorQuestionView> = {}): ModeratorQuestionView {
  const id = contentId('m', overrides);
  return {
    // The public fields as viewers' builders make them; then what only moderators see.
    ...makeQuestion({ id, body: `Question ${id}` }),
    originalBody: null,
    participantId: `participant-${id}`,
    starred: false,
    revision: 0,
    queuedAt: null,
    onAirAt: null,
    answeredAt: null,
    airEndedAt: null,
    flags: [],
    flaggedSpans: [],
    answeredHow: overrides.status === 'answered' ? 'live' : null,
    ...overrides,
  };
}

/** The public view of a question and its revision, as the queue carries it. */
export function publicView(q: ModeratorQuestionView): StaffQuestionView {
  return {
    id: q.id,
    partId: q.partId,
    blockId: q.blockId,
    talkId: q.talkId,
    body: q.body,
    displayName: q.displayName,
    status: q.status,
    votes: q.votes,
    mine: false,
    voted: false,
    createdAt: q.createdAt,
    queuePosition: q.queuePosition,
    mergedIntoId: q.mergedIntoId,
    edited: q.edited,
    labels: q.labels,
    version: q.version,
    answeredHow: q.answeredHow,
    reply: q.reply,
    revision: q.revision,
  };
}

/** The queue of part 1 holding `questions`: the one on air (if any) and the queued ones in order. */
export function queueOf(questions: ModeratorQuestionView[], queueVersion = 1): QueueState {
  assertDistinctIds(questions);
  return {
    partId: 'p1',
    queueVersion,
    onAir: questions.filter((q) => q.status === 'on_air').map(publicView)[0] ?? null,
    queued: questions
      .filter((q) => q.status === 'queued')
      .sort((a, b) => (a.queuePosition ?? 0) - (b.queuePosition ?? 0))
      .map(publicView),
  };
}

export function makeModSnapshot(
  questions: ModeratorQuestionView[] = [],
  overrides: Partial<ModeratorSnapshot> = {},
): ModeratorSnapshot {
  return {
    partId: 'p1',
    eventSlug: seedEvent.slug,
    role: 'moderator',
    preModeration: false,
    speakersMayAnswer: false,
    holdPatientData: true,
    holdProfanity: true,
    blocks: blocksOf(part1, cet('2024-02-22', '13:20')),
    questions,
    queue: queueOf(questions),
    labels: [],
    ...overrides,
  };
}

export function makeSpeakerSnapshot(
  questions: ModeratorQuestionView[] = [],
  overrides: Partial<SpeakerSnapshot> = {},
): SpeakerSnapshot {
  return {
    ...queueOf(questions),
    eventSlug: seedEvent.slug,
    speakerName: null,
    speakersMayAnswer: false,
    talks: Object.fromEntries(part1.items.filter((i) => i.kind === 'talk').map((i) => [i.id, i.title])),
    answeredInText: questions
      .filter((q) => q.status === 'answered' && q.answeredHow === 'text')
      .map(publicView),
    ...overrides,
  };
}
