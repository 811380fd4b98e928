// The screens at the edges of the course day, in Chromium at the sizes they are used at: the
// overlay at 1920x1080 with the longest question and name there can be, the speaker view at
// 1280x720 with the same question, and the moderator console at 1366x768. A rehearsal clock
// during "Breaking bad news" (13:20 CET on 22 February 2024; both Q&A blocks take questions).
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DISPLAY_NAME_LENGTH, MAX_QUESTION_LENGTH } from '../../shared/limits.js';
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
import { TEST_ADMIN_TOKEN, type TestApp } from '../utils/test-app.js';
import path from 'node:path';
import {
  checkAccessibility,
  describeViolations,
  launchBrowser,
  screenshot,
  SCREENSHOT_DIR,
  startE2eApp,
} from './harness.js';

/** The first screen only (what is seen without scrolling), unlike the harness's full page. */
async function firstScreen(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

const WAIT = { timeout: 10_000, interval: 100 };

// 500 characters of ordinary words, as a long question from the audience would be.
const LONG_QUESTION = (() => {
  const sentence =
    'When a patient asks during the ultrasound whether the shadow on the screen is cancer, and the referring clinician has not yet spoken with them, what exactly do you say in that moment, ';
  let text = '';
  while (text.length < MAX_QUESTION_LENGTH) text += sentence;
  return `${text.slice(0, MAX_QUESTION_LENGTH - 1).trimEnd()}?`.padEnd(MAX_QUESTION_LENGTH, '?');
})();
// 80 characters, with long words, so that a cut inside a word would show.
const LONG_NAME = 'Dr. Anna-Maria Konstantinopoulou-Vasquez, Medizinische Universität Innsbruck, AT';

describe('the course day’s screens in Chromium', () => {
  let server: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const sockets: LiveClient[] = [];
  const pageErrors: string[] = [];
  let moderatorLink: string;
  let speakerLink: string;

  beforeAll(async () => {
    expect([...LONG_QUESTION]).toHaveLength(MAX_QUESTION_LENGTH);
    expect([...LONG_NAME]).toHaveLength(MAX_DISPLAY_NAME_LENGTH);
    server = await startE2eApp({ CLOCK_START: '2024-02-22T13:20:00+01:00' });
    browser = await launchBrowser();
    const moderatorGrant = await issueGrant(server.url, TEST_ADMIN_TOKEN, SEED_SLUG, { role: 'moderator' });
    moderatorLink = moderatorGrant.link;
    speakerLink = (await issueGrant(server.url, TEST_ADMIN_TOKEN, SEED_SLUG, { role: 'speaker' })).link;

    // A viewer asks the longest question with the longest name; a moderator puts it on air and
    // lets speakers mark it answered; a few more wait in Incoming.
    const part = (await fetchEvent(server.url, SEED_SLUG)).parts[0];
    const blockId = part.items.find((item) => item.kind === 'qa')!.id;
    const viewer = await connectViewer(server.url);
    sockets.push(viewer.socket);
    const asked = dataOf(
      await request(viewer.socket, 'question:ask', {
        id: randomUUID(),
        blockId,
        body: LONG_QUESTION,
        displayName: LONG_NAME,
      }),
    );
    for (const body of [
      'How much silence is too much after bad news?',
      'Should the report be read together with the patient?',
      'Which words do children understand best?',
    ]) {
      dataOf(await request(viewer.socket, 'question:ask', { id: randomUUID(), blockId, body }));
    }
    const mod = await connectLive(server.url, { grant: moderatorGrant.secret });
    sockets.push(mod);
    const snapshot = dataOf(await request(mod, 'mod:join', { partId: part.id }));
    dataOf(await request(mod, 'mod:settings', { partId: part.id, speakersMayAnswer: true }));
    const revision = snapshot.questions.find((q) => q.id === asked.id)!.revision;
    dataOf(
      await request(mod, 'mod:act', {
        action: 'on_air',
        questionId: asked.id,
        revision,
        previous: 'answered',
      }),
    );
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    expect(pageErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await browser?.close();
    await server?.close();
  });

  async function open(path: string, viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({
      locale: 'en-GB',
      timezoneId: 'Europe/Vienna',
      viewport,
      reducedMotion: 'reduce',
    });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    await page.goto(`${server.url}${path}`);
    return page;
  }

  /** Each word of the element's text lies on one line: nothing was broken inside a word. */
  function wordsWhole(page: Page, selector: string): Promise<string[]> {
    return page.locator(selector).evaluate((element) => {
      const text = element.firstChild!;
      const content = text.textContent!;
      const broken: string[] = [];
      for (const match of content.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(text, match.index);
        range.setEnd(text, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
      return broken;
    });
  }

  it('overlay at 1920x1080: the 500-character question and the 80-character name show whole', async () => {
    const page = await open(`/e/${SEED_SLUG}/overlay`, { width: 1920, height: 1080 });
    const card = page.locator('.lower-third.visible');
    await card.waitFor();
    await expect.poll(() => card.locator('.question').textContent(), WAIT).toBe(LONG_QUESTION);
    // Within the lower part of the frame once fitted.
    await expect
      .poll(async () => {
        const box = (await card.boundingBox())!;
        return box.y >= 0 && box.y + box.height <= 1080 && box.height <= 1080 * 0.62;
      }, WAIT)
      .toBe(true);
    // Not clipped: the text's full height is shown.
    const clipped = await card
      .locator('.question')
      .evaluate((el) => el.scrollHeight > el.clientHeight + 1 || getComputedStyle(el).overflow === 'hidden');
    expect(clipped).toBe(false);
    expect(await card.locator('.name').textContent()).toBe(LONG_NAME);
    expect(await wordsWhole(page, '.lower-third .name')).toEqual([]);
    // Still large enough to read on a broadcast.
    const fontPx = await card
      .locator('.question')
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fontPx).toBeGreaterThanOrEqual(24);
    await screenshot(page, 'course-day-overlay-1920x1080');
  });

  it('speaker view at 1280x720: the whole question on air, the clock, and "Mark answered" without scrolling', async () => {
    const page = await open(speakerLink, { width: 1280, height: 720 });
    const onAir = page.getByRole('region', { name: 'On air', exact: true });
    await onAir.getByText(LONG_QUESTION).waitFor();
    const mark = onAir.getByRole('button', { name: 'Mark answered' });
    await mark.waitFor();
    await expect
      .poll(async () => {
        const question = (await onAir.locator('.question').boundingBox())!;
        const button = (await mark.boundingBox())!;
        return question.y >= 0 && question.y + question.height <= 720 && button.y + button.height <= 720;
      }, WAIT)
      .toBe(true);
    // The clock: the rehearsal started at 13:20, and on a loaded machine a minute or more may
    // have passed since.
    await page
      .getByText(/^13:2\d$/)
      .first()
      .waitFor();
    await page.getByText(/^Talk: \d\d:\d\d left$/).waitFor();
    const violations = await checkAccessibility(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await firstScreen(page, 'course-day-speaker-1280x720');
  });

  it('moderator console at 1366x768: the incoming questions are the first thing on screen', async () => {
    const page = await open(moderatorLink, { width: 1366, height: 768 });
    const incoming = page.getByRole('region', { name: /^Incoming\b/ });
    const firstCard = incoming.getByRole('article').first();
    await firstCard.waitFor();
    const box = (await firstCard.boundingBox())!;
    expect(box.y + Math.min(box.height, 120)).toBeLessThanOrEqual(768);
    // Settings, blocks and export are folded away until asked for.
    expect(await page.getByRole('switch', { name: 'Pre-moderation' }).isVisible()).toBe(false);
    await page.getByText('Settings, Q&A blocks and export').click();
    expect(await page.getByRole('switch', { name: 'Pre-moderation' }).isVisible()).toBe(true);
    await page.getByText('Settings, Q&A blocks and export').click();
    // The filters (block, sort, talk, search) share rows: two incoming questions show whole.
    const second = (await incoming.getByRole('article').nth(1).boundingBox())!;
    expect(second.y + second.height).toBeLessThanOrEqual(768);
    await incoming.getByRole('combobox', { name: 'Q&A block' }).waitFor();
    // The sound for questions to review is there, and off until the moderator turns it on.
    expect(
      await page
        .getByRole('switch', { name: 'Sound for new questions to review' })
        .getAttribute('aria-checked'),
    ).toBe('false');
    // The overlay's card as it will go on air, with the warning that the long question is shrunk.
    const preview = page.getByRole('figure', { name: 'On the overlay' });
    await preview.waitFor();
    await expect
      .poll(() => preview.getByRole('status').textContent(), WAIT)
      .toMatch(/^Does not fit at full size: on air the text is shrunk to \d+%/);
    await preview.scrollIntoViewIfNeeded();
    await preview.screenshot({ path: path.join(SCREENSHOT_DIR, 'course-day-moderator-overlay-preview.png') });
    const violations = await checkAccessibility(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await firstScreen(page, 'course-day-moderator-1366x768');
  });

  it('moderator console: the card’s More menu works from the keyboard and passes axe while open', async () => {
    const page = await open(moderatorLink, { width: 1366, height: 768 });
    const incoming = page.getByRole('region', { name: /^Incoming\b/ });
    const card = incoming.getByRole('article').first();
    const more = card.getByRole('button', { name: 'More' });
    await more.focus();
    await page.keyboard.press('ArrowDown');
    const menu = card.getByRole('menu', { name: 'More' });
    await menu.waitFor();
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent?.trim()), WAIT)
      .toBe('Star');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Answer in text');
    const violations = await checkAccessibility(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await firstScreen(page, 'course-day-moderator-menu');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('More');
  });

  it('event page on a 390x844 phone: stream, questions and agenda are one tap away on the sticky switcher', async () => {
    const page = await open(`/e/${SEED_SLUG}`, { width: 390, height: 844 });
    const switcher = page.getByRole('navigation', { name: 'Jump to' });
    await switcher.waitFor();
    await page.getByRole('heading', { name: 'Questions asked' }).waitFor();
    const inView = async (id: string): Promise<boolean> =>
      page.locator(`#${id}`).evaluate((element) => {
        const top = element.getBoundingClientRect().top;
        return top >= 0 && top < window.innerHeight / 2;
      });

    for (const [name, id] of [
      ['Agenda', 'agenda-section'],
      ['Questions', 'qa-section'],
      ['Stream', 'stream-section'],
    ] as const) {
      await switcher.getByRole('link', { name }).click();
      await expect.poll(() => inView(id), WAIT).toBe(true);
      // The switcher stays on screen wherever the page is.
      const bar = (await switcher.boundingBox())!;
      expect(bar.y).toBeGreaterThanOrEqual(0);
      expect(bar.y + bar.height).toBeLessThanOrEqual(844);
      await expect
        .poll(() => switcher.getByRole('link', { name }).getAttribute('aria-current'), WAIT)
        .toBe('true');
    }
    // The agenda is far down the column; the switcher is the one tap that reaches it.
    const agendaTop = await page.locator('#agenda-section').evaluate((el) => (el as HTMLElement).offsetTop);
    expect(agendaTop).toBeGreaterThan(844);
    await firstScreen(page, 'course-day-phone-390x844-top');
    await switcher.getByRole('link', { name: 'Agenda' }).click();
    await expect.poll(() => inView('agenda-section'), WAIT).toBe(true);
    const violations = await checkAccessibility(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await firstScreen(page, 'course-day-phone-390x844-agenda');
  });

  it('event page at 1440x900: no switcher, the three sections side by side', async () => {
    const page = await open(`/e/${SEED_SLUG}`, { width: 1440, height: 900 });
    await page.getByRole('heading', { name: 'Questions asked' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Jump to' }).isVisible()).toBe(false);
  });
});
