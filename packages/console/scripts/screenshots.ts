// `pnpm screenshots`: starts the console on a generated archive with alerts (the browser tests' fixtures)
// and writes a PNG of each page to docs/screenshots/ with Debian's Chromium. Run after the UI is built
// (the package script builds it first).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startConsole } from '@b2c-alerts/console';
import type { Page } from 'playwright-core';
import { browserArchive, browserNow } from '../test/helpers/browser-archive.js';
import { rulesDir } from '../test/helpers/browser-console.js';
import { chromiumPath, hasChromium, launchChromium } from '../test/helpers/chromium.js';
import { fakeAlertHistory } from '../test/helpers/fake-alert-history.js';
import { fakeHealth } from '../test/helpers/fake-health.js';

const out = join(import.meta.dirname, '..', '..', '..', 'docs', 'screenshots');

interface Shot {
  file: string;
  hash: string;
  /** What must be on the page before the picture is taken. */
  ready: (page: Page) => Promise<unknown>;
  /** The whole page, not only the window. */
  fullPage?: boolean;
  /** A taller window than the default 900 px (the details panel scrolls within the window). */
  height?: number;
}

const credentialEvent = 'Directory_c0ffee00-0000-4000-8000-000000000001_PLANT_1';
const shots: Shot[] = [
  {
    file: 'events.png',
    hash: '#/events?since=2026-04-01T00:00:00Z&until=2026-04-04T12:00:00Z',
    ready: (page) =>
      page
        .locator('tr.event')
        .first()
        .waitFor()
        .then(() => page.locator('svg.histogram-chart').waitFor()),
  },
  {
    file: 'event-details.png',
    hash: `#/events?since=2026-04-02T09:45:00Z&until=2026-04-02T10:15:00Z&event=${credentialEvent}`,
    ready: (page) => page.locator('aside.details pre.raw').waitFor(),
    height: 1250,
  },
  { file: 'alerts.png', hash: '#/alerts', ready: (page) => page.locator('tr.alert').first().waitFor() },
  { file: 'alert.png', hash: '#/alerts/al-0004', ready: (page) => page.locator('.alert-view').waitFor() },
  {
    file: 'rules.png',
    hash: '#/rules',
    ready: (page) => page.locator('tr.rule').first().waitFor(),
  },
  {
    file: 'rule.png',
    hash: '#/rules/b2c.directory.first-app-credential-added',
    ready: async (page) => {
      await page.getByLabel('Backtest since').fill('2026-04-01');
      await page.getByRole('button', { name: 'Backtest' }).click();
      await page.locator('.backtest-result table').waitFor();
    },
    fullPage: true,
  },
  { file: 'health.png', hash: '#/health', ready: (page) => page.locator('.health-page table').first().waitFor() },
];

if (!hasChromium) {
  process.stderr.write(`screenshots: ${chromiumPath} is absent; install Debian's chromium package.\n`);
  process.exitCode = 1;
} else {
  const archive = await browserArchive(60);
  const server = await startConsole({
    archiveDir: archive.dir,
    clock: { now: () => browserNow },
    rules: { dir: rulesDir },
    alerts: fakeAlertHistory(archive.events).history,
    health: fakeHealth,
  });
  const chromium = await launchChromium();
  try {
    await mkdir(out, { recursive: true });
    const { page, errors } = await chromium.open(server.url.replace(/\/$/, ''));
    for (const shot of shots) {
      await page.setViewportSize({ width: 1400, height: shot.height ?? 900 });
      await page.goto(`${server.url}${shot.hash}`);
      await shot.ready(page);
      await page.screenshot({ path: join(out, shot.file), fullPage: shot.fullPage ?? false });
      process.stdout.write(`screenshots: wrote docs/screenshots/${shot.file}\n`);
    }
    if (errors.length > 0) throw new Error(`the console logged errors: ${errors.join('; ')}`);
  } finally {
    await chromium.close();
    await server.close();
    await archive.remove();
  }
}
