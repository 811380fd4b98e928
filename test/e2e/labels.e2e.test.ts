// Labels (issue 13) in Chromium: a moderator adds labels and tags a question from the card's
// "More" menu; the viewer sees the chip and filters the list by it; the speaker view shows it.
import { describe, expect, it } from 'vitest';
import {
  checkAccessibility,
  describeViolations,
  questionBox,
  screenshot,
  staffLink,
  useBrowserApp,
} from './harness.js';

const ABOUT_SCAN = 'How do you explain an incidental finding on the CT to a worried patient?';
const GENERAL = 'Do you rehearse bad news conversations with your residents?';

describe('labels in Chromium', () => {
  const { pages, server } = useBrowserApp();

  it('tags a question; the viewer filters by the label and the speaker sees it', async () => {
    const [viewer, moderator, speaker] = await Promise.all([
      pages.newPage(),
      pages.newPage({ viewport: { width: 1366, height: 900 } }),
      pages.newPage({ viewport: { width: 1280, height: 720 } }),
    ]);
    await pages.openViewer(viewer);
    for (const body of [ABOUT_SCAN, GENERAL]) {
      await questionBox(viewer).fill(body);
      await viewer.getByRole('button', { name: 'Send', exact: true }).click();
      await viewer.getByRole('list', { name: 'Questions asked' }).getByText(body).waitFor();
    }

    await moderator.goto(await staffLink(server(), { role: 'moderator' }));
    await moderator.getByText('Labels (0)', { exact: true }).click();
    for (const name of ['Imaging', 'For the panel']) {
      await moderator.getByLabel('New label').fill(name);
      await moderator.getByRole('button', { name: 'Add label' }).click();
      await moderator.getByRole('button', { name: `Rename the label ${name}` }).waitFor();
    }
    await moderator.getByText('Labels (2)', { exact: true }).waitFor();

    const card = moderator.getByRole('article', { name: `Question: ${ABOUT_SCAN}`, exact: true });
    await card.getByRole('button', { name: 'More' }).click();
    await card.getByRole('menuitem', { name: 'Labels…' }).click();
    const picker = card.getByRole('group', { name: 'Labels of this question (at most 5)' });
    await picker.getByRole('checkbox', { name: 'Imaging' }).check();
    await picker.getByRole('checkbox', { name: 'For the panel' }).check();
    await card.getByRole('button', { name: 'Save' }).click();
    const chips = card.getByRole('list', { name: 'Labels' });
    await chips.waitFor();
    expect(await chips.getByRole('listitem').allTextContents()).toEqual(['For the panel', 'Imaging']);
    const violations = await checkAccessibility(moderator);
    expect(violations, describeViolations(violations)).toEqual([]);
    await screenshot(moderator, 'labels-moderator');

    // The viewer: the chips on the question, and the filter beside All/Answered.
    const list = viewer.getByRole('list', { name: 'Questions asked' });
    await list.getByRole('list', { name: 'Labels' }).waitFor();
    const filter = viewer.getByRole('combobox', { name: 'Label' });
    await filter.selectOption({ label: 'Imaging' });
    await list.getByText(GENERAL).waitFor({ state: 'detached' });
    expect(await list.getByText(ABOUT_SCAN).count()).toBe(1);
    const viewerViolations = await checkAccessibility(viewer);
    expect(viewerViolations, describeViolations(viewerViolations)).toEqual([]);
    await screenshot(viewer, 'labels-viewer-filter');

    // The speaker view shows the labels of the question on air.
    await speaker.goto(await staffLink(server(), { role: 'speaker' }));
    await card.getByRole('button', { name: 'Put on air' }).click();
    const onAir = speaker.getByRole('region', { name: 'On air' });
    await onAir.getByText(ABOUT_SCAN).waitFor();
    expect(await onAir.getByRole('list', { name: 'Labels' }).getByRole('listitem').allTextContents()).toEqual(
      ['For the panel', 'Imaging'],
    );
    await screenshot(speaker, 'labels-speaker');
    expect(pages.pageErrors).toEqual([]);
  });
});
