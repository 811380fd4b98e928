// The organizer console in Chromium at 1440x900: from the courses page to /organize, a wrong
// token and then the right one (an HttpOnly, SameSite=Strict cookie; nothing in the page's
// storage), a preview of a corrected seed programme with CET and New York times, publishing it
// over the seed event, a moderator link with its QR code, and revoking it. Then axe and a
// screenshot.
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import { TEST_ADMIN_TOKEN, type TestApp } from '../utils/test-app.js';
import { checkAccessibility, describeViolations, launchBrowser, screenshot, startE2eApp } from './harness.js';

const SLUG = 'esor-patient-communication-course';
const WAIT_MS = 10_000;

describe('the organizer console in Chromium', () => {
  let server: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startE2eApp();
    browser = await launchBrowser();
    context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      timezoneId: 'America/New_York',
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    context.setDefaultTimeout(WAIT_MS);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('signs in from the courses page: a wrong token says so, the right one opens the console', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Organizer console' }).click();
    await page.waitForURL(`${server.url}/organize`);
    const token = page.getByLabel('Organizer token');
    await token.fill('not-the-organizer-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That is not the organizer token. Check it and try again.').waitFor();

    await token.fill(TEST_ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('combobox', { name: 'Event' }).waitFor();

    const cookies = await context.cookies(`${server.url}/api/events`);
    const session = cookies.find((c) => c.name === 'lsc_organizer');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api' });
    expect(session?.value).not.toContain(TEST_ADMIN_TOKEN);
    const stored = await page.evaluate(() => ({
      local: JSON.stringify(localStorage),
      session: JSON.stringify(sessionStorage),
      cookie: document.cookie,
    }));
    expect(stored.local).not.toContain(TEST_ADMIN_TOKEN);
    expect(stored.session).not.toContain(TEST_ADMIN_TOKEN);
    expect(stored.cookie).toBe('');
  });

  it('previews a corrected programme with CET and local times, then publishes it over the event', async () => {
    const seed = await readFile(DEFAULT_SEED_FILE, 'utf8');
    const corrected = seed.replace('13:10 – 13:50 Breaking bad news', '13:10 – 13:50 Breaking bad news well');
    await page.getByLabel('Programme text').fill(corrected);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page
      .getByText(`Updates the published event /e/${SLUG}. Programme items: 18 kept, 0 added, 0 removed.`)
      .waitFor();
    const part1 = page.getByRole('table', { name: /Part 1/ });
    await part1.getByRole('columnheader', { name: 'Time (CET)' }).waitFor();
    await part1.getByRole('columnheader', { name: 'Your time (EST)' }).waitFor();
    const row = part1.getByRole('row', { name: /Breaking bad news well/ });
    expect(await row.textContent()).toContain('13:10–13:50');
    expect(await row.textContent()).toContain('07:10–07:50');
    await screenshot(page, 'organize-preview-1440');

    await page.getByRole('button', { name: 'Publish' }).click();
    await page
      .getByText('“ESOR Patient Communication Course” is updated. Its questions stay where they were.')
      .waitFor();
    const event = (await (await fetch(`${server.url}/api/events/${SLUG}`)).json()) as {
      parts: { items: { title: string }[] }[];
    };
    expect(event.parts[0].items[1].title).toBe('Breaking bad news well');
  });

  it('creates a moderator link with a QR code, then revokes it', async () => {
    await page.getByLabel('Label (who gets it)').fill('Anna');
    await page.getByRole('button', { name: 'Create link' }).click();
    await page.getByRole('heading', { name: 'New link for Anna' }).waitFor();
    const url = await page.getByRole('textbox', { name: 'New link for Anna' }).inputValue();
    expect(url).toMatch(new RegExp(`^${server.url}/e/${SLUG}/moderate#key=.{20,}$`));
    const qr = page.getByRole('img', { name: 'QR code of the link for Anna' });
    await qr.locator('svg path').first().waitFor();
    const box = await qr.boundingBox();
    expect(box?.width).toBeGreaterThan(150);
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByText('Copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);

    const violations = await checkAccessibility(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await screenshot(page, 'organize-1440');

    const row = page.getByRole('row', { name: /Anna/ });
    expect(await row.textContent()).toContain('Active');
    await row.getByRole('button', { name: 'Revoke the link for Anna' }).click();
    await page.getByRole('row', { name: /Anna.*Revoked/ }).waitFor();
    const grants = (await (
      await fetch(`${server.url}/api/events/${SLUG}/grants`, {
        headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      })
    ).json()) as { label: string; revokedAt: string | null }[];
    expect(grants.find((g) => g.label === 'Anna')?.revokedAt).not.toBeNull();
    expect(pageErrors).toEqual([]);
  });
});
