import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
// The live Q&A end to end in Chromium, each role in its own browser context: two viewers, the
// moderator console, the speaker view and the OBS overlay, on a rehearsal clock during
// "Breaking bad news" (13:20 CET on 22 February 2024; both Q&A blocks of part 1 take questions).
// Each test has its own course (the seed published again under another title) with its own
// pages and settings, and puts the questions it starts from there itself (through the live
// API, as another viewer and a moderator would): no test depends on what an earlier one did.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import {
  connectLive,
  connectViewer,
  dataOf,
  fetchEvent,
  issueGrant,
  request,
  type LiveClient,
} from '../utils/live-client.js';
import { TEST_ADMIN_TOKEN, type TestApp } from '../utils/test-app.js';
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

const SEED_TITLE = 'ESOR Patient Communication Course';
const CLOCK_START = '2024-02-22T13:20:00+01:00';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };
const TABLET = { width: 820, height: 1180 };
const STAGE = { width: 1440, height: 900 };
const BROADCAST = { width: 1280, height: 720 };

/** Every wait is bounded: locator waits (the contexts' default timeout) and polls alike. */
const WAIT_MS = 10_000;
const WAIT = { timeout: WAIT_MS, interval: 100 };

// What the pages say (client/src/lib/i18n/en.ts).
const PENDING = 'Only you can see this: waiting for review';
const UNSENT = 'Not sent yet: waiting for the connection';
const QUEUED = 'In the speakers’ queue';
const ANSWERED = 'Answered';
const SENT_PENDING =
  'Thank you! Your question is waiting for review: a moderator looks at it before others can see it.';
const OFFLINE_BANNER = 'Connection lost. Your questions will be sent when it returns.';
const SAVED_OFFLINE = 'You are offline. Your question is saved and will be sent when the connection returns.';

// Under 80 characters each: the console names a card "Question: <first 80 characters>".
const FIRST_QUESTION = 'How do you start a conversation when the scan shows something serious?';
const OFFLINE_QUESTION = 'Asked on a train through a tunnel: should the report be read together?';
const KEYBOARD_QUESTION = 'Asked with the keyboard alone: how much silence is too much?';

