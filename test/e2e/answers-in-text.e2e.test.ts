// Answers in text (issue 13) in Chromium: a moderator answers a question in writing from the
// card's "More" menu; another viewer sees the answer under the question, and the asker's
// question says it was answered in text. A speaker, when the event lets speakers answer, does
// the same from the speaker view, and finds the answer in its "Answered in text" list.
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { connectLive, dataOf, fetchEvent, issueGrant, request } from '../utils/live-client.js';
import { TEST_ADMIN_TOKEN } from '../utils/test-app.js';
import {
  checkAccessibility,
  describeViolations,
  questionBox,
  screenshot,
  SCREENSHOT_DIR,
  SEED_SLUG,
  staffLink,
  useBrowserApp,
} from './harness.js';

const QUESTION = 'Is there a handout with the SPIKES steps?';
const ANSWER = 'Yes: it is on the course page under Materials.\nPage 2 has the six steps.';
const SPEAKER_QUESTION = 'How long should the silence after bad news last?';
const SPEAKER_ANSWER = 'Longer than feels comfortable: count to ten, then ask what they understood.';
const RACED_QUESTION = 'Should the family be in the room for the results talk?';
const RACED_DRAFT = 'If the patient wants them there, yes.';

/** Waits for the answer in text under a question and checks its words, line breaks kept. */
async function expectAnswer(question: Locator, by: string, text: string): Promise<void> {
  await question.getByText(`Answered in text by ${by}`).waitFor();
  expect(await question.locator('[data-reply] .text').innerText()).toBe(text);
}

/** No serious axe finding on the page as it is now; then its screenshot. */
async function checkedScreenshot(page: Page, name: string): Promise<void> {
  const violations = await checkAccessibility(page);
  expect(violations, describeViolations(violations)).toEqual([]);
  await screenshot(page, name);
}

