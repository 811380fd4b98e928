// The pages' Content-Security-Policy in a real browser: a part's HLS playlist on another port of
// this machine and a platform's player page in a frame both load, nothing on the page is
// refused, and a host no part names is refused.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import { TEST_ADMIN_TOKEN, type TestApp } from '../utils/test-app.js';
import { launchBrowser, startE2eApp, watchPage } from './harness.js';

const SLUG = 'esor-patient-communication-course';
/** Part 1 is on: its stream plays. */
const CLOCK_START = '2024-02-22T13:20:00+01:00';
const WAIT = { timeout: 10_000, interval: 100 };

const PLAYLIST = [
  '#EXTM3U',
  '#EXT-X-VERSION:3',
  '#EXT-X-TARGETDURATION:2',
  '#EXT-X-MEDIA-SEQUENCE:0',
  '#EXTINF:2.0,',
  'segment0.ts',
  '#EXT-X-ENDLIST',
  '',
].join('\n');

describe('the pages’ Content-Security-Policy in Chromium', () => {
  let streams: http.Server;
  let streamOrigin: string;
  const requested: string[] = [];
  let seedDir: string;
  let server: TestApp;
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    // Another origin, as a CDN would be: a playlist (with CORS, as hls.js fetches it) and a player page.
    streams = http.createServer((request, response) => {
      requested.push(request.url ?? '');
      response.setHeader('Access-Control-Allow-Origin', '*');
      if (request.url === '/live/part1.m3u8') {
        response.setHeader('Content-Type', 'application/vnd.apple.mpegurl');
        response.end(PLAYLIST);
      } else if (request.url === '/player/encore') {
        response.setHeader('Content-Type', 'text/html; charset=utf-8');
        response.end('<!doctype html><title>Player</title><p>The platform’s player</p>');
      } else {
        response.statusCode = 404;
        response.end();
      }
    });
    await new Promise<void>((resolve) => streams.listen(0, '127.0.0.1', resolve));
    streamOrigin = `http://127.0.0.1:${(streams.address() as AddressInfo).port}`;

    const seed = await readFile(DEFAULT_SEED_FILE, 'utf8');
    const withStream = (url: string) => seed.replace('February 22, 2024 | 12:30 – 18:00 CET\n', `$&${url}\n`);
    seedDir = await mkdtemp(path.join(tmpdir(), 'lsc-seed-'));
    const seedFile = path.join(seedDir, 'seed.txt');
    await writeFile(seedFile, withStream(`${streamOrigin}/live/part1.m3u8`));
    server = await startE2eApp({ CLOCK_START, SEED_FILE: seedFile });
    // A second course on the same days, whose part 1 is a platform's player page.
    const encore = withStream(`${streamOrigin}/player/encore`).replace(
      /^ESOR Patient Communication Course$/m,
      'ESOR Patient Communication Course Encore',
    );
    const published = await fetch(`${server.url}/api/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'text/plain' },
      body: encore,
    });
    expect(published.status).toBe(201);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => streams?.close(resolve));
    if (seedDir) await rm(seedDir, { recursive: true, force: true });
  });

  async function open(route: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Vienna' });
    const page = await context.newPage();
    watchPage(page, problems);
    const response = await page.goto(`${server.url}${route}`);
    expect(response?.headers()['content-security-policy']).toContain(streamOrigin);
    return page;
  }

  it('loads a part’s HLS playlist from its own host, and refuses a host no part names', async () => {
    const page = await open(`/e/${SLUG}`);
    await page.locator('video').waitFor();
    await expect.poll(() => requested.includes('/live/part1.m3u8'), WAIT).toBe(true);
    expect(problems.splice(0)).toEqual([]);

    // The same server under another name is another origin: the policy refuses it.
    const other = streamOrigin.replace('127.0.0.1', 'localhost');
    const refused = await page.evaluate(async (url) => {
      try {
        await fetch(url);
        return false;
      } catch {
        return true;
      }
    }, `${other}/live/part1.m3u8`);
    expect(refused).toBe(true);
    await expect.poll(() => problems.some((p) => p.includes('Content Security Policy')), WAIT).toBe(true);
    problems.splice(0);
    await page.context().close();
  });

  it('shows a platform’s player page in a frame', async () => {
    const page = await open(`/e/${SLUG}-encore`);
    const frame = page.frameLocator('iframe');
    await frame.getByText('The platform’s player').waitFor({ timeout: WAIT.timeout });
    expect(requested).toContain('/player/encore');
    expect(problems.splice(0)).toEqual([]);
    await page.context().close();
  });
});
