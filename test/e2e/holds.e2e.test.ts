// Holds for patient data and profanity (issue 13) in Chromium, pre-moderation off: a viewer is
// warned before sending likely patient identifiers and sends for review; the moderator console
// shows the flag with the words marked; another viewer sees nothing until it is approved.
import { describe, expect, it } from 'vitest';
import { checkAccessibility, describeViolations, screenshot, staffLink, useBrowserApp } from './harness.js';

const IDENTIFYING = 'Mrs Johnson (MRN 48392017) refuses contrast; what would you do?';
const RUDE = 'Why is this bullshit report still not ready?';

describe('holds in Chromium', () => {
  const { pages, server } = useBrowserApp();

  it('warns the asker, holds the question and marks the words for the moderator', async () => {
    const link = await staffLink(server(), { role: 'moderator' });
    const [asker, other, moderator] = await Promise.all([
      pages.newPage({ viewport: { width: 360, height: 740 } }),
      pages.newPage(),
      pages.newPage(),
    ]);
    await Promise.all([pages.openViewer(asker), pages.openViewer(other)]);
    await moderator.goto(link);
    // The switches are folded away under one summary, so the incoming questions come first.
    await moderator.getByText('Settings, Q&A blocks and export', { exact: true }).click();
    const holdSwitch = moderator.getByRole('switch', { name: 'Hold questions that may identify a patient' });
    await holdSwitch.waitFor();
    expect(await holdSwitch.getAttribute('aria-checked')).toBe('true');
    expect(await moderator.getByRole('switch', { name: 'Pre-moderation' }).getAttribute('aria-checked')).toBe(
      'false',
    );

    await asker.getByRole('textbox', { name: 'Your question', exact: true }).fill(IDENTIFYING);
    await asker.getByRole('button', { name: 'Send', exact: true }).click();
    const alert = asker.getByRole('alertdialog', { name: 'This may identify a patient' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('“Johnson”');
    expect(await alert.textContent()).toContain('“48392017”');
    const violations = await checkAccessibility(asker);
    expect(violations, describeViolations(violations)).toEqual([]);
    await screenshot(asker, 'holds-viewer-alert');

    await alert.getByRole('button', { name: 'Send for review' }).click();
    const mine = asker
      .getByRole('list', { name: 'Questions asked' })
      .getByRole('article')
      .filter({ hasText: IDENTIFYING });
    await mine.getByText('Only you can see this: waiting for review').waitFor();

    const card = moderator.getByRole('article', { name: `Question: ${IDENTIFYING}`, exact: true });
    await card.getByText('Possible patient data', { exact: true }).waitFor();
    expect(await card.locator('mark').allTextContents()).toEqual(['Johnson', '48392017']);

    // Profanity is held by the server alone: no warning, straight to review.
    await other.getByRole('textbox', { name: 'Your question', exact: true }).fill(RUDE);
    await other.getByRole('button', { name: 'Send', exact: true }).click();
    await other
      .getByRole('list', { name: 'Questions asked' })
      .getByText('Only you can see this: waiting for review')
      .waitFor();
    const rude = moderator.getByRole('article', { name: `Question: ${RUDE}`, exact: true });
    await rude.getByText('Profanity', { exact: true }).waitFor();
    expect(await rude.locator('mark').allTextContents()).toEqual(['bullshit']);
    await screenshot(moderator, 'holds-moderator-flags');

    // Neither reached the other viewer; approving lets the first one out.
    expect(await other.getByRole('article').filter({ hasText: IDENTIFYING }).count()).toBe(0);
    await card.getByRole('button', { name: 'Approve' }).click();
    await other.getByRole('article').filter({ hasText: IDENTIFYING }).waitFor();
    expect(await asker.getByRole('article').filter({ hasText: RUDE }).count()).toBe(0);
    expect(pages.pageErrors).toEqual([]);
  });
});
