import { Injectable } from '@nestjs/common';
import type { PartView } from '../../../../shared/events-api.js';
import type { QueueState } from '../../../../shared/moderation.js';
import type { SpeakerSnapshot } from '../../../../shared/realtime.js';
import { LivePublisher } from '../../realtime/live-publisher.js';
import { rooms } from '../../realtime/rooms.js';
import { EventDirectory } from '../events/event-directory.js';
import type { StaffPrincipal } from '../grants/grants.service.js';
import { QuestionRepository, type QuestionRow } from '../questions/question.repository.js';
import { toStaffView } from '../questions/question-views.js';
import { PartLiveState } from '../../live/part-state/part-live-state.js';
import { speakerNames } from './speaker-rooms.js';
import { StaffAccess } from './staff-access.js';

/**
 * The speakers' queue: the question on air and the queued ones in order, as moderators, the
 * speakers' panel and the overlay see it, and each named speaker's own part of it (the questions
 * about their talks). Moderation changes the queue; this service reads and sends it. Beside the
 * queue, the speakers see the questions answered in text (a reply takes a question out of the
 * queue, so they would never learn of it otherwise).
 */
@Injectable()
export class SpeakerQueueService {
  constructor(
    private readonly questions: QuestionRepository,
    private readonly liveState: PartLiveState,
    private readonly directory: EventDirectory,
    private readonly access: StaffAccess,
    private readonly publisher: LivePublisher,
  ) {}

  async state(partId: string): Promise<QueueState> {
    const { queueVersion, rows } = await this.questions.queue(partId);
    const onAir = rows.find((row) => row.status === 'on_air');
    return {
      partId,
      queueVersion,
      onAir: onAir ? toStaffView(onAir) : null,
      queued: rows.filter((row) => row.status === 'queued').map(toStaffView),
    };
  }

  /** Reads the queue and sends it to moderators and the panel, and to each named speaker their part. */
  async publish(part: PartView): Promise<QueueState> {
    const queue = await this.state(part.id);
    this.publisher.toRoom([rooms.moderators(part.id), rooms.speakerPanel(part.id)], 'queue:changed', queue);
    for (const name of speakerNames(part)) {
      this.publisher.toRoom(
        rooms.namedSpeaker(part.id, name),
        'queue:changed',
        forSpeaker(part, queue, name),
      );
    }
    return queue;
  }

  /**
   * After a committed change of questions that are, or were until it, answered in text: each to
   * the panel and to the named speaker whose talk it is about (`speaker:question`), who keep it in
   * their answered-in-text list while it is one.
   */
  publishAnswers(part: PartView, rows: readonly QuestionRow[]): void {
    const names = speakerNames(part);
    for (const row of rows) {
      const speakerRooms = names
        .filter((name) => isTalkOfSpeaker(part, name, row.talk_id))
        .map((name) => rooms.namedSpeaker(part.id, name));
      this.publisher.toRoom(
        [rooms.speakerPanel(part.id), ...speakerRooms],
        'speaker:question',
        toStaffView(row),
      );
    }
  }

  /**
   * `speaker:join`: one look at the link, then the room (before reading: whatever commits after
   * the read is then sent to this socket), then the snapshot.
   */
  async join(
    principal: StaffPrincipal | undefined,
    partId: string,
    joinRoom: (room: string) => Promise<void> | void,
  ): Promise<SpeakerSnapshot> {
    const { event, part } = await this.directory.part(partId);
    const staff = await this.access.require(principal, event, ['speaker', 'moderator']);
    await joinRoom(
      staff.speakerName ? rooms.namedSpeaker(partId, staff.speakerName) : rooms.speakerPanel(partId),
    );
    const [settings, queue, answered] = await Promise.all([
      this.liveState.settings(event.slug),
      this.state(partId),
      this.questions.answeredInText(partId),
    ]);
    const name = staff.speakerName;
    return {
      ...forSpeaker(part, queue, name),
      eventSlug: event.slug,
      speakerName: name,
      speakersMayAnswer: settings.speakersMayAnswer,
      talks: Object.fromEntries(part.items.filter((i) => i.kind === 'talk').map((i) => [i.id, i.title])),
      answeredInText: answered
        .filter((row) => name === null || isTalkOfSpeaker(part, name, row.talk_id))
        .map(toStaffView),
    };
  }
}

/** Whether a talk is one the named speaker gives (names compared without case or outer spaces). */
export function isTalkOfSpeaker(part: PartView, speakerName: string, talkId: string | null): boolean {
  const wanted = speakerName.trim().toLowerCase();
  return part.items.some(
    (item) =>
      item.id === talkId && item.speakers.some((speaker) => speaker.name.trim().toLowerCase() === wanted),
  );
}

/** What a named speaker sees of the queue: the questions about their talks; null: the whole queue. */
export function forSpeaker(part: PartView, queue: QueueState, speakerName: string | null): QueueState {
  if (speakerName === null) return queue;
  const mine = (talkId: string | null) => isTalkOfSpeaker(part, speakerName, talkId);
  return {
    ...queue,
    onAir: queue.onAir && mine(queue.onAir.talkId) ? queue.onAir : null,
    queued: queue.queued.filter((question) => mine(question.talkId)),
  };
}
