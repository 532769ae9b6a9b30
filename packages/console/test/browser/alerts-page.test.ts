import type { AlertRecordJson, RunningConsole } from '@b2c-alerts/console';
import type { GeneratedArchive } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserArchive } from '../helpers/browser-archive.js';
import { browserConsole } from '../helpers/browser-console.js';
import { builtUi } from '../helpers/built-ui.js';
import {
  hasChromium,
  launchChromium,
  noChromiumMessage,
  type TestBrowser,
  type WatchedPage,
} from '../helpers/chromium.js';
import { fakeAlertHistory } from '../helpers/fake-alert-history.js';

if (!hasChromium) console.warn(noChromiumMessage);

describe.skipIf(!hasChromium)('the Alerts, Rules and Health pages in Chromium', () => {
  let archive: GeneratedArchive;
  let ui: { dir: string; remove(): Promise<void> };
  let server: RunningConsole;
  let chromium: TestBrowser;
  let w: WatchedPage;
  let alerts: AlertRecordJson[];

  const tableIds = () =>
    w.page
      .locator('table.events-table tbody tr.event')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));

  beforeAll(async () => {
    [archive, ui] = await Promise.all([browserArchive(), builtUi()]);
    const fake = fakeAlertHistory(archive.events);
    alerts = fake.alerts;
    server = await browserConsole({ archiveDir: archive.dir, uiDir: ui.dir, alerts: fake.history });
    chromium = await launchChromium();
    w = await chromium.open(server.url.replace(/\/$/, ''));
  });

  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    await Promise.all([archive?.remove(), ui?.remove()]);
  });

  it('lists the alerts with rule, severity, group, count, channels and delivery state', async () => {
    await w.page.goto(`${server.url}#/alerts`);
    const rows = w.page.locator('tr.alert');
    await expect.poll(() => rows.count()).toBe(alerts.length);
    const ruleIds = await rows.locator('td:nth-child(2) code').allTextContents();
    expect(ruleIds).toEqual(alerts.map((a) => a.ruleId));
    const hostile = alerts.find((a) => a.ruleId === 'b2c.users.hostile-admin')!;
    const cells = await rows.filter({ hasText: hostile.ruleId }).locator('td').allTextContents();
    expect(cells[0]).toBe(hostile.raisedAt.slice(0, 19).replace('T', ' '));
    expect(cells[2]).toBe('high');
    expect(cells[3]).toBe('hostile@contoso.example');
    expect(cells[4]).toBe('2');
    expect(cells[5]).toBe('slack, email');
    expect(cells[6]).toBe('routed: slack sent, email failed');
  });

  it('opens an alert and from it exactly its events, then the hour around them', async () => {
    const alert = alerts.find((a) => a.ruleId === 'b2c.auth.failure-burst')!;
    expect(alert.eventIds.length).toBeGreaterThan(1);
    await w.page.goto(`${server.url}#/alerts`);
    await w.page.locator('tr.alert', { hasText: alert.ruleId }).click();
    await w.page.waitForURL(`**/#/alerts/${alert.id}`);
    const events = w.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/events' && r.status() === 200);
    await w.page.getByRole('link', { name: `Its ${alert.eventIds.length} events` }).click();
    expect(new URL((await events).url()).searchParams.get('ids')).toBe(alert.eventIds.join(','));
    await expect.poll(async () => [...(await tableIds())].sort()).toEqual([...alert.eventIds].sort());

    await w.page.goBack();
    const hour = w.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/events' && r.status() === 200);
    await w.page.getByRole('link', { name: 'The hour around them' }).click();
    const query = new URL((await hour).url()).searchParams;
    expect(Date.parse(query.get('since') ?? '')).toBeLessThanOrEqual(Date.parse(alert.firstEventAt) - 30 * 60_000);
    expect(Date.parse(query.get('until') ?? '')).toBeGreaterThanOrEqual(Date.parse(alert.lastEventAt) + 30 * 60_000);
    // The range holds the alert's events; the table shows its first page.
    const range = `since=${encodeURIComponent(query.get('since') ?? '')}&until=${encodeURIComponent(query.get('until') ?? '')}`;
    const all = (
      (await (await w.page.request.get(`${server.url}api/events?${range}&limit=1000`)).json()) as {
        rows: Array<{ id: string }>;
      }
    ).rows.map((r) => r.id);
    for (const id of alert.eventIds) expect(all).toContain(id);
    await expect.poll(tableIds).toEqual(all.slice(0, 50));
  });

  it('opens one alert from its link (#/alerts/<id>)', async () => {
    const alert = alerts.find((a) => a.ruleId === 'b2c.keys.policy-key-deleted')!;
    await w.page.goto(`${server.url}#/alerts/${alert.id}`);
    await expect.poll(() => w.page.locator('.alert-view h1').textContent()).toBe(alert.title);
    await expect
      .poll(() => w.page.getByRole('link', { name: 'Its 1 events' }).getAttribute('href'))
      .toBe(`#/events?ids=${encodeURIComponent(alert.eventIds[0]!)}`);
  });

  it('lists the rules, opens one with its YAML, runbook and tests, and backtests it', async () => {
    const ruleId = 'b2c.directory.first-app-credential-added';
    await w.page.goto(`${server.url}#/rules`);
    const rows = w.page.locator('tr.rule');
    await expect.poll(() => rows.count()).toBeGreaterThan(3);
    await rows
      .filter({ has: w.page.locator('td:first-child', { hasText: new RegExp(`^${ruleId.replaceAll('.', '\\.')}$`) }) })
      .click();
    await w.page.waitForURL(`**/#/rules/${ruleId}`);
    await expect.poll(() => w.page.locator('pre.yaml').textContent()).toContain(`id: ${ruleId}`);
    await expect.poll(() => w.page.locator('.runbook').textContent()).toContain('Meaning:');
    await expect.poll(() => w.page.locator('.rule-page table tbody tr').count()).toBeGreaterThan(1);
    await expect.poll(() => w.page.locator('.rule-page table').first().textContent()).toContain('no alert');

    await w.page.getByLabel('Backtest since').fill('2026-04-01');
    const backtest = w.page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/backtest'));
    await w.page.getByRole('button', { name: 'Backtest' }).click();
    const answer = await backtest;
    expect(answer.status()).toBe(200);
    const result = (await answer.json()) as { scanned: number; alerts: Array<{ eventIds: string[] }> };
    expect(result.alerts.length).toBeGreaterThan(0);
    await expect
      .poll(() => w.page.locator('.backtest-result .notice').first().textContent())
      .toBe(`${result.scanned} events scanned; the rule would have raised ${result.alerts.length} alerts.`);
    // What it would have raised opens on its events.
    const credential = result.alerts.find((a) => a.eventIds.some((id) => id.endsWith('_PLANT_1')));
    expect(credential).toBeDefined();
    const events = w.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/events' && r.status() === 200);
    const row = w.page.locator('.backtest-result tbody tr').nth(result.alerts.indexOf(credential!));
    await row.getByRole('link', { name: 'its events' }).click();
    expect(new URL((await events).url()).searchParams.get('ids')).toBe(credential!.eventIds.join(','));
    await expect.poll(tableIds).toEqual(credential!.eventIds);
  });

  it('shows health: tenants, queues, dead letters, rule set version', async () => {
    await w.page.goto(`${server.url}#/health`);
    await expect.poll(() => w.page.locator('.health-page').textContent()).toContain('contosob2c.onmicrosoft.com');
    await expect.poll(() => w.page.locator('.health-page').textContent()).toContain('1 dead letters');
    await expect.poll(() => w.page.locator('.health-page').textContent()).toContain('deliver');
  });

  it('raised no console error, CSP violation or dialog', () => {
    expect(w.errors).toEqual([]);
    expect(w.dialogs).toEqual([]);
    expect(w.foreign).toEqual([]);
  });
});