describe('the live Q&A in Chromium: viewers, moderator, speaker and overlay', () => {
  let server: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  let seedText: string;

  beforeAll(async () => {
    server = await startE2eApp({ CLOCK_START });
    browser = await launchBrowser();
    seedText = await readFile(DEFAULT_SEED_FILE, 'utf8');
  });

  afterEach(() => {
    // An uncaught exception in any page fails the test during which it happened.
    expect(pageErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    await browser?.close();
    await server?.close();
  });

  // ---- helpers -------------------------------------------------------------------------

  /** A moderator or speaker link from the organizer API, as the organizer would hand it out. */
  async function issueLink(slug: string, role: 'moderator' | 'speaker'): Promise<string> {
    const response = await fetch(`${server.url}/api/events/${slug}/grants`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ role }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const { link } = (await response.json()) as { link: string };
    expect(link).toMatch(new RegExp(`^/e/${slug}/(moderate|speaker)#key=.+`));
    return link;
  }

  /** The event's questions as the organizer's JSON export has them (the server's own record). */
  async function exportedTexts(slug: string): Promise<string[]> {
    const response = await fetch(`${server.url}/api/events/${slug}/questions.json`, {
      headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { text: string }[]).map((record) => record.text);
  }

  /** A fresh context (own storage, own participant): English, Vienna's clock, reduced motion. */
  async function newContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
    const context = await browser.newContext({
      locale: 'en-GB',
      timezoneId: 'Europe/Vienna',
      viewport: DESKTOP,
      reducedMotion: 'reduce',
      ...options,
    });
    context.setDefaultTimeout(WAIT_MS);
    // Each test opens five pages at once on a fresh course: loading them may take longer than a wait.
    context.setDefaultNavigationTimeout(3 * WAIT_MS);
    contexts.push(context);
    return context;
  }

  async function newPage(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    watchPage(page, pageErrors);
    return page;
  }

  function questionBox(page: Page): Locator {
    return page.getByRole('textbox', { name: 'Your question', exact: true });
  }

  /** The viewer page with its Q&A form ready to take a question. */
  async function openViewer(page: Page, slug: string): Promise<void> {
    await page.goto(`${server.url}/e/${slug}`);
    await page.getByRole('heading', { level: 2, name: 'Questions', exact: true }).waitFor();
    await expect.poll(() => questionBox(page).isEnabled(), WAIT).toBe(true);
  }

  async function ask(page: Page, body: string): Promise<void> {
    await questionBox(page).fill(body);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
  }

  /** A question as a viewer sees it (in the list or pinned on air). */
  function viewerItem(page: Page, body: string): Locator {
    return page.getByRole('article').filter({ hasText: body });
  }

  function upvoteButton(item: Locator): Locator {
    return item.getByRole('button', { name: 'Upvote', exact: true });
  }

  /** "1 vote", "2 votes": the vote button's description. */
  function voteCount(item: Locator): Promise<string | null> {
    return item.getByText(/^\d+ votes?$/).textContent();
  }

  /** The question a viewer's page pins under "On air now". */
  function viewerOnAir(page: Page): Locator {
    return page.getByText('On air now', { exact: true }).locator('xpath=following-sibling::article[1]');
  }

  /** A column of the console: Incoming, Queue, On air, Answered, Hidden. */
  function column(page: Page, name: string): Locator {
    return page.getByRole('region', { name: new RegExp(`^${name}\\b`) });
  }

  /** A question's card in the console (or in one column of it). */
  function card(scope: Page | Locator, body: string): Locator {
    return scope.getByRole('article', { name: `Question: ${body}`, exact: true });
  }

  async function openModerator(page: Page, link: string): Promise<void> {
    await page.goto(`${server.url}${link}`);
    await page.getByText('Settings, Q&A blocks and export').waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /^\s*Connected\s*$/ })
      .waitFor();
  }

  /** The question shown large on the speaker view. */
  function speakerOnAir(page: Page): Locator {
    return page.getByRole('region', { name: 'On air', exact: true });
  }

  async function fontSize(locator: Locator): Promise<number> {
    return locator.evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
  }

  /** The overlay's lower third: shown (opacity 1, not aria-hidden) with this text. */
  async function overlayShows(page: Page, body: string): Promise<boolean> {
    const text = page.getByText(body, { exact: true });
    if ((await text.count()) === 0) return false;
    return text.evaluate((element) => {
      const card = element.parentElement!;
      return card.getAttribute('aria-hidden') !== 'true' && getComputedStyle(card).opacity === '1';
    });
  }

  /** The participant's outbox (questions typed but not yet acknowledged), from localStorage. */
  function outboxBodies(page: Page): Promise<string[]> {
    return page.evaluate(() =>
      (JSON.parse(localStorage.getItem('lsc.outbox') ?? '[]') as { body: string }[]).map((e) => e.body),
    );
  }

  /** Turns pre-moderation on in the console, as a moderator does, and waits until the server took it. */
  async function turnPreModerationOn(moderator: Page): Promise<void> {
    // Settings are folded away below the summary, so the incoming questions come first.
    await moderator.getByText('Settings, Q&A blocks and export').click();
    const preModeration = moderator.getByRole('switch', { name: 'Pre-moderation' });
    expect(await preModeration.getAttribute('aria-checked')).toBe('false');
    await preModeration.click();
    // Checked once the server has taken the setting.
    await expect.poll(() => preModeration.getAttribute('aria-checked'), WAIT).toBe('true');
    await expect.poll(() => preModeration.getAttribute('aria-busy'), WAIT).toBe('false');
  }

  type SeededState = 'visible' | 'queued' | 'on_air' | 'answered';
  const STEPS: Record<SeededState, ('queue' | 'on_air' | 'answered')[]> = {
    visible: [],
    queued: ['queue'],
    on_air: ['queue', 'on_air'],
    answered: ['queue', 'on_air', 'answered'],
  };

  /** Asks `body` as another viewer, adds `votes` from yet others, and moves it to `state` as a moderator would. */
  async function seedQuestion(
    slug: string,
    { body, votes = 0, state = 'visible' }: { body: string; votes?: number; state?: SeededState },
  ): Promise<void> {
    const part = (await fetchEvent(server.url, slug)).parts[0];
    const blockId = part.items.find((item) => item.kind === 'qa')!.id;
    const sockets: LiveClient[] = [];
    try {
      const asker = (await connectViewer(server.url)).socket;
      sockets.push(asker);
      dataOf(await request(asker, 'part:join', { partId: part.id }));
      const question = dataOf(await request(asker, 'question:ask', { id: randomUUID(), blockId, body }));
      for (let i = 0; i < votes; i++) {
        const voter = (await connectViewer(server.url)).socket;
        sockets.push(voter);
        dataOf(await request(voter, 'question:vote', { questionId: question.id, voted: true }));
      }
      const { secret } = await issueGrant(server.url, TEST_ADMIN_TOKEN, slug, { role: 'moderator' });
      const mod = await connectLive(server.url, { grant: secret });
      sockets.push(mod);
      let revision = dataOf(await request(mod, 'mod:join', { partId: part.id })).questions.find(
        (q) => q.id === question.id,
      )!.revision;
      for (const action of STEPS[state]) {
        const request_ =
          action === 'on_air'
            ? { action, questionId: question.id, revision, previous: 'answered' as const }
            : { action, questionId: question.id, revision };
        revision = dataOf(await request(mod, 'mod:act', request_)).revision;
      }
    } finally {
      for (const socket of sockets) socket.close();
    }
  }

  interface Stage {
    slug: string;
    viewerA: Page;
    viewerB: Page;
    contextB: BrowserContext;
    moderator: Page;
    moderatorLink: string;
    speaker: Page;
    overlay: Page;
  }

  /**
   * A course of the test's own (the seed under the title "<seed title> <name>"), its `questions`
   * put there first, then every role's page open on it: two viewers, the console (on a touch
   * tablet), the speaker view and the overlay; pre-moderation turned on in the console if asked.
   */
  async function stage(
    name: string,
    options: { preModeration?: boolean; questions?: Parameters<typeof seedQuestion>[1][] } = {},
  ): Promise<Stage> {
    const published = await fetch(`${server.url}/api/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'text/plain' },
      body: seedText.replace(`\n${SEED_TITLE}\n`, `\n${SEED_TITLE} ${name}\n`),
    });
    expect(published.status).toBe(201);
    const { slug } = (await published.json()) as { slug: string };
    for (const question of options.questions ?? []) await seedQuestion(slug, question);
    const [moderatorLink, speakerLink] = [
      await issueLink(slug, 'moderator'),
      await issueLink(slug, 'speaker'),
    ];

    const contextA = await newContext();
    const contextB = await newContext();
    const moderatorContext = await newContext({ viewport: TABLET, hasTouch: true });
    const speakerContext = await newContext({ viewport: STAGE });
    const overlayContext = await newContext({ viewport: BROADCAST });
    const [viewerA, viewerB, moderator, speaker, overlay] = await Promise.all(
      [contextA, contextB, moderatorContext, speakerContext, overlayContext].map(newPage),
    );
    await Promise.all([
      openViewer(viewerA, slug),
      openViewer(viewerB, slug),
      openModerator(moderator, moderatorLink),
      (async () => {
        await speaker.goto(`${server.url}${speakerLink}`);
        await speaker.getByRole('heading').first().waitFor();
      })(),
      overlay.goto(`${server.url}/e/${slug}/overlay`),
    ]);
    if (options.preModeration) await turnPreModerationOn(moderator);
    return { slug, viewerA, viewerB, contextB, moderator, moderatorLink, speaker, overlay };
  }

  // ---- the flow ------------------------------------------------------------------------

  it('opens every role’s page, and the moderator turns pre-moderation on', async () => {
    const { moderator, speaker, overlay } = await stage('Opening');
    await speaker.getByText('No question on air yet').waitFor();
    // The links' secrets leave the address bar once taken.
    expect(moderator.url()).not.toContain('key=');
    expect(speaker.url()).not.toContain('key=');
    expect(await overlay.title()).toBe('Question overlay');
    await turnPreModerationOn(moderator);
  });

  it('takes a question through pre-moderation, then counts a vote live', async () => {
    const { viewerA, viewerB, moderator } = await stage('Pre-moderation', { preModeration: true });
    await ask(viewerA, FIRST_QUESTION);

    // A sees it as theirs, waiting for a moderator; the form is empty again.
    const mine = viewerItem(viewerA, FIRST_QUESTION);
    await mine.getByText(PENDING).waitFor();
    await mine.getByText('Your question', { exact: true }).waitFor();
    expect(await upvoteButton(mine).count(), 'a pending question takes no votes').toBe(0);
    await viewerA.getByRole('status').filter({ hasText: SENT_PENDING }).waitFor();
    expect(await questionBox(viewerA).inputValue()).toBe('');

    // The moderator has it in Incoming, marked pending…
    const incoming = card(column(moderator, 'Incoming'), FIRST_QUESTION);
    await incoming.waitFor();
    await incoming.getByText('Pending', { exact: true }).waitFor();
    // …while B, served by the same server at the same moment, does not.
    expect(await viewerItem(viewerB, FIRST_QUESTION).count()).toBe(0);

    await incoming.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect.poll(() => incoming.getByText('Pending', { exact: true }).count(), WAIT).toBe(0);

    // Approved: B sees it now, and A's own copy is public (no longer "only you").
    const onB = viewerItem(viewerB, FIRST_QUESTION);
    await onB.waitFor();
    await expect.poll(() => mine.getByText(PENDING).count(), WAIT).toBe(0);
    expect(await onB.getByText('Your question', { exact: true }).count(), 'not B’s question').toBe(0);

    const vote = upvoteButton(onB);
    expect(await vote.getAttribute('aria-pressed')).toBe('false');
    expect(await voteCount(onB)).toBe('0 votes');
    await vote.click();
    await expect.poll(() => vote.getAttribute('aria-pressed'), WAIT).toBe('true');
    await expect.poll(() => voteCount(onB), WAIT).toBe('1 vote');

    // A and the moderator see the count change without doing anything.
    await expect.poll(() => voteCount(mine), WAIT).toBe('1 vote');
    // An asker is offered no upvote on their own question (the server refuses it too).
    expect(await upvoteButton(mine).count(), 'no upvote on one’s own question').toBe(0);
    await expect.poll(() => incoming.getByText('1 vote', { exact: true }).count(), WAIT).toBe(1);
  });

  it('queues the question, puts it on air everywhere, and marks it answered', async () => {
    const { viewerA, viewerB, moderator, speaker, overlay } = await stage('On air', {
      questions: [{ body: FIRST_QUESTION, votes: 1 }],
    });
    await card(column(moderator, 'Incoming'), FIRST_QUESTION)
      .getByRole('button', { name: 'Queue', exact: true })
      .click();
    const queued = card(column(moderator, 'Queue'), FIRST_QUESTION);
    await queued.waitFor();
    await expect.poll(() => card(column(moderator, 'Incoming'), FIRST_QUESTION).count(), WAIT).toBe(0);

    // Queued: the speaker sees it next, the viewers see where it is.
    await speaker
      .getByRole('region', { name: 'Next in the queue' })
      .getByText(FIRST_QUESTION, { exact: true })
      .waitFor();
    await viewerItem(viewerA, FIRST_QUESTION).getByText(QUEUED).waitFor();
    await viewerItem(viewerB, FIRST_QUESTION).getByText(QUEUED).waitFor();

    await queued.getByRole('button', { name: 'Put on air', exact: true }).click();
    await card(column(moderator, 'On air'), FIRST_QUESTION).waitFor();

    // The speaker view: the question on air, in large type.
    const onStage = speakerOnAir(speaker).getByText(FIRST_QUESTION, { exact: true });
    await onStage.waitFor();
    expect(await fontSize(onStage), 'question on air at least 2rem').toBeGreaterThanOrEqual(32);
    expect(await speakerOnAir(speaker).getByText('1 vote').count()).toBe(1);
    await speaker.getByText('Nothing else is queued.').waitFor();

    // The overlay: the lower third with the question.
    await expect.poll(() => overlayShows(overlay, FIRST_QUESTION), WAIT).toBe(true);

    // The viewers: pinned under "On air now".
    for (const viewer of [viewerA, viewerB]) {
      await expect.poll(() => viewerOnAir(viewer).textContent(), WAIT).toContain(FIRST_QUESTION);
    }

    await card(column(moderator, 'On air'), FIRST_QUESTION)
      .getByRole('button', { name: 'Mark answered', exact: true })
      .click();
    await card(column(moderator, 'Answered'), FIRST_QUESTION).waitFor();

    // A sees it answered, back in the list; nothing is on air any more.
    await viewerItem(viewerA, FIRST_QUESTION).getByText(ANSWERED, { exact: true }).waitFor();
    await expect.poll(() => viewerA.getByText('On air now', { exact: true }).count(), WAIT).toBe(0);
    await expect.poll(() => viewerItem(viewerA, FIRST_QUESTION).count(), WAIT).toBe(1);
    // The overlay fades out and lets the text go; the speaker view is empty again.
    await expect.poll(() => overlay.getByText(FIRST_QUESTION).count(), WAIT).toBe(0);
    await speaker.getByText('No question on air yet').waitFor();
  });

  it('keeps a question asked offline and sends it exactly once when the connection returns', async () => {
    const { slug, viewerB, contextB, moderator } = await stage('Offline', { preModeration: true });
    await contextB.setOffline(true);
    // Chromium closes the page's WebSocket; the Q&A says so.
    await viewerB.getByText(OFFLINE_BANNER).waitFor();

    await ask(viewerB, OFFLINE_QUESTION);
    const item = viewerItem(viewerB, OFFLINE_QUESTION);
    await item.getByText(UNSENT).waitFor();
    await item.getByText('Your question', { exact: true }).waitFor();
    await viewerB.getByRole('status').filter({ hasText: SAVED_OFFLINE }).waitFor();
    expect(await questionBox(viewerB).inputValue()).toBe('');
    expect(await outboxBodies(viewerB)).toEqual([OFFLINE_QUESTION]);
    expect(await exportedTexts(slug)).not.toContain(OFFLINE_QUESTION);

    await contextB.setOffline(false);
    // socket.io reconnects by itself (at most 5 s of backoff), joins, and sends the outbox.
    await item.getByText(PENDING).waitFor();
    await expect.poll(() => viewerB.getByText(OFFLINE_BANNER).count(), WAIT).toBe(0);
    await card(column(moderator, 'Incoming'), OFFLINE_QUESTION)
      .getByText('Pending', { exact: true })
      .waitFor();
    expect(await outboxBodies(viewerB)).toEqual([]);
    // Once the outbox has sent it, the form no longer says it will be sent later.
    await expect.poll(() => viewerB.getByText(SAVED_OFFLINE).count(), WAIT).toBe(0);

    // Exactly once: in the console, on B's page and in the server's record, also a moment later
    // (a resend after the reconnection would show up as a second question).
    await viewerB.waitForTimeout(500);
    expect(await card(moderator, OFFLINE_QUESTION).count()).toBe(1);
    expect(await viewerItem(viewerB, OFFLINE_QUESTION).count()).toBe(1);
    expect((await exportedTexts(slug)).filter((text) => text === OFFLINE_QUESTION)).toHaveLength(1);
  });

  it('works from the keyboard alone: asking and upvoting, then approving and queueing', async () => {
    const { slug, moderator, moderatorLink, speaker } = await stage('Keyboard', {
      questions: [{ body: FIRST_QUESTION }],
      preModeration: true,
    });
    const viewerC = await newPage(await newContext());
    await openViewer(viewerC, slug);

    // Tab to the question field (every stop on the way shows a focus ring), type, Tab to Send.
    await tabUntil(viewerC, (f) => f.tag === 'textarea' && f.name === 'Your question');
    await viewerC.keyboard.type(KEYBOARD_QUESTION);
    await tabUntil(viewerC, (f) => f.tag === 'button' && f.name === 'Send', 3);
    await viewerC.keyboard.press('Enter');
    const mine = viewerItem(viewerC, KEYBOARD_QUESTION);
    await mine.getByText(PENDING).waitFor();
    expect(await questionBox(viewerC).inputValue()).toBe('');

    // On to the first Upvote button, and Space.
    await tabUntil(viewerC, (f) => f.tag === 'button' && f.name.startsWith('Upvote'));
    const describedBy = await viewerC.evaluate(() =>
      document.activeElement?.getAttribute('aria-describedby'),
    );
    expect(describedBy).toBeTruthy();
    const vote = viewerC.locator(`[aria-describedby="${describedBy}"]`);
    expect(await vote.getAttribute('aria-pressed')).toBe('false');
    await viewerC.keyboard.press('Space');
    await expect.poll(() => vote.getAttribute('aria-pressed'), WAIT).toBe('true');
    expect((await focusState(viewerC))?.name).toMatch(/^Upvote/);

    // The console, from a fresh load (the tab keeps its link's secret), with the keyboard only.
    await openModerator(moderator, moderatorLink);
    await card(column(moderator, 'Incoming'), KEYBOARD_QUESTION).waitFor();
    const target = `Question: ${KEYBOARD_QUESTION}`;
    await tabUntil(moderator, (f) => f.tag === 'article' && f.name.startsWith('Question: '), 60);
    // j moves to the next question (ShortcutsHelp), until the one asked above has the focus.
    for (let i = 0; i < 10 && (await focusState(moderator))?.name !== target; i += 1) {
      await moderator.keyboard.press('j');
    }
    expect((await focusState(moderator))?.name).toBe(target);

    const incoming = card(column(moderator, 'Incoming'), KEYBOARD_QUESTION);
    await moderator.keyboard.press('a');
    await expect.poll(() => incoming.getByText('Pending', { exact: true }).count(), WAIT).toBe(0);
    await expect.poll(() => mine.getByText(PENDING).count(), WAIT).toBe(0);
    // Public now: its count shows (its asker gets no upvote button for it).
    await expect.poll(() => voteCount(mine), WAIT).toBe('0 votes');
    // The focus stays on the question it was on, though the card moved within Incoming.
    await expect.poll(async () => (await focusState(moderator))?.name, WAIT).toBe(target);

    await moderator.keyboard.press('q');
    await card(column(moderator, 'Queue'), KEYBOARD_QUESTION).waitFor();
    await mine.getByText(QUEUED).waitFor();
    await speaker
      .getByRole('region', { name: 'Next in the queue' })
      .getByText(KEYBOARD_QUESTION, { exact: true })
      .waitFor();
    // The focus stays in Incoming, on the question that took the queued one's place.
    await expect.poll(async () => (await focusState(moderator))?.tag, WAIT).toBe('article');
  });

  it('has no serious or critical axe violations on the viewer page, the console and the speaker view', async () => {
    // The viewer page with questions in every state a viewer can see: answered, queued, its own pending.
    const { viewerB, moderator, speaker } = await stage('Accessibility', {
      questions: [
        { body: FIRST_QUESTION, votes: 1, state: 'answered' },
        { body: KEYBOARD_QUESTION, state: 'queued' },
      ],
      preModeration: true,
    });
    await ask(viewerB, OFFLINE_QUESTION);
    await viewerItem(viewerB, OFFLINE_QUESTION).getByText(PENDING).waitFor();
    await viewerItem(viewerB, FIRST_QUESTION).getByText(ANSWERED, { exact: true }).waitFor();
    await viewerItem(viewerB, KEYBOARD_QUESTION).getByText(QUEUED).waitFor();
    for (const [name, page] of [
      ['viewer page', viewerB],
      ['moderator console', moderator],
      ['speaker view', speaker],
    ] as const) {
      const violations = await checkAccessibility(page);
      expect(violations, `${name}:\n${describeViolations(violations)}`).toEqual([]);
    }
  });

  it('takes screenshots of every page with a question on air', async () => {
    const { slug, viewerA, moderator, speaker, overlay } = await stage('Screenshots', {
      questions: [
        { body: FIRST_QUESTION, votes: 2 },
        { body: KEYBOARD_QUESTION, votes: 1, state: 'queued' },
      ],
    });
    await card(column(moderator, 'Queue'), KEYBOARD_QUESTION)
      .getByRole('button', { name: 'Put on air', exact: true })
      .click();
    await speakerOnAir(speaker).getByText(KEYBOARD_QUESTION, { exact: true }).waitFor();
    await expect.poll(() => overlayShows(overlay, KEYBOARD_QUESTION), WAIT).toBe(true);
    await expect.poll(() => viewerOnAir(viewerA).textContent(), WAIT).toContain(KEYBOARD_QUESTION);

    const phone = await newPage(await newContext({ viewport: PHONE, isMobile: true, hasTouch: true }));
    await openViewer(phone, slug);
    await expect.poll(() => viewerOnAir(phone).textContent(), WAIT).toContain(KEYBOARD_QUESTION);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'no sideways scrolling on a 360 px phone').toBeLessThanOrEqual(0);

    await screenshot(viewerA, 'live-viewer-desktop');
    await screenshot(phone, 'live-viewer-phone');
    await screenshot(moderator, 'live-moderator-tablet');
    await screenshot(speaker, 'live-speaker');
    await screenshot(overlay, 'live-overlay');
  });
});
