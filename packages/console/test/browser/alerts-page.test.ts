import { expect, it } from 'vitest';
import { describeInChromium, useBrowserSuite } from '../helpers/browser-suite.js';

describeInChromium('the Alerts, Rules and Health pages in Chromium', () => {
  const c = useBrowserSuite({ alerts: true });

  const tableIds = () =>
    c.w.page
      .locator('table.events-table tbody tr.event')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));

  it('lists the alerts with rule, severity, group, count, channels and delivery state', async () => {
    await c.w.page.goto(`${c.server.url}#/alerts`);
    const rows = c.w.page.locator('tr.alert');
    await expect.poll(() => rows.count()).toBe(c.alerts.length);
    const ruleIds = await rows.locator('td:nth-child(2) code').allTextContents();
    expect(ruleIds).toEqual(c.alerts.map((a) => a.ruleId));
    const hostile = c.alerts.find((a) => a.ruleId === 'b2c.users.hostile-admin')!;
    const cells = await rows.filter({ hasText: hostile.ruleId }).locator('td').allTextContents();
    expect(cells[0]).toBe(hostile.raisedAt.slice(0, 19).replace('T', ' '));
    expect(cells[2]).toBe('high');
    expect(cells[3]).toBe('hostile@contoso.example');
    expect(cells[4]).toBe('2');
    expect(cells[5]).toBe('slack, email');
    expect(cells[6]).toBe('routed: slack sent, email failed');
  });

  it('opens an alert and from it exactly its events, then the hour around them', async () => {
    const alert = c.alerts.find((a) => a.ruleId === 'b2c.auth.failure-burst')!;
    expect(alert.eventIds.length).toBeGreaterThan(1);
    await c.w.page.goto(`${c.server.url}#/alerts`);
    await c.w.page.locator('tr.alert', { hasText: alert.ruleId }).click();
    await c.w.page.waitForURL(`**/#/alerts/${alert.id}`);
    const events = c.w.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/events' && r.status() === 200);
    await c.w.page.getByRole('link', { name: `Its ${alert.eventIds.length} events` }).click();
    expect(new URL((await events).url()).searchParams.get('ids')).toBe(alert.eventIds.join(','));
    await expect.poll(async () => [...(await tableIds())].sort()).toEqual([...alert.eventIds].sort());

    await c.w.page.goBack();
    const hour = c.w.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/events' && r.status() === 200);
    await c.w.page.getByRole('link', { name: 'The hour around them' }).click();
    const query = new URL((await hour).url()).searchParams;
    expect(Date.parse(query.get('since') ?? '')).toBeLessThanOrEqual(Date.parse(alert.firstEventAt) - 30 * 60_000);
    expect(Date.parse(query.get('until') ?? '')).toBeGreaterThanOrEqual(Date.parse(alert.lastEventAt) + 30 * 60_000);
    // The range holds the alert's events; the table shows its first page.
    const range = `since=${encodeURIComponent(query.get('since') ?? '')}&until=${encodeURIComponent(query.get('until') ?? '')}`;
    const all = (
      (await (await c.w.page.request.get(`${c.server.url}api/events?${range}&limit=1000`)).json()) as {
        rows: Array<{ id: string }>;
      }
    ).rows.map((r) => r.id);
    for (const id of alert.eventIds) expect(all).toContain(id);
    await expect.poll(tableIds).toEqual(all.slice(0, 50));
  });

  it('opens one alert from its link (#/alerts/<id>)', async () => {
    const alert = c.alerts.find((a) => a.ruleId === 'b2c.keys.policy-key-deleted')!;
    await c.w.page.goto(`${c.server.url}#/alerts/${alert.id}`);
    await expect.poll(() => c.w.page.locator('.alert-view h1').textContent()).toBe(alert.title);
    await expect
      .poll(() => c.w.page.getByRole('link', { name: 'Its 1 events' }).getAttribute('href'))
      .toBe(`#/events?ids=${encodeURIComponent(alert.eventIds[0]!)}`);
  });

  it('lists the rules, opens one with its YAML, runbook and tests, and backtests it', async () => {
    const ruleId = 'b2c.directory.first-app-credential-added';
    await c.w.page.goto(`${c.server.url}#/rules`);
    const rows = c.w.page.locator('tr.rule');
    await expect.poll(() => rows.count()).toBeGreaterThan(3);
    await rows
      .filter({
        has: c.w.page.locator('td:first-child', { hasText: new RegExp(`^${ruleId.replaceAll('.', '\\.')}$`) }),
      })
      .click();
    await c.w.page.waitForURL(`**/#/rules/${ruleId}`);
    await expect.poll(() => c.w.page.locator('pre.yaml').textContent()).toContain(`id: ${ruleId}`);
    await expect.poll(() => c.w.page.locator('.runbook').textContent()).toContain('Meaning:');
    await expect.poll(() => c.w.page.locator('.rule-page table tbody tr').count()).toBeGreaterThan(1);
    await expect.poll(() => c.w.page.locator('.rule-page table').first().textContent()).toContain('no alert');

    await c.w.page.getByLabel('Backtest since').fill('2026-04-01');
    const backtest = c.w.page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/backtest'));
    await c.w.page.getByRole('button', { name: 'Backtest' }).click();
    const answer = await backtest;
    expect(answer.status()).toBe(200);
    const result = (await answer.json()) as { scanned: number; alerts: Array<{ eventIds: string[] }> };
    expect(result.alerts.length).toBeGreaterThan(0);
    await expect
      .poll(() => c.w.page.locator('.backtest-result .notice').first().textContent())
      .toBe(`${result.scanned} events scanned; the rule would have raised ${result.alerts.length} alerts.`);
    // What it would have raised opens on its events.
    const credential = result.alerts.find((a) => a.eventIds.some((id) => id.endsWith('_PLANT_1')));
    expect(credential).toBeDefined();
    const events = c.w.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/events' && r.status() === 200);
    const row = c.w.page.locator('.backtest-result tbody tr').nth(result.alerts.indexOf(credential!));
    await row.getByRole('link', { name: 'its events' }).click();
    expect(new URL((await events).url()).searchParams.get('ids')).toBe(credential!.eventIds.join(','));
    await expect.poll(tableIds).toEqual(credential!.eventIds);
  });

  it('shows health: tenants, queues, dead letters, rule set version', async () => {
    await c.w.page.goto(`${c.server.url}#/health`);
    await expect.poll(() => c.w.page.locator('.health-page').textContent()).toContain('contosob2c.onmicrosoft.com');
    await expect.poll(() => c.w.page.locator('.health-page').textContent()).toContain('1 dead letters');
    await expect.poll(() => c.w.page.locator('.health-page').textContent()).toContain('deliver');
  });

  it('raised no console error, CSP violation or dialog', () => {
    expect(c.w.errors).toEqual([]);
    expect(c.w.dialogs).toEqual([]);
    expect(c.w.foreign).toEqual([]);
  });
});
