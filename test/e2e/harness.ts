// Helpers for the browser tier: the real app in-process (with the built client and the seed),
// Debian's Chromium through playwright-core, screenshots and an axe-core scan.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import type { AppOverrides } from '../../server/src/app.module.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../utils/test-app.js';

const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The client `npm run build` writes (scripts/test.mjs builds before the browser tier). */
export const CLIENT_DIR = path.join(repoDir, 'dist/client');
export const SCREENSHOT_DIR = path.join(repoDir, 'test/e2e/screenshots');

/**
 * Starts the whole app on port 0 against a fresh embedded database, serving the built client
 * and the seed course. Pass `CLOCK_START` (and `CLOCK_RATE`) in `env` for a rehearsal clock.
 */
export async function startE2eApp(
  env: Record<string, string> = {},
  overrides: AppOverrides = {},
): Promise<TestApp> {
  // loadConfig quietly drops a CLIENT_DIR that does not exist; say why the pages would 404.
  if (!existsSync(path.join(CLIENT_DIR, 'index.html'))) {
    throw new Error(`No built client at ${CLIENT_DIR}: run \`npm run build\` before the e2e tests.`);
  }
  return startTestApp(
    {
      CLIENT_DIR,
      SEED_FILE: DEFAULT_SEED_FILE,
      // The page's own origin is http://127.0.0.1:<port>, and the port is only known after
      // listen(); '*' (accepted by loadConfig) lets the browser's requests through.
      ALLOWED_ORIGINS: '*',
      ...env,
    },
    undefined,
    overrides,
  );
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-quic',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/**
 * Collects what a test should fail on: uncaught errors, and anything the page's
 * Content-Security-Policy refused (Chromium reports each refusal on the console).
 */
export function watchPage(page: Page, problems: string[]): void {
  page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) problems.push(`${page.url()}: ${message.text()}`);
  });
}

/** The seed course's address on the server. */
export const SEED_SLUG = 'esor-patient-communication-course';

/** Every wait of a browser test is bounded: locator waits (the contexts' default) and polls alike. */
export const WAIT_MS = 10_000;
export const WAIT = { timeout: WAIT_MS, interval: 100 };

/**
 * Fresh browser contexts (own storage, so own participant) for one test file: English, Vienna's
 * clock, reduced motion, bounded waits; every page's uncaught errors land in `pageErrors`.
 */
export class BrowserPages {
  readonly pageErrors: string[] = [];
  private readonly contexts: BrowserContext[] = [];

  constructor(
    private readonly browser: () => Browser,
    private readonly server: () => TestApp,
  ) {}

  async newContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
    const context = await this.browser().newContext({
      locale: 'en-GB',
      timezoneId: 'Europe/Vienna',
      viewport: { width: 1280, height: 900 },
      reducedMotion: 'reduce',
      ...options,
    });
    context.setDefaultTimeout(WAIT_MS);
    this.contexts.push(context);
    return context;
  }

  /** A page in a fresh context. */
  async newPage(options: BrowserContextOptions = {}): Promise<Page> {
    return this.pageIn(await this.newContext(options));
  }

  async pageIn(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (error) => this.pageErrors.push(`${page.url()}: ${error.message}`));
    return page;
  }

  /** Opens an event's viewer page and waits until its Q&A form takes a question. */
  async openViewer(page: Page, slug = SEED_SLUG): Promise<Page> {
    await page.goto(`${this.server().url}/e/${slug}`);
    await expect.poll(() => questionBox(page).isEnabled(), WAIT).toBe(true);
    return page;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.contexts.splice(0).map((context) => context.close()));
  }
}

/**
 * A rehearsal clock at 13:20 CET on 22 February 2024: "Breaking bad news" is on, the part's Q&A
 * blocks take questions and pre-moderation is off (the seed's default).
 */
export const DURING_FIRST_TALK = { CLOCK_START: '2024-02-22T13:20:00+01:00' };

/**
 * One app and one Chromium for a test file: started before its tests, closed (pages first) after
 * them. `server()` is the running app inside a test.
 */
export function useBrowserApp(env: Record<string, string> = DURING_FIRST_TALK): {
  pages: BrowserPages;
  server: () => TestApp;
} {
  let server: TestApp | undefined;
  let browser: Browser | undefined;
  const running = <T>(value: T | undefined, what: string): T => {
    if (!value) throw new Error(`The ${what} is not running: use it inside a test.`);
    return value;
  };
  const pages = new BrowserPages(
    () => running(browser, 'browser'),
    () => running(server, 'app'),
  );
  beforeAll(async () => {
    server = await startE2eApp(env);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await pages.closeAll();
    await browser?.close();
    await server?.close();
  });
  return { pages, server: () => running(server, 'app') };
}

