// The page's "now" follows the stream's own time. ffmpeg makes a live HLS stream at test time
// (segments stamped with EXT-X-PROGRAM-DATE-TIME, the wall clock as they are encoded); a small
// static server in this file serves it; a test programme names it as its part's stream. The
// server runs on a rehearsal clock 60 s ahead of the wall clock, so on its clock the second
// talk has begun while the stream still shows the first. The NOW marker must move when the
// stream's frames cross the boundary, not when the server's clock does.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NowResponse } from '../../shared/events-api.js';
import type { Programme } from '../../shared/programme.js';
import { TEST_ADMIN_TOKEN, type TestApp } from '../utils/test-app.js';
import { launchBrowser, screenshot, startE2eApp } from './harness.js';

const FFMPEG = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';
const SLUG = 'stream-time-rehearsal';
const EARLIER = 'The talk the stream still shows';
const LATER = 'The talk the server has moved on to';
/** The server's clock runs this far ahead of the wall clock (and of the stream's stamps). */
const SERVER_AHEAD_MS = 60_000;
/**
 * The boundary between the two talks, this long after the stream starts: time for the server,
 * the browser and the player to start on a loaded machine, before the stream reaches it.
 */
const BOUNDARY_AFTER_MS = 50_000;

/** Serves the folder ffmpeg writes into; the page loads from another origin, hence CORS. */
function serveFolder(dir: string): Promise<Server> {
  const types: Record<string, string> = { '.m3u8': 'application/vnd.apple.mpegurl', '.ts': 'video/mp2t' };
  const server = createServer((req, res) => {
    const name = path.basename(new URL(req.url ?? '/', 'http://x').pathname);
    const type = types[path.extname(name)];
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cache-Control', 'no-store');
    if (!type) return void res.writeHead(404).end();
    readFile(path.join(dir, name)).then(
      (body) => res.writeHead(200, { 'Content-Type': type }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function waitForFile(file: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > until) throw new Error(`ffmpeg wrote no ${file} in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function zonedDate(instant: number, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, dateStyle: 'short' }).format(instant);
}

const iso = (ms: number): string => new Date(ms).toISOString();
const MINUTE = 60_000;

function programme(streamUrl: string, boundary: number): Programme {
  const start = boundary - 30 * MINUTE;
  const end = boundary + 40 * MINUTE;
  return {
    slug: SLUG,
    title: 'Stream time rehearsal',
    description: 'A test programme whose part streams a live HLS playlist made by ffmpeg.',
    notes: '',
    timezone: 'Europe/Vienna',
    parts: [
      {
        title: 'The afternoon',
        date: zonedDate(start, 'Europe/Vienna'),
        start: iso(start),
        end: iso(end),
        streamUrl,
        streamNote: '',
        about: '',
        objectives: [],
        items: [
          { kind: 'talk', title: EARLIER, start: iso(start), end: iso(boundary), speakers: [] },
          {
            kind: 'talk',
            title: LATER,
            start: iso(boundary),
            end: iso(boundary + 30 * MINUTE),
            speakers: [],
          },
          {
            kind: 'qa',
            title: 'Q&A Session',
            start: iso(boundary + 30 * MINUTE),
            end: iso(end),
            speakers: [],
          },
        ],
      },
    ],
  };
}

const hasFfmpeg = existsSync(FFMPEG) && spawnSync(FFMPEG, ['-version']).status === 0;

describe.skipIf(!hasFfmpeg)('the NOW marker follows the stream’s program date-time', () => {
  let dir: string;
  let ffmpeg: ChildProcess;
  let files: Server;
  let server: TestApp;
  let browser: Browser;
  let boundary: number;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lsc-hls-'));
    // 1 s segments of a test pattern, encoded in real time (-re), so each segment's
    // program date-time is the wall clock when it was made, as from a live encoder.
    ffmpeg = spawn(
      FFMPEG,
      [
        ['-hide_banner', '-loglevel', 'error', '-re'],
        ['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=10'],
        ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p'],
        ['-g', '10', '-keyint_min', '10', '-sc_threshold', '0'],
        ['-f', 'hls', '-hls_time', '1', '-hls_list_size', '8'],
        ['-hls_flags', 'program_date_time+delete_segments+independent_segments'],
        [path.join(dir, 'live.m3u8')],
      ].flat(),
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    ffmpeg.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`ffmpeg: ${chunk.toString()}`));
    const streamStart = Date.now();
    await waitForFile(path.join(dir, 'live.m3u8'), 20_000);
    files = await serveFolder(dir);
    const streamUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}/live.m3u8`;

    boundary = Math.round((streamStart + BOUNDARY_AFTER_MS) / 1000) * 1000;
    server = await startE2eApp({ SEED_FILE: 'none', CLOCK_START: iso(Date.now() + SERVER_AHEAD_MS) });
    const published = await fetch(`${server.url}/api/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(programme(streamUrl, boundary)),
    });
    expect(published.status, await published.clone().text()).toBe(201);
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    ffmpeg?.kill('SIGTERM');
    await browser?.close();
    await server?.close();
    files?.close();
    if (ffmpeg && ffmpeg.exitCode === null) await new Promise((resolve) => ffmpeg.once('exit', resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const serverNow = async (): Promise<NowResponse> =>
    (await (await fetch(`${server.url}/api/events/${SLUG}/now`)).json()) as NowResponse;

  const marked = (page: Page) => page.locator('[aria-current="true"] h4').textContent();

  it('shows the talk on the stream while the server’s clock is past it, and moves on with the stream', async () => {
    const context = await browser.newContext({
      locale: 'en-GB',
      timezoneId: 'Europe/Vienna',
      viewport: { width: 1280, height: 900 },
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}/e/${SLUG}`);
    await page.waitForFunction(
      () => {
        const video = document.querySelector('video');
        return video !== null && !video.paused && video.currentTime > 0;
      },
      undefined,
      { timeout: 30_000 },
    );

    // On the server's clock the later talk is on; the viewer's frame is from before it.
    const now = await serverNow();
    expect(now.current?.title).toBe(LATER);
    expect(Date.now()).toBeLessThan(boundary); // the wall clock has not reached it either
    await expect.poll(() => marked(page), { timeout: 5_000 }).toBe(EARLIER);
    await screenshot(page, 'stream-time-behind');

    // Paused, the frame's time no longer says what is on: the page takes the server's.
    await page.evaluate(() => document.querySelector('video')!.pause());
    await expect.poll(() => marked(page), { timeout: 5_000 }).toBe(LATER);
    await page.evaluate(() => document.querySelector('video')!.play());
    await expect.poll(() => marked(page), { timeout: 10_000 }).toBe(EARLIER);

    // Now wait for the stream's frames to reach the boundary.
    await expect.poll(() => marked(page), { timeout: 60_000, interval: 200 }).toBe(LATER);
    const switchedAt = Date.now();
    const serverAtSwitch = Date.parse((await serverNow()).serverTime);
    // Stamps are the wall clock at encoding and the player is behind the live edge: the switch
    // comes after the wall clock's boundary, and long after the server's.
    expect(switchedAt).toBeGreaterThanOrEqual(boundary - 500);
    expect(switchedAt - boundary).toBeLessThan(15_000); // the player's few seconds behind the live edge
    expect(serverAtSwitch - boundary).toBeGreaterThan(SERVER_AHEAD_MS - 5_000);
    await screenshot(page, 'stream-time-switched');
    await context.close();
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
