// The event page in German in Chromium, as a browser set to German opens it: the German
// catalogue loads on demand, <html lang> says so, the question box is "Ihre Frage" with
// "Senden", dates are German, and the English/Deutsch switch is remembered across a reload.
// On a rehearsal clock during "Breaking bad news" (13:20 CET on 22 February 2024).
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../utils/test-app.js';
import {
  checkAccessibility,
  describeViolations,
  launchBrowser,
  screenshot,
  SCREENSHOT_DIR,
  startE2eApp,
} from './harness.js';

const SLUG = 'esor-patient-communication-course';
const WAIT_MS = 10_000;
const WAIT = { timeout: WAIT_MS, interval: 100 };
/** A catalogue key as t() would show it had it no text ("qa.send"). */
const KEY_LIKE =
  /(?:^|[^\w/.-])(?:app|common|error|events|event|stream|agenda|live|qa|staff|mod|speaker|overlay|notFound|attendance|org|holds)\.[A-Za-z_]+\b/;

describe('The event page in German in Chromium', () => {
  let server: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startE2eApp({ CLOCK_START: '2024-02-22T13:20:00+01:00' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    await browser?.close();
    await server?.close();
  });

  async function germanBrowser(viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
      viewport,
      reducedMotion: 'reduce',
    });
    context.setDefaultTimeout(WAIT_MS);
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  }

  it('opens in German: "Ihre Frage", "Senden", German dates, no raw key, axe clean', async () => {
    const page = await germanBrowser();
    await page.goto(`${server.url}/e/${SLUG}`);
    const box = page.getByRole('textbox', { name: 'Ihre Frage', exact: true });
    await expect.poll(() => box.isEnabled(), WAIT).toBe(true);

    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await expect.poll(() => page.title(), WAIT).toContain('Live-Kursbegleiter');
    expect(await page.getByRole('button', { name: 'Senden', exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Deutsch', pressed: true }).isVisible()).toBe(true);
    expect(await page.getByRole('region', { name: 'Programm', exact: true }).isVisible()).toBe(true);
    expect(await page.getByText('Donnerstag, 22. Februar 2024').first().isVisible()).toBe(true);

    await box.fill('Wie erkläre ich einer ängstlichen Patientin die Strahlendosis einer CT?');
    await page.getByRole('button', { name: 'Senden', exact: true }).click();
    await expect
      .poll(() => page.getByText('Vielen Dank! Ihre Frage wurde gesendet.').isVisible(), WAIT)
      .toBe(true);
    await expect.poll(() => page.getByText('0 Stimmen').first().isVisible(), WAIT).toBe(true);

    const text = await page.evaluate(() => document.body.innerText);
    expect(text.split('\n').filter((line) => KEY_LIKE.test(line))).toEqual([]);
    const violations = await checkAccessibility(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await screenshot(page, 'german-event-page-1280x900');
    expect(pageErrors).toEqual([]);
  });

  it('on a phone too', async () => {
    const page = await germanBrowser({ width: 390, height: 844 });
    await page.goto(`${server.url}/e/${SLUG}`);
    const box = page.getByRole('textbox', { name: 'Ihre Frage', exact: true });
    await expect.poll(() => box.isEnabled(), WAIT).toBe(true);
    // The first screen, as the phone shows it: the header with the switch on one line.
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'german-event-page-phone-390x844.png') });
    const [brand, toggle] = await Promise.all([
      page.getByRole('link', { name: 'Live-Kursbegleiter' }).boundingBox(),
      page.getByRole('group', { name: 'Sprache' }).boundingBox(),
    ]);
    expect(Math.abs(brand!.y + brand!.height / 2 - (toggle!.y + toggle!.height / 2))).toBeLessThan(4);
    expect(pageErrors).toEqual([]);
  });

  it('the switch changes the page in place, and the choice outlives a reload', async () => {
    const page = await germanBrowser();
    await page.goto(`${server.url}/e/${SLUG}`);
    const german = page.getByRole('textbox', { name: 'Ihre Frage', exact: true });
    await expect.poll(() => german.isEnabled(), WAIT).toBe(true);
    await german.fill('Halb geschrieben');

    await page.getByRole('button', { name: 'English', exact: true }).click();
    const english = page.getByRole('textbox', { name: 'Your question', exact: true });
    await expect.poll(() => english.inputValue(), WAIT).toBe('Halb geschrieben');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isVisible()).toBe(true);

    await page.reload();
    await expect.poll(() => english.isEnabled(), WAIT).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByRole('button', { name: 'English', pressed: true }).isVisible()).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('an unknown course speaks to the person, in German', async () => {
    const page = await germanBrowser();
    await page.goto(`${server.url}/e/kein-solcher-kurs`);
    const heading = page.getByRole('heading', { level: 1, name: 'Kurs nicht gefunden' });
    await expect.poll(() => heading.isVisible(), WAIT).toBe(true);
    expect(await page.getByRole('link', { name: 'Alle Kurse ansehen' }).getAttribute('href')).toBe('/');
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).not.toMatch(/api|GET /i);
    const violations = await checkAccessibility(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await screenshot(page, 'german-unknown-course');
    expect(pageErrors).toEqual([]);
  });
});
