import { Injectable } from '@nestjs/common';
import type { QuestionView } from '../../../../shared/questions.js';
import { PUBLIC_STATUSES } from '../../../../shared/questions.js';
import { QuestionRepository, type QuestionRow } from './question.repository.js';
import { toQuestionView } from './question-views.js';

/** A part's public questions as everyone sees them (`mine` and `voted` false), at one version. */
interface PublicState {
  version: number;
  views: readonly QuestionView[];
}

/** A read of a part's public state, and when it was started (a tick of PublicPartState). */
interface Read {
  startedAt: number;
  state: Promise<PublicState>;
}

/**
 * What a full join answers, without each of a burst of joins reading the whole part: joins share
 * a read of the part's public questions (turned into views once), and each reads only the
 * viewer's own rows (its questions of any status, and the questions it voted on).
 *
 * A join may only use a read that started after the join's viewer entered the part's room (the
 * caller joins the room first): whatever committed before that read is in it, whatever commits
 * after reaches the viewer as a push. Comparing versions would not be enough, since concurrent
 * writes take change numbers in one order and may commit in another. So a join takes the read in
 * flight if it started after the join, else the one queued behind it: at most one read of a part
 * runs at a time, however many viewers join, and a change on any instance is in the next join.
 */
@Injectable()
export class PublicPartState {
  private ticks = 0;
  private readonly current = new Map<string, Read>();
  private readonly queued = new Map<string, Promise<PublicState>>();

  constructor(private readonly questions: QuestionRepository) {}

  /** Everything the participant may see of the part, and the version it reflects. */
  async forViewer(
    partId: string,
    participantId: string,
  ): Promise<{ version: number; questions: QuestionView[] }> {
    const joinedAt = ++this.ticks;
    const [state, own] = await Promise.all([
      this.readStartedAfter(partId, joinedAt),
      this.questions.ownRowsForViewer(partId, participantId),
    ]);
    return { version: state.version, questions: mergeOwn(state.views, own, participantId) };
  }

  private readStartedAfter(partId: string, tick: number): Promise<PublicState> {
    const current = this.current.get(partId);
    if (current && current.startedAt > tick) return current.state;
    if (!current) return this.start(partId);
    // The read in flight started before this join: take the one that starts when it ends.
    let queued = this.queued.get(partId);
    if (!queued) {
      queued = current.state.then(
        () => this.start(partId),
        () => this.start(partId),
      );
      this.queued.set(partId, queued);
    }
    return queued;
  }

  private start(partId: string): Promise<PublicState> {
    this.queued.delete(partId);
    const read: Read = {
      startedAt: ++this.ticks,
      state: this.questions.publicState(partId).then(({ version, rows }) => ({
        version,
        views: rows.map((row) => toQuestionView(row, null)),
      })),
    };
    this.current.set(partId, read);
    const forget = () => {
      if (this.current.get(partId) === read) this.current.delete(partId);
    };
    read.state.then(forget, forget);
    return read.state;
  }
}

/**
 * The public views with the viewer's own rows laid over them: its `voted` flags and `mine`, and
 * its questions that are not public. Of two copies of a question the newer one wins (the own
 * read ran after the public one was taken, or before it).
 */
export function mergeOwn(
  views: readonly QuestionView[],
  own: readonly QuestionRow[],
  participantId: string,
): QuestionView[] {
  const ownById = new Map(own.map((row) => [row.id, toQuestionView(row, participantId)]));
  const merged = views.map((view) => {
    const mine = ownById.get(view.id);
    if (!mine) return view;
    ownById.delete(view.id);
    return mine.version >= view.version ? mine : { ...view, mine: mine.mine, voted: mine.voted };
  });
  // Left: the viewer's own questions the public list does not hold (pending, hidden, merged),
  // and public questions newer than the held list; never a non-public question of someone else.
  for (const view of ownById.values()) {
    if (view.mine || PUBLIC_STATUSES.includes(view.status)) merged.push(view);
  }
  return merged.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}
