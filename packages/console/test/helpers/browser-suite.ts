import type { AlertRecordJson, RunningConsole } from '@b2c-alerts/console';
import type { GeneratedArchive } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe } from 'vitest';
import { browserArchive } from './browser-archive.js';
import { browserConsole } from './browser-console.js';
import { builtUi } from './built-ui.js';
import { hasChromium, launchChromium, noChromiumMessage, type TestBrowser, type WatchedPage } from './chromium.js';
import { fakeAlertHistory } from './fake-alert-history.js';

if (!hasChromium) console.warn(noChromiumMessage);

/** `describe`, skipped (with the warning above) when Debian's Chromium is absent. */
export function describeInChromium(name: string, body: () => void): void {
  describe.skipIf(!hasChromium)(name, body);
}

export interface BrowserSuiteOptions {
  /** The archive's traffic (browserArchive's default when absent). */
  eventsPerHour?: number;
  /** Give the console the fake alert history over the archive's events. */
  alerts?: boolean;
  token?: string;
  /** Default true: the fake health reader. */
  health?: boolean;
}

/** What a suite's tests use; the fields are set by the suite's beforeAll. */
export interface BrowserSuite {
  server: RunningConsole;
  /** A watched page on the console, opened once for the suite. */
  w: WatchedPage;
  /** The fake history's alerts (empty without `alerts`). */
  alerts: AlertRecordJson[];
  /** A fresh watched page on the console (its own cookies). */
  open(): Promise<WatchedPage>;
}

/**
 * The browser tests' prologue, for the enclosing describe: the browser archive and the UI built now, the
 * console over them, Chromium and a page on the console; all closed after the suite.
 */
export function useBrowserSuite(options: BrowserSuiteOptions = {}): BrowserSuite {
  let archive: GeneratedArchive | undefined;
  let ui: { dir: string; remove(): Promise<void> } | undefined;
  let chromium: TestBrowser | undefined;
  const suite = {
    alerts: [],
    open: () => chromium!.open(suite.server.url.replace(/\/$/, '')),
  } as unknown as BrowserSuite;

  beforeAll(async () => {
    [archive, ui] = await Promise.all([browserArchive(options.eventsPerHour), builtUi()]);
    const fake = options.alerts ? fakeAlertHistory(archive.events) : undefined;
    suite.alerts = fake?.alerts ?? [];
    suite.server = await browserConsole({
      archiveDir: archive.dir,
      uiDir: ui.dir,
      ...(fake ? { alerts: fake.history } : {}),
      ...(options.token ? { token: options.token } : {}),
      ...(options.health === false ? { health: false } : {}),
    });
    chromium = await launchChromium();
    suite.w = await suite.open();
  });

  afterAll(async () => {
    await chromium?.close();
    await suite.server?.close();
    await Promise.all([archive?.remove(), ui?.remove()]);
  });

  return suite;
}
