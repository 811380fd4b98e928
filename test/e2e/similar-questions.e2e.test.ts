// "Similar questions" in Chromium: one viewer has asked; another, typing much the same question
// in other words (and with a typo), is offered those questions and upvotes one instead of asking.
// On a rehearsal clock during "Breaking bad news" (13:20 CET on 22 February 2024), when the
// part's Q&A blocks take questions and pre-moderation is off (the seed's default).
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { questionBox, screenshot, useBrowserApp, WAIT } from './harness.js';

const ASKED = [
  'How do you explain the radiation dose of a CT to anxious patients?',
  'Explaining radiation doses to children and their parents',
  'How much radiation does a chest CT give compared with a flight?',
  'Is the gel warmed before the ultrasound?',
];

describe('Similar questions in Chromium', () => {
  const { pages } = useBrowserApp();
  const openViewer = async () => pages.openViewer(await pages.newPage());

  function similar(page: Page): Locator {
    return page.getByRole('region', { name: 'Similar questions', exact: true });
  }

  it('offers others’ similar questions while typing, and an upvote instead of asking', async () => {
    const asker = await openViewer();
    const viewer = await openViewer();
    for (const body of ASKED) {
      await questionBox(asker).fill(body);
      await asker.getByRole('button', { name: 'Send', exact: true }).click();
      await expect.poll(() => questionBox(asker).inputValue(), WAIT).toBe('');
    }
    for (const body of ASKED) await viewer.getByText(body, { exact: true }).waitFor();

    // The asker is not offered their own questions.
    await questionBox(asker).fill('explain the radiation dose');
    await asker.waitForTimeout(600);
    expect(await similar(asker).count()).toBe(0);

    // The other viewer types the question in their own words, with a typo.
    await questionBox(viewer).pressSequentially('How should I explain radiaton dose to patients?', {
      delay: 5,
    });
    const region = similar(viewer);
    await region.waitFor();
    const items = region.getByRole('listitem');
    await expect.poll(() => items.allTextContents(), WAIT).toHaveLength(2);
    expect(await items.nth(0).textContent()).toContain(ASKED[0]);
    expect(await items.nth(1).textContent()).toContain(ASKED[1]);
    await region.getByText('Upvote instead of asking again', { exact: false }).waitFor();
    await screenshot(viewer, 'similar-questions-desktop');

    const upvote = items.nth(0).getByRole('button', { name: 'Upvote', exact: true });
    await upvote.click();
    await expect.poll(() => upvote.getAttribute('aria-pressed'), WAIT).toBe('true');
    // The vote counts for the question itself, in the list below, and the asker sees it too.
    const listed = viewer.getByRole('article').filter({ hasText: ASKED[0] });
    await expect.poll(() => listed.getByText(/^\d+ votes?$/).textContent(), WAIT).toBe('1 vote');
    const onAsker = asker.getByRole('article').filter({ hasText: ASKED[0] });
    await expect.poll(() => onAsker.getByText(/^\d+ votes?$/).textContent(), WAIT).toBe('1 vote');

    // Clearing the box hides the region at once.
    await questionBox(viewer).fill('');
    await expect.poll(() => similar(viewer).count(), WAIT).toBe(0);
    expect(pages.pageErrors).toEqual([]);
  });
});
