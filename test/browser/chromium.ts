// Debian's Chromium driven by playwright-core, for every browser test and the screenshots: a fresh profile per
// launch (playwright makes a temporary user-data-dir and removes it), and a guard on each page that records
// requests to any other origin and console errors.
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

export interface Guard {
  /** Requests the page made to another origin than the gateway's. */
  foreign: string[];
  /** Console errors and uncaught exceptions. */
  errors: string[];
}

/** A page in a context of its own (its own sessionStorage), in English so numbers format predictably. */
export async function openPage(
  browser: Browser,
  origin: string,
  options: BrowserContextOptions = {},
): Promise<{ page: Page; guard: Guard; close: () => Promise<void> }> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const guard: Guard = { foreign: [], errors: [] };
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (url.origin !== origin) guard.foreign.push(request.url());
  });
  page.on('console', (message) => {
    if (message.type() === 'error') guard.errors.push(message.text());
  });
  page.on('pageerror', (error) => guard.errors.push(error.message));
  return { page, guard, close: () => context.close() };
}

/**
 * Waits until a task page's live counters show a callback: a device sent, or failed. Which of the two follows
 * the emulator's random task id; each device calls back at least once.
 */
export function liveCallbacksShown(page: Page, timeout = 20_000): Promise<unknown> {
  return page.waitForFunction(
    () =>
      ['live-sent', 'live-failed']
        .map((f) => Number(document.querySelector(`[data-field="${f}"]`)?.textContent?.replace(/\D/g, '')))
        .some((n) => n > 0),
    undefined,
    { timeout },
  );
}
