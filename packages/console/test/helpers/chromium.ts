import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it). */
export const chromiumPath = '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);
export const noChromiumMessage = `browser tests skipped: ${chromiumPath} is absent (install Debian's chromium package; .ci/run does)`;

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, page errors and CSP violations, as text. */
  errors: string[];
  /** Messages of dialogs (alert, confirm, prompt) the page opened; each was dismissed. */
  dialogs: string[];
  /** Requests that left the console's origin. */
  foreign: string[];
}

export interface TestBrowser {
  browser: Browser;
  /** A fresh context (own cookies) and page on `origin`, watched for errors, dialogs and foreign requests. */
  open(origin: string): Promise<WatchedPage>;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium. Each launch gets a fresh profile directory: playwright makes a temporary
 * one itself and removes it on close (it refuses a --user-data-dir argument to launch()).
 */
export async function launchChromium(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const contexts: BrowserContext[] = [];
  return {
    browser,
    async open(origin) {
      const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      const watched: WatchedPage = { page, context, errors: [], dialogs: [], foreign: [] };
      page.on('console', (message) => {
        if (message.type() === 'error') watched.errors.push(message.text());
      });
      page.on('pageerror', (error) => watched.errors.push(`pageerror: ${error.message}`));
      page.on('dialog', (dialog) => {
        watched.dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      page.on('request', (request) => {
        const url = request.url();
        if (!url.startsWith(origin) && !url.startsWith('data:')) watched.foreign.push(url);
      });
      // CSP violations also reach the console, but listen to the event too so none is missed.
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          console.error(`csp violation: ${event.violatedDirective} ${event.blockedURI}`);
        });
      });
      return watched;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}
