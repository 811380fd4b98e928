import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { dataOf, request, type LiveClient } from './live-client.js';

/** The body of each question the traffic asks (so an observer can tell them from others). */
export const trafficBody = (id: string) => `Question ${id}`;

/**
 * Each viewer asks `questionsPerViewer` questions and upvotes `seedId` at once; acks are awaited after the crash.
 * `viewers[0]` asked `seedId`, so it does not vote (`vote/own_question`).
 */
export function startTraffic(viewers: LiveClient[], blockId: string, seedId: string, questionsPerViewer = 1) {
  const answered = new Set<string>();
  const noteAnswer = <T>(key: string, ack: Promise<T>) =>
    ack.then(
      (reply) => (answered.add(key), reply),
      () => null,
    );
  const asked = viewers
    .flatMap((socket) => Array.from({ length: questionsPerViewer }, () => socket))
    .map((socket) => {
      const id = randomUUID();
      return {
        socket,
        id,
        ack: noteAnswer(id, request(socket, 'question:ask', { id, blockId, body: trafficBody(id) })),
      };
    });
  const voters = viewers.slice(1);
  const votes = voters.map((socket, i) =>
    noteAnswer(`vote ${i}`, request(socket, 'question:vote', { questionId: seedId, voted: true })),
  );
  return {
    /** The question ids, and `vote <n>` for each vote, whose acknowledgement has not arrived (yet). */
    outstanding(): string[] {
      return [...asked.map((a) => a.id), ...voters.map((_, i) => `vote ${i}`)].filter(
        (key) => !answered.has(key),
      );
    },
    /** Once the server is back: wait for every socket to reconnect, then resend what was not acknowledged, same ids. */
    async resendUnacknowledged(): Promise<void> {
      const askAcks = await Promise.all(asked.map((a) => a.ack));
      const voteAcks = await Promise.all(votes);
      await Promise.all(
        viewers.map((s) =>
          s.connected
            ? Promise.resolve()
            : new Promise<void>((resolve) => s.once('connect', () => resolve())),
        ),
      );
      for (const [i, a] of asked.entries()) {
        if (!askAcks[i]?.ok)
          dataOf(await request(a.socket, 'question:ask', { id: a.id, blockId, body: trafficBody(a.id) }));
      }
      for (const [i, socket] of voters.entries()) {
        if (!voteAcks[i]?.ok)
          dataOf(await request(socket, 'question:vote', { questionId: seedId, voted: true }));
      }
    },
    /** Every question exactly once, every vote counted once, every client seeing what the database holds. */
    async expectNothingLostOrDoubled(partId: string): Promise<void> {
      const final = dataOf(await request(viewers[0], 'part:join', { partId }));
      for (const a of asked) expect(final.questions.filter((q) => q.id === a.id)).toHaveLength(1);
      expect(final.questions.find((q) => q.id === seedId)?.votes).toBe(voters.length);
      const stored = final.questions.map((q) => [q.id, q.votes]).sort();
      for (const socket of viewers) {
        const view = dataOf(await request(socket, 'part:join', { partId }));
        expect(view.questions.map((q) => [q.id, q.votes]).sort()).toEqual(stored);
      }
    },
  };
}
