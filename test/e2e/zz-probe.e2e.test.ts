import { it } from 'vitest';
import { launchBrowser, startE2eApp } from './harness.js';

it('probe offline', async () => {
  const server = await startE2eApp({ CLOCK_START: '2024-02-22T13:20:00+01:00' });
  const browser = await launchBrowser();
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Vienna' });
  const page = await context.newPage();
  page.on('console', (m) => console.log('console', m.text()));
  page.on('websocket', (ws) => {
    console.log('ws open', ws.url());
    ws.on('close', () => console.log('ws close', Date.now()));
    ws.on('framesent', (f) => console.log('sent', String(f.payload).slice(0, 80)));
    ws.on('framereceived', (f) => console.log('recv', String(f.payload).slice(0, 80)));
  });
  await page.goto(`${server.url}/e/esor-patient-communication-course`);
  await page.getByRole('textbox', { name: 'Your question' }).waitFor();
  await page.waitForTimeout(1500);
  console.log('going offline', Date.now());
  await context.setOffline(true);
  for (let i = 0; i < 6; i++) {
    await page.waitForTimeout(500);
    console.log(
      'banner',
      await page.getByText('Connection lost').count(),
      'onLine',
      await page.evaluate(() => navigator.onLine),
    );
  }
  await page.getByRole('textbox', { name: 'Your question' }).fill('Offline question?');
  await page.getByRole('button', { name: 'Send' }).click();
  for (let i = 0; i < 6; i++) {
    await page.waitForTimeout(1000);
    console.log(
      'list',
      (await page.locator('article').allTextContents()).join(' | '),
      await page.getByRole('status').allTextContents(),
    );
  }
  await context.setOffline(false);
  for (let i = 0; i < 6; i++) {
    await page.waitForTimeout(1000);
    console.log(
      'list',
      (await page.locator('article').allTextContents()).join(' | '),
      await page.getByRole('status').allTextContents(),
    );
  }
  await browser.close();
  await server.close();
}, 60_000);
