import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventAnalytics } from '../../shared/analytics.js';
import type { PartView } from '../../shared/events-api.js';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import { ViewerSampler } from '../../server/src/modules/analytics/viewer-sampler.js';
import {
  connectLive,
  connectViewer,
  dataOf,
  fetchEvent,
  issueGrant,
  request,
  SEED_SLUG,
  type LiveClient,
} from '../utils/live-client.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../utils/test-app.js';

// 14:40 CET on the seed's first afternoon: the first Q&A block (14:30-15:00) is on.
describe('GET /api/events/:slug/analytics', () => {
  let server: TestApp;
  let part: PartView;
  const sockets: LiveClient[] = [];

  beforeAll(async () => {
    server = await startTestApp({ SEED_FILE: DEFAULT_SEED_FILE, CLOCK_START: '2024-02-22T14:40:00+01:00' });
    part = (await fetchEvent(server.url, SEED_SLUG)).parts[0];
  });

  afterAll(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await server.close();
  });

  async function viewer(): Promise<LiveClient> {
    const { socket } = await connectViewer(server.url);
    sockets.push(socket);
    dataOf(await request(socket, 'part:join', { partId: part.id }));
    return socket;
  }

  async function analytics(headers: Record<string, string>): Promise<Response> {
    return fetch(`${server.url}/api/events/${SEED_SLUG}/analytics`, { headers });
  }

  it('refuses without the organizer token', async () => {
    const response = await analytics({});
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'auth/missing_token' });
    expect((await analytics({ Authorization: 'Bearer not-the-token' })).status).toBe(401);
  });

  it('counts questions, askers, votes, voters, answers and the peak audience per block and per talk', async () => {
    const block = part.items.find((item) => item.kind === 'qa')!;
    const talk = block.covers[0];
    const [ana, ben, cleo] = [await viewer(), await viewer(), await viewer()];
    const ask = async (socket: LiveClient, body: string, talkId: string | null = null) =>
      dataOf(await request(socket, 'question:ask', { id: randomUUID(), blockId: block.id, talkId, body }));
    const first = await ask(ana, 'How do you open the conversation when the family is in the room?', talk.id);
    await ask(ana, 'Which words do you avoid when the prognosis is poor?');
    const third = await ask(ben, 'How long should the silence last after the news?', talk.id);
    for (const [socket, questionId] of [
      [ben, first.id],
      [cleo, first.id],
      [cleo, third.id],
    ] as const) {
      dataOf(await request(socket, 'question:vote', { questionId, voted: true }));
    }

    // The moderator puts the first question on air and marks it answered.
    const grant = await issueGrant(server.url, TEST_ADMIN_TOKEN, SEED_SLUG, {
      role: 'moderator',
      label: 'Anna',
    });
    const mod = await connectLive(server.url, { grant: grant.secret });
    sockets.push(mod);
    const revision = async () =>
      dataOf(await request(mod, 'mod:join', { partId: part.id })).questions.find((q) => q.id === first.id)!
        .revision;
    dataOf(
      await request(mod, 'mod:act', {
        action: 'on_air',
        questionId: first.id,
        revision: await revision(),
        previous: 'answered',
      }),
    );
    dataOf(
      await request(mod, 'mod:act', { action: 'answered', questionId: first.id, revision: await revision() }),
    );

    // Three viewers watch the part this minute (the moderator is staff, not audience).
    await server.app.get(ViewerSampler).sample();

    const response = await analytics({ Authorization: `Bearer ${TEST_ADMIN_TOKEN}` });
    expect(response.status).toBe(200);
    const body = (await response.json()) as EventAnalytics;
    const figures = body.blocks.find((b) => b.blockId === block.id)!;
    expect(figures).toMatchObject({
      title: block.title,
      questions: 3,
      askers: 2,
      votes: 3,
      voters: 2,
      answered: 1,
      answeredLive: 1,
      answeredInText: 0,
      peakViewers: 3,
    });
    expect(figures.medianSecondsToAnswer).toBeGreaterThanOrEqual(0);
    expect(figures.topQuestions.map((q) => [q.id, q.votes])).toEqual([
      [first.id, 2],
      [third.id, 1],
      [expect.any(String), 0],
    ]);
    // Every block of the event is listed, the quiet ones with zeros and no audience yet.
    expect(body.blocks).toHaveLength(
      (await fetchEvent(server.url, SEED_SLUG)).parts.flatMap((p) => p.items).filter((i) => i.kind === 'qa')
        .length,
    );
    const quiet = body.blocks.find((b) => b.blockId !== block.id)!;
    expect(quiet).toMatchObject({ questions: 0, votes: 0, medianSecondsToAnswer: null, peakViewers: null });

    // Per talk: the two questions about the first talk, its two votes from two people.
    expect(body.talks.find((t) => t.talkId === talk.id)).toMatchObject({
      questions: 2,
      askers: 2,
      votes: 3,
      voters: 2,
      answered: 1,
    });

    // The part's timeline: the three questions and the three viewers fall in the bucket of now.
    const timeline = body.parts.find((p) => p.partId === part.id)!.timeline;
    expect(timeline.reduce((sum, point) => sum + point.questions, 0)).toBe(3);
    const now = timeline.find((point) => point.questions > 0)!;
    expect(now.viewers).toBe(3);
    expect(Date.parse(timeline[0].at)).toBeLessThanOrEqual(Date.parse(part.start));
  });

  it('tells answers in text from answers given live, per block and per talk', async () => {
    // The part's second block, untouched by the case above, takes questions already.
    const block = part.items.filter((item) => item.kind === 'qa')[1];
    const talk = block.covers[0];
    const asker = await viewer();
    const ask = async (body: string) =>
      dataOf(
        await request(asker, 'question:ask', { id: randomUUID(), blockId: block.id, talkId: talk.id, body }),
      );
    const inText = await ask('Is there a reading list for this talk?');
    const live = await ask('Could you show the second slide again?');
    await ask('Not answered at all?');

    const grant = await issueGrant(server.url, TEST_ADMIN_TOKEN, SEED_SLUG, {
      role: 'moderator',
      label: 'Ben',
    });
    const mod = await connectLive(server.url, { grant: grant.secret });
    sockets.push(mod);
    const revision = async (id: string) =>
      dataOf(await request(mod, 'mod:join', { partId: part.id })).questions.find((q) => q.id === id)!
        .revision;
    dataOf(
      await request(mod, 'mod:act', {
        action: 'reply',
        questionId: inText.id,
        revision: await revision(inText.id),
        text: 'Yes: it is on the course page.',
      }),
    );
    dataOf(
      await request(mod, 'mod:act', {
        action: 'answered',
        questionId: live.id,
        revision: await revision(live.id),
      }),
    );

    const body = (await (
      await analytics({ Authorization: `Bearer ${TEST_ADMIN_TOKEN}` })
    ).json()) as EventAnalytics;
    const expected = { questions: 3, answered: 2, answeredLive: 1, answeredInText: 1 };
    expect(body.blocks.find((b) => b.blockId === block.id)).toMatchObject(expected);
    expect(body.talks.find((t) => t.talkId === talk.id)).toMatchObject(expected);
  });
});
