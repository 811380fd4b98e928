// CME attendance in Chromium: a viewer registers on the event page, the page sends heartbeats,
// a presence prompt from the server appears and is answered, the evaluation unlocks the
// certificate, whose PDF is rendered with pdftoppm, and its QR code's page says it is valid.
// A rehearsal clock at rate 10 from eight minutes before the end of the course: the prompt (60
// an hour of stream) comes with the second beat, and the course ends about 50 s after the start,
// after which the certificate can be issued.
import { execFile } from 'node:child_process';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Programme } from '../../shared/programme.js';
import { TEST_ADMIN_TOKEN, type TestApp } from '../utils/test-app.js';
import {
  checkAccessibility,
  describeViolations,
  launchBrowser,
  SCREENSHOT_DIR,
  screenshot,
  startE2eApp,
} from './harness.js';

const SLUG = 'cme-e2e-course';
const WAIT_MS = 10_000;
/** A prompt comes with the second beat, 30 real seconds after the first. */
const PROMPT_WAIT_MS = 50_000;

function programme(streamUrl: string): Programme {
  const at = (time: string) => `2024-03-01T${time}:00.000Z`;
  const talk = (title: string, start: string, end: string) => ({
    kind: 'talk' as const,
    title,
    start: at(start),
    end: at(end),
    speakers: [{ name: 'R. Sinnatamby', city: 'Cambridge', country: 'UK' }],
  });
  return {
    slug: SLUG,
    title: 'Breaking Bad News: an Accredited Course',
    description: 'A live-streamed course accredited for CME, for live streaming only.',
    notes: '',
    timezone: 'Europe/Vienna',
    parts: [
      {
        title: 'Afternoon session',
        date: '2024-03-01',
        start: at('13:00'),
        end: at('15:00'),
        streamUrl,
        streamNote: '',
        about: '',
        objectives: [],
        items: [
          talk('Breaking bad news', '13:00', '14:00'),
          talk('Communicating risk', '14:00', '14:40'),
          { kind: 'qa', title: 'Q&A Session', start: at('14:40'), end: at('15:00'), speakers: [] },
        ],
      },
    ],
  };
}

describe('CME attendance in Chromium', () => {
  let server: TestApp;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startE2eApp({ CLOCK_START: '2024-03-01T14:52:00Z', CLOCK_RATE: '10', SEED_FILE: 'none' });
    const api = request(server.url);
    const admin = `Bearer ${TEST_ADMIN_TOKEN}`;
    // An embedded player page on this server: the fallback stream clock counts an embed as playing.
    await api
      .post('/api/events')
      .set('Authorization', admin)
      .send(programme(`${server.url}/api/health`))
      .expect(201);
    await api
      .put(`/api/events/${SLUG}/attendance/settings`)
      .set('Authorization', admin)
      .send({
        enabled: true,
        consentText: 'I agree that the society records my attendance to issue my CME certificate.',
        accreditationStatement:
          'This course is accredited by the EACCME® with 2 European CME credits (ECMEC®s), for live streaming only.',
        rule: { promptsPerHour: 60, minShare: 0, rounding: 'none' },
      })
      .expect(200);
    browser = await launchBrowser();
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    context.setDefaultTimeout(WAIT_MS);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('registers a viewer for credits on the event page', async () => {
    await page.goto(`${server.url}/e/${SLUG}`);
    const panel = page.getByRole('region', { name: 'CME credits' });
    await panel.waitFor();
    await panel.getByLabel('Full name (as on the certificate)').fill('Dr Łucja Müller');
    await panel.getByLabel('Email').fill('lucja@example.org');
    await panel.getByLabel('Profession').fill('Radiologist');
    await panel.getByRole('checkbox', { name: 'I agree' }).check();
    await screenshot(page, 'attendance-register');
    await panel.getByRole('button', { name: 'Register for credits' }).click();
    await expect
      .poll(() => panel.getByText('Registered as Dr Łucja Müller (lucja@example.org).').count())
      .toBe(1);
    const violations = await checkAccessibility(page);
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  it('shows a presence prompt from the server and records the answer', async () => {
    const dialog = page.getByRole('dialog', { name: 'Are you still watching?' });
    await dialog.waitFor({ timeout: PROMPT_WAIT_MS });
    await screenshot(page, 'attendance-prompt');
    await dialog.getByRole('button', { name: "Yes, I'm watching" }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Thank you, your presence is confirmed.').waitFor();
    const lines = await request(server.url)
      .get(`/api/events/${SLUG}/attendance/lines`)
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .expect(200);
    const rows = lines.body as {
      talk: string;
      promptsShown: number;
      promptsAnswered: number;
      liveSeconds: number;
    }[];
    // Watched from 14:53 of the Q&A block: only it earns seconds.
    const qa = rows.find((row) => row.talk === 'Q&A Session');
    expect(qa).toMatchObject({ promptsShown: 1, promptsAnswered: 1 });
    expect(qa?.liveSeconds).toBeGreaterThan(0);
    expect(rows.filter((row) => row.talk !== 'Q&A Session').map((row) => row.liveSeconds)).toEqual([0, 0]);
  }, 60_000);

  it('unlocks the certificate after the course and the evaluation; the PDF renders and its QR page confirms it', async () => {
    const panel = page.getByRole('region', { name: 'CME credits' });
    await expect
      .poll(
        async () => {
          const health = await request(server.url).get('/api/health');
          return (health.body as { clock: { now: string } }).clock.now;
        },
        { timeout: 40_000, interval: 500 },
      )
      .toMatch(/T15:0/);
    const form = panel.getByRole('form', { name: 'Evaluation' });
    await form
      .getByRole('group', { name: 'Overall, how would you rate this event?' })
      .getByLabel('5 of 5')
      .check();
    await form
      .getByRole('group', { name: 'How relevant was the content to your practice?' })
      .getByLabel('4 of 5')
      .check();
    await form
      .getByRole('group', { name: 'Did you perceive any commercial bias in the content?' })
      .getByLabel('No')
      .check();
    await form.getByLabel('Comments and suggestions').fill('Clear and practical.');
    await form.getByRole('button', { name: 'Send evaluation' }).click();
    await page.getByText('You have filled in the evaluation.').waitFor();
    const button = panel.getByRole('button', { name: 'Download certificate (PDF)' });
    await button.waitFor();
    await screenshot(page, 'attendance-registered');

    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    const pdfPath = path.join(SCREENSHOT_DIR, 'attendance-certificate.pdf');
    await download.saveAs(pdfPath);
    expect((await readFile(pdfPath)).subarray(0, 5).toString()).toBe('%PDF-');
    await promisify(execFile)('pdftoppm', [
      '-png',
      '-r',
      '80',
      '-singlefile',
      pdfPath,
      pdfPath.replace(/\.pdf$/, ''),
    ]);
    expect((await stat(pdfPath.replace(/\.pdf$/, '.png'))).size).toBeGreaterThan(20_000);

    const mine = await request(server.url)
      .get(`/api/events/${SLUG}/attendees/me`)
      .set('Authorization', `Bearer ${await page.evaluate(() => localStorage.getItem('lsc.participant'))}`)
      .expect(200);
    const url = (mine.body as { certificate: { url: string } }).certificate.url;
    await page.goto(`${server.url}${url}`);
    await page.getByText('This certificate is valid.').waitFor();
    await page.getByText(/Issued to Dr Łucja Müller for Breaking Bad News: an Accredited Course/).waitFor();
    await screenshot(page, 'attendance-verify');
    const violations = await checkAccessibility(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