/** A moderator or speaker link to the seed course as the organizer hands it out (the whole URL). */
export async function staffLink(
  server: TestApp,
  grant: { role: 'moderator' | 'speaker'; label?: string },
): Promise<string> {
  const response = await fetch(`${server.url}/api/events/${SEED_SLUG}/grants`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(grant),
  });
  expect(response.status).toBe(201);
  return `${server.url}${((await response.json()) as { link: string }).link}`;
}

/** The viewer page's question field. */
export function questionBox(page: Page) {
  return page.getByRole('textbox', { name: 'Your question', exact: true });
}

/** Saves a full-page screenshot to test/e2e/screenshots/<name>.png (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; html: string; failureSummary: string }[];
}

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** Runs axe-core on the page (WCAG 2.0/2.1/2.2 A and AA) and returns the serious and critical violations. */
export async function checkAccessibility(page: Page): Promise<AxeViolation[]> {
  // Evaluated, not added as a <script>: the page's CSP (script-src 'self') refuses inline scripts.
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async (tags: string[]) => {
    const { axe: inPage } = window as unknown as { axe: typeof axe };
    const results = await inPage.run(document, { runOnly: { type: 'tag', values: tags } });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.map((t) => (typeof t === 'string' ? t : JSON.stringify(t))),
        html: n.html,
        failureSummary: n.failureSummary ?? '',
      })),
    }));
  }, WCAG_TAGS);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** One line per violation and node, for an assertion message. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n` +
        v.nodes.map((n) => `  - ${n.target.join(' ')}: ${n.html}\n    ${n.failureSummary}`).join('\n'),
    )
    .join('\n');
}

/** The focused element as the keyboard user meets it (see `focusState`). */
export interface FocusState {
  /** Lower-case tag name. */
  tag: string;
  /** Its name: aria-label, aria-labelledby, its <label>, else its text (80 characters at most). */
  name: string;
  /** `<tag> "name"`, for messages. */
  description: string;
  /** Inside the viewport, with a size. */
  onScreen: boolean;
  /** Shows a focus indicator: a visible outline or a box-shadow, on it or on ::before/::after. */
  ring: boolean;
}

/** What has the keyboard focus now; null when nothing (the body) has it. */
export function focusState(page: Page): Promise<FocusState | null> {
  return page.evaluate(async () => {
    // Styles settle a frame later (reduced motion still runs a 0.01 ms transition).
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const element = document.activeElement;
    if (!(element instanceof HTMLElement) || element === document.body) return null;
    const text = (node: Element | null): string => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const labelledBy = (element.getAttribute('aria-labelledby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => text(document.getElementById(id)))
      .join(' ');
    const labels = 'labels' in element ? (element as HTMLInputElement).labels : null;
    const name = (
      element.getAttribute('aria-label') ||
      labelledBy ||
      (labels && labels.length > 0 ? text(labels[0]) : '') ||
      text(element)
    ).slice(0, 80);
    const rect = element.getBoundingClientRect();
    const onScreen =
      rect.width > 0 &&
      rect.height > 0 &&
      rect.bottom > 0 &&
      rect.right > 0 &&
      rect.top < window.innerHeight &&
      rect.left < window.innerWidth;
    const shows = (style: CSSStyleDeclaration): boolean =>
      (style.outlineStyle !== 'none' &&
        parseFloat(style.outlineWidth) > 0 &&
        style.outlineColor !== 'transparent' &&
        !/^rgba\(.*,\s*0\)$/.test(style.outlineColor)) ||
      (style.boxShadow !== '' && style.boxShadow !== 'none');
    const ring = [
      getComputedStyle(element),
      getComputedStyle(element, '::after'),
      getComputedStyle(element, '::before'),
    ].some(shows);
    const tag = element.tagName.toLowerCase();
    return { tag, name, description: `<${tag}> "${name}"`, onScreen, ring };
  });
}

/**
 * Presses Tab until `done` holds for the focused element and returns it. Every element on the
 * way must be on screen and show a focus indicator; throws (naming the path taken) otherwise,
 * or when `limit` presses do not reach the target.
 */
export async function tabUntil(
  page: Page,
  done: (state: FocusState) => boolean,
  limit = 40,
): Promise<FocusState> {
  const seen: string[] = [];
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const state = await focusState(page);
    if (!state) throw new Error(`Focus left the page after ${seen.join(', ')}`);
    seen.push(state.description);
    if (!state.onScreen) throw new Error(`${state.description} has the focus but is off screen`);
    if (!state.ring) throw new Error(`${state.description} has the focus but shows no focus indicator`);
    if (done(state)) return state;
  }
  throw new Error(`Tab never reached the target; focus went through ${seen.join(', ')}`);
}
