// The agenda in a real browser: the built client served by the real server, on a clock that
// stands during "Breaking bad news" (13:20 CET on 22 February 2024) however long the tests take.
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../utils/manual-clock.js';
import type { TestApp } from '../utils/test-app.js';
import {
  checkAccessibility,
  describeViolations,
  focusState,
  launchBrowser,
  screenshot,
  startE2eApp,
  tabUntil,
  watchPage,
} from './harness.js';

const SLUG = 'esor-patient-communication-course';
const TITLE = 'ESOR Patient Communication Course';
const PART_1 = 'Patient Communication Course - Part 1';
const FIRST_TALK = 'Interacting with patients during ultrasound';
const CURRENT_TALK = 'Breaking bad news';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };

describe('the agenda in Chromium', () => {
  let server: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startE2eApp({}, { clock: new ManualClock(new Date('2024-02-22T13:20:00+01:00')) });
    browser = await launchBrowser();
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    // An uncaught exception in the page fails the test that caused it.
    expect(pageErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A fresh context (own storage): English, Vienna's clock unless a test says otherwise. */
  async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
    const context = await browser.newContext({
      locale: 'en-GB',
      timezoneId: 'Europe/Vienna',
      viewport: DESKTOP,
      reducedMotion: 'reduce',
      ...options,
    });
    contexts.push(context);
    const page = await context.newPage();
    watchPage(page, pageErrors);
    return page;
  }

  async function openEvents(page: Page): Promise<void> {
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: TITLE }).waitFor();
  }

  /** Opens the course and waits until the clock has been read (the current item is marked). */
  async function openEvent(page: Page): Promise<void> {
    await page.goto(`${server.url}/e/${SLUG}`);
    await eventReady(page);
  }

  async function eventReady(page: Page): Promise<void> {
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await page.locator('li[aria-current="true"]').waitFor();
  }

  /** The start time shown for the first talk of part 1. */
  function firstTalkStart(page: Page) {
    return page
      .getByRole('region', { name: PART_1 })
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: FIRST_TALK }) })
      .locator('time')
      .first();
  }

  it('lists the seed course and opens its agenda from the link', async () => {
    const page = await newPage();
    await openEvents(page);
    await page.getByRole('link', { name: TITLE }).click();
    await page.waitForURL(`${server.url}/e/${SLUG}`);
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(await page.title()).toContain(TITLE);
  });

  it('marks the talk on now and counts down to the next Q&A block', async () => {
    const page = await newPage();
    await openEvent(page);

    const current = page.locator('li[aria-current="true"]');
    expect(await current.count()).toBe(1);
    expect(await current.getByRole('heading').textContent()).toBe(CURRENT_TALK);
    expect(await current.getByRole('progressbar').getAttribute('aria-label')).toBe(
      `Progress of ${CURRENT_TALK}`,
    );

    // The Q&A block starts at 14:30 CET: 1:10:00 from 13:20 (the page's own clock runs on from there).
    const countdown = page.getByRole('timer').filter({ hasText: 'Q&A in' });
    await expect.poll(() => countdown.textContent(), { timeout: 10_000 }).toMatch(/Q&A in 1:(09|10):\d\d/);
  });

  it('shows CET times, the viewer’s zone on request, and remembers the choice', async () => {
    const page = await newPage({ timezoneId: 'America/New_York' });
    await openEvent(page);

    const toggle = page.getByRole('button', { name: /time zone/i });
    expect(await firstTalkStart(page).textContent()).toBe('12:30');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await page.getByText('Times in CET').waitFor();

    await toggle.click();
    await expect.poll(() => firstTalkStart(page).textContent()).toMatch(/^0?6:30$/);
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await page.getByText('Times in your time zone').waitFor();

    await page.reload();
    await eventReady(page);
    expect(await firstTalkStart(page).textContent()).toMatch(/^0?6:30$/);
    expect(await page.getByRole('button', { name: /time zone/i }).getAttribute('aria-pressed')).toBe('true');

    await toggle.click();
    await expect.poll(() => firstTalkStart(page).textContent()).toBe('12:30');
  });

  /** The page's width against the window's: wider means sideways scrolling. */
  function widths(page: Page) {
    return page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
  }

  it('fits a 360 px phone without sideways scrolling', async () => {
    const page = await newPage({ viewport: PHONE, isMobile: true, hasTouch: true });

    await openEvents(page);
    const events = await widths(page);
    expect(events.scrollWidth, 'courses page').toBeLessThanOrEqual(events.innerWidth);
    await screenshot(page, 'events-phone');

    await openEvent(page);
    const agenda = await widths(page);
    expect(agenda.scrollWidth, 'event page').toBeLessThanOrEqual(agenda.innerWidth);
    await screenshot(page, 'event-phone');
  });

  it('lays both pages out on a desktop: the course listed, both afternoons, the talk on now and the question box on screen', async () => {
    const page = await newPage();
    await openEvents(page);
    expect(await page.getByRole('link', { name: TITLE }).isVisible()).toBe(true);
    const events = await widths(page);
    expect(events.scrollWidth, 'courses page').toBeLessThanOrEqual(events.innerWidth);
    await screenshot(page, 'events-desktop');

    await openEvent(page);
    const agenda = await widths(page);
    expect(agenda.scrollWidth, 'event page').toBeLessThanOrEqual(agenda.innerWidth);
    for (const part of [PART_1, 'Patient Communication Course - Part 2']) {
      expect(await page.getByRole('region', { name: part }).count(), part).toBe(1);
    }
    const current = page.locator('li[aria-current="true"]');
    await current.scrollIntoViewIfNeeded();
    expect(await current.getByRole('heading').textContent()).toBe(CURRENT_TALK);
    const box = await current.boundingBox();
    expect(
      box && box.x >= 0 && box.x + box.width <= DESKTOP.width,
      'the talk on now, within the window',
    ).toBe(true);
    const question = page.getByRole('textbox', { name: 'Your question', exact: true });
    await expect.poll(() => question.isEnabled(), { timeout: 10_000 }).toBe(true);
    await screenshot(page, 'event-desktop');
  });

  it('moves keyboard focus visibly and works the zone toggle from the keyboard', async () => {
    const page = await newPage();
    await openEvents(page);
    await page.keyboard.press('Tab');
    expect(await focusState(page)).toMatchObject({ onScreen: true, ring: true });
    expect((await focusState(page))?.description).toContain('Skip to content');
    await tabUntil(page, (state) => state.description.includes(TITLE));

    await openEvent(page);
    await tabUntil(page, (state) => state.description.includes('Show times in my time zone'));
    const toggle = page.getByRole('button', { name: /time zone/i });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await page.keyboard.press('Space');
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
  });

  it('has no serious or critical axe violations on the courses page', async () => {
    const page = await newPage();
    await openEvents(page);
    const violations = await checkAccessibility(page);
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  it('has no serious or critical axe violations on the event page', async () => {
    const page = await newPage();
    await openEvent(page);
    const violations = await checkAccessibility(page);
    expect(violations, describeViolations(violations)).toEqual([]);
  });
});
