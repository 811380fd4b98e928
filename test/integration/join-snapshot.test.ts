import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dataOf, request } from '../utils/live-client.js';
import { useLiveSession } from '../utils/live-session.js';

// Full joins share reads of the part's public questions (PublicPartState); each must still see
// every change committed before it, with the joining viewer's own votes and questions.
describe('joining from the shared public state', () => {
  const session = useLiveSession({ settingsAfterEach: { preModeration: false } });

  it('sees in the next join what changed since the last one: a question, a vote, a removal', async () => {
    const asker = await session.viewer();
    const voter = await session.viewer();
    const mod = await session.moderator();
    const ask = async (body: string) =>
      dataOf(
        await request(asker.socket, 'question:ask', { id: randomUUID(), blockId: session.blockId, body }),
      );

    const kept = await ask('Seen by the next join?');
    const before = await session.viewer();
    expect(before.snapshot.questions.find((q) => q.id === kept.id)).toMatchObject({ votes: 0, voted: false });

    dataOf(await request(voter.socket, 'question:vote', { questionId: kept.id, voted: true }));
    const hidden = await ask('Hidden before the next join');
    const shownFirst = (await session.viewer()).snapshot.questions.some((q) => q.id === hidden.id);
    expect(shownFirst).toBe(true);
    const revision = dataOf(
      await request(mod.socket, 'mod:join', { partId: session.part.id }),
    ).questions.find((q) => q.id === hidden.id)!.revision;
    dataOf(await request(mod.socket, 'mod:act', { action: 'hide', questionId: hidden.id, revision }));

    // A burst of joins right after: every one sees the vote and not the hidden question.
    const burst = await Promise.all(Array.from({ length: 8 }, () => session.viewer()));
    for (const { snapshot } of burst) {
      expect(snapshot.full).toBe(true);
      expect(snapshot.questions.find((q) => q.id === kept.id)).toMatchObject({
        votes: 1,
        voted: false,
        mine: false,
      });
      expect(snapshot.questions.some((q) => q.id === hidden.id)).toBe(false);
    }
    // The voter sees its own vote, the asker its own hidden question.
    const voterAgain = dataOf(await request(voter.socket, 'part:join', { partId: session.part.id }));
    expect(voterAgain.questions.find((q) => q.id === kept.id)).toMatchObject({ votes: 1, voted: true });
    const askerAgain = dataOf(await request(asker.socket, 'part:join', { partId: session.part.id }));
    expect(askerAgain.questions.find((q) => q.id === hidden.id)).toMatchObject({
      mine: true,
      status: 'hidden',
    });
  });
});