describe('answers in text in Chromium', () => {
  const { pages, server } = useBrowserApp();

  it('the moderator answers in text; viewers see the answer under the question', async () => {
    const link = await staffLink(server(), { role: 'moderator', label: 'Anna' });
    const [asker, other, moderator] = await Promise.all([
      pages.newPage(),
      pages.newPage({ viewport: { width: 390, height: 844 } }),
      pages.newPage(),
    ]);
    await Promise.all([pages.openViewer(asker), pages.openViewer(other)]);
    await moderator.goto(link);

    await questionBox(asker).fill(QUESTION);
    await asker.getByRole('button', { name: 'Send', exact: true }).click();
    await asker
      .getByRole('list', { name: 'Questions asked' })
      .getByRole('article')
      .filter({ hasText: QUESTION })
      .waitFor();

    const card = moderator.getByRole('article', { name: `Question: ${QUESTION}`, exact: true });
    await card.getByRole('button', { name: 'More' }).click();
    await moderator.getByRole('menuitem', { name: 'Answer in text' }).click();
    const field = card.getByRole('textbox', { name: /Answer in text/ });
    await field.fill(ANSWER);
    await card.getByRole('button', { name: 'Send answer' }).click();
    await card.getByText('Answered in text by Anna').waitFor();
    await screenshot(moderator, 'answers-in-text-moderator');

    // Another viewer: the answer under the question, line break kept, under "Answered" too.
    const seen = other
      .getByRole('list', { name: 'Questions asked' })
      .getByRole('article')
      .filter({ hasText: QUESTION });
    await expectAnswer(seen, 'Anna', ANSWER);
    await other
      .getByRole('group', { name: 'Show questions' })
      .getByRole('button', { name: 'Answered' })
      .click();
    await seen.getByText('Answered in text by Anna').waitFor();
    await seen.scrollIntoViewIfNeeded();
    await checkedScreenshot(other, 'answers-in-text-viewer');
    // The full page of a phone is long: the question itself, as the viewer sees it, too.
    await seen.screenshot({ path: path.join(SCREENSHOT_DIR, 'answers-in-text-viewer-question.png') });

    // The asker's question says how it was answered.
    const mine = asker
      .getByRole('list', { name: 'Questions asked' })
      .getByRole('article')
      .filter({ hasText: QUESTION });
    await mine.getByText('Answered in text', { exact: true }).waitFor();
    await mine.getByText('Answered in text by Anna').waitFor();

    // After the event the organizer publishes the answered questions: a public page lists them.
    const published = await fetch(`${server().url}/api/events/${SEED_SLUG}/settings`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ answersPublished: true }),
    });
    expect(published.status).toBe(200);
    await other.goto(`${server().url}/e/${SEED_SLUG}/answers`);
    const answer = other.getByRole('article').filter({ hasText: QUESTION });
    await expectAnswer(answer, 'Anna', ANSWER);
    await checkedScreenshot(other, 'answers-published-page');
  });

  it('a speaker answers a queued question in text from the speaker view; viewers see the answer', async () => {
    const moderatorGrant = await issueGrant(server().url, TEST_ADMIN_TOKEN, SEED_SLUG, { role: 'moderator' });
    const speakerLink = await staffLink(server(), { role: 'speaker', label: 'Dr Radzina' });
    const [viewer, stage] = await Promise.all([
      pages.newPage({ viewport: { width: 390, height: 844 } }),
      pages.newPage({ viewport: { width: 1280, height: 720 } }),
    ]);
    await pages.openViewer(viewer);
    await questionBox(viewer).fill(SPEAKER_QUESTION);
    await viewer.getByRole('button', { name: 'Send', exact: true }).click();
    const seen = viewer
      .getByRole('list', { name: 'Questions asked' })
      .getByRole('article')
      .filter({ hasText: SPEAKER_QUESTION });
    await seen.waitFor();

    // The moderators queue it and let speakers answer.
    const mod = await connectLive(server().url, { grant: moderatorGrant.secret });
    try {
      const partId = (await fetchEvent(server().url, SEED_SLUG)).parts[0].id;
      const asked = dataOf(await request(mod, 'mod:join', { partId })).questions.find(
        (q) => q.body === SPEAKER_QUESTION,
      )!;
      dataOf(await request(mod, 'mod:settings', { partId, speakersMayAnswer: true }));
      dataOf(
        await request(mod, 'mod:act', { action: 'queue', questionId: asked.id, revision: asked.revision }),
      );
    } finally {
      mod.close();
    }

    await stage.goto(speakerLink);
    const next = stage.getByRole('region', { name: 'Next in the queue' });
    const item = next.getByRole('listitem').filter({ hasText: SPEAKER_QUESTION });
    await item.getByRole('button', { name: 'Answer in text' }).click();
    const field = item.getByRole('textbox', { name: /Answer in text/ });
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
    await field.fill(SPEAKER_ANSWER);
    await checkedScreenshot(stage, 'answers-in-text-speaker-form');
    await item.getByRole('button', { name: 'Send answer' }).click();

    // Out of the queue, into the folded list of answers in text (the first test's answer is there too).
    await item.waitFor({ state: 'detached' });
    const summary = stage.getByText(/^Answered in text \(\d+\)$/);
    await summary.click();
    const listed = stage.getByRole('listitem').filter({ hasText: SPEAKER_QUESTION });
    await expectAnswer(listed, 'Dr Radzina', SPEAKER_ANSWER);
    await checkedScreenshot(stage, 'answers-in-text-speaker-list');

    // The viewer: the speaker's answer under the question.
    await expectAnswer(seen, 'Dr Radzina', SPEAKER_ANSWER);
    await seen.screenshot({ path: path.join(SCREENSHOT_DIR, 'answers-in-text-speaker-viewer.png') });
  });

  it('keeps a speaker’s draft when a moderator answers that question first', async () => {
    const moderatorGrant = await issueGrant(server().url, TEST_ADMIN_TOKEN, SEED_SLUG, { role: 'moderator' });
    const speakerLink = await staffLink(server(), { role: 'speaker', label: 'Dr Radzina' });
    const stage = await pages.newPage({ viewport: { width: 1280, height: 720 } });
    const asker = await pages.newPage({ viewport: { width: 390, height: 844 } });
    await pages.openViewer(asker);
    await questionBox(asker).fill(RACED_QUESTION);
    await asker.getByRole('button', { name: 'Send', exact: true }).click();
    // Stored once the asker's list shows it.
    await asker
      .getByRole('list', { name: 'Questions asked' })
      .getByRole('article')
      .filter({ hasText: RACED_QUESTION })
      .waitFor();

    const mod = await connectLive(server().url, { grant: moderatorGrant.secret });
    try {
      const partId = (await fetchEvent(server().url, SEED_SLUG)).parts[0].id;
      const find = async () =>
        dataOf(await request(mod, 'mod:join', { partId })).questions.find((q) => q.body === RACED_QUESTION)!;
      const asked = await find();
      dataOf(await request(mod, 'mod:settings', { partId, speakersMayAnswer: true }));
      dataOf(
        await request(mod, 'mod:act', { action: 'queue', questionId: asked.id, revision: asked.revision }),
      );

      await stage.goto(speakerLink);
      const item = stage
        .getByRole('region', { name: 'Next in the queue' })
        .getByRole('listitem')
        .filter({ hasText: RACED_QUESTION });
      await item.getByRole('button', { name: 'Answer in text' }).click();
      await item.getByRole('textbox', { name: /Answer in text/ }).fill(RACED_DRAFT);

      // The moderator answers it first: it leaves the queue under the speaker's typing.
      const queued = await find();
      dataOf(
        await request(mod, 'mod:act', {
          action: 'reply',
          questionId: queued.id,
          revision: queued.revision,
          text: 'Answered by the moderators.',
        }),
      );
    } finally {
      mod.close();
    }
    const kept = stage.getByRole('status', { name: 'Your answer was not sent' });
    await kept.waitFor();
    expect(await kept.getByRole('textbox').inputValue()).toBe(RACED_DRAFT);
    await checkedScreenshot(stage, 'answers-in-text-speaker-stranded-draft');
    await kept.getByRole('button', { name: 'Dismiss' }).click();
    await kept.waitFor({ state: 'detached' });
  });
});
