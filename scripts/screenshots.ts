// Writes docs/screenshots/*.png: each dashboard view against `npm start`'s emulator, at 1280 × 800 and at phone
// width, in Debian's Chromium (the browser tests' helper). Run by `npm run screenshots` after a build.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchChromium, openPage } from '../test/browser/chromium.js';
import { npmStart } from '../test/npm-start.js';

const out = new URL('../docs/screenshots/', import.meta.url);
mkdirSync(out, { recursive: true });

const gateway = await npmStart({});
const origin = new URL(gateway.url).origin;
const browser = await launchChromium();

async function shoot(
  name: string,
  path: string,
  ready: (page: Page) => Promise<unknown>,
  phone = false,
): Promise<void> {
  const viewport = phone ? { width: 390, height: 844 } : { width: 1280, height: 800 };
  const { page, guard, close } = await openPage(browser, origin, { viewport, deviceScaleFactor: phone ? 2 : 1 });
  await page.goto(origin + path);
  await ready(page);
  await page.waitForTimeout(300); // charts settle on their final size
  await page.screenshot({ path: new URL(`${name}.png`, out).pathname, fullPage: !phone });
  await close();
  if (guard.errors.length || guard.foreign.length)
    throw new Error(`${name}: ${[...guard.errors, ...guard.foreign].join('; ')}`);
  console.log(`docs/screenshots/${name}.png`);
}

try {
  const reasons = (page: Page) => page.locator('.reasons li').first().waitFor();
  await shoot('tasks', '/?ids=xxx-yyy-zzz,aaa-bbb-ccc', (page) =>
    page.locator('table.tasks tbody tr').nth(1).waitFor(),
  );
  await shoot('task', '/tasks/xxx-yyy-zzz', reasons);
  await shoot('troubleshoot', '/troubleshoot?task=xxx-yyy-zzz&users=xyz,alice', (page) =>
    page.locator('article.user').nth(1).waitFor(),
  );
  // A push from the form, then its page while the callbacks come in.
  await shoot('push', '/push', async (page) => {
    await page.fill('#push-to', 'alice, bob, carol, dave, erin, frank');
    await page.fill('#push-title', 'Spring sale');
    await page.fill('#push-description', 'Everything 20% off until Sunday');
    await page.fill('#push-data-id', 'spring-sale-1');
  });
  await shoot('task-live', '/push', async (page) => {
    await page.fill('#push-to', 'alice, bob, carol, dave, erin, frank, ghost-1');
    await page.fill('#push-title', 'Spring sale');
    await page.click('button[type="submit"].primary');
    await page.waitForURL(/\/tasks\//);
    await page.waitForFunction(
      () => Number(document.querySelector('[data-field="live-delivered"]')?.textContent?.replace(/\D/g, '')) > 0,
      undefined,
      { timeout: 20_000 },
    );
    await reasons(page);
  });
  await shoot('task-phone', '/tasks/aaa-bbb-ccc', reasons, true);
} finally {
  await browser.close();
  gateway.npm.kill('SIGTERM');
  await gateway.exited;
}
