// Helpers for the browser tier: the real app in-process (with the built client and the seed),
// Debian's Chromium through playwright-core, screenshots and an axe-core scan.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import { startTestApp, type TestApp } from '../utils/test-app.js';

const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The client `npm run build` writes (scripts/test.mjs builds before the browser tier). */
export const CLIENT_DIR = path.join(repoDir, 'dist/client');
export const SCREENSHOT_DIR = path.join(repoDir, 'test/e2e/screenshots');

/**
 * Starts the whole app on port 0 against a fresh embedded database, serving the built client
 * and the seed course. Pass `CLOCK_START` (and `CLOCK_RATE`) in `env` for a rehearsal clock.
 */
export async function startE2eApp(env: Record<string, string> = {}): Promise<TestApp> {
  // loadConfig quietly drops a CLIENT_DIR that does not exist; say why the pages would 404.
  if (!existsSync(path.join(CLIENT_DIR, 'index.html'))) {
    throw new Error(`No built client at ${CLIENT_DIR}: run \`npm run build\` before the e2e tests.`);
  }
  return startTestApp({
    CLIENT_DIR,
    SEED_FILE: DEFAULT_SEED_FILE,
    // The page's own origin is http://127.0.0.1:<port>, and the port is only known after
    // listen(); '*' (accepted by loadConfig) lets the browser's requests through.
    ALLOWED_ORIGINS: '*',
    ...env,
  });
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
  await page.addScriptTag({ content: axe.source });
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
