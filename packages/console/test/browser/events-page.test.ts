import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { describeInChromium, useBrowserSuite } from '../helpers/browser-suite.js';
import { parseCsv } from '../helpers/parse-csv.js';

interface ApiRow {
  id: string;
  time: string;
  actorUpn: string | null;
  ip: string | null;
}

describeInChromium('the Events page in Chromium', () => {
  const c = useBrowserSuite();

  /** The API's rows for a filter (the same origin and cookies as the page). */
  const apiRows = async (query: string): Promise<ApiRow[]> => {
    const response = await c.w.page.request.get(`${c.server.url}api/events?${query}&limit=1000`);
    expect(response.status()).toBe(200);
    return ((await response.json()) as { rows: ApiRow[] }).rows;
  };
  const tableIds = () =>
    c.w.page
      .locator('table.events-table tbody tr.event')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
  /**
   * Opens a view and waits until the table shows its answer: the page changes only the hash, so the
   * previous view's rows stay on screen between the response and the render.
   */
  const visit = async (hash: string): Promise<{ rows: ApiRow[]; nextCursor: string | null }> => {
    const loaded = waitEvents();
    await c.w.page.goto(`${c.server.url}${hash}`);
    const page = (await (await loaded).json()) as { rows: ApiRow[]; nextCursor: string | null };
    await expect.poll(tableIds).toEqual(page.rows.map((r) => r.id));
    return page;
  };
  const waitEvents = () =>
    c.w.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/events' && r.status() === 200);

  it('filters from the bar: the table holds the API rows for the filter, newest first', async () => {
    await visit(`#/events`);
    expect((await tableIds()).length).toBe(50);

    await c.w.page.getByLabel('Actor', { exact: true }).fill('mallory@contoso.example');
    const filtered = waitEvents();
    await c.w.page.getByRole('button', { name: 'Apply' }).click();
    const answer = await filtered;
    expect(new URL(answer.url()).searchParams.get('actor')).toBe('mallory@contoso.example');
    expect(c.w.page.url()).toContain('actor=mallory%40contoso.example');
    const expected = (await apiRows('actor=mallory%40contoso.example')).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(0);
    await expect.poll(tableIds).toEqual(expected);
  });

  it('pages to older events by the cursor and back to newer ones', async () => {
    const page1 = await visit('#/events?since=2026-04-02');
    expect(page1.nextCursor).not.toBeNull();
    const older = waitEvents();
    await c.w.page.getByRole('button', { name: 'Older' }).click();
    const answer = await older;
    expect(new URL(answer.url()).searchParams.get('before')).toBe(page1.nextCursor);
    const page2 = (await answer.json()) as { rows: ApiRow[] };
    expect(page2.rows.length).toBeGreaterThan(0);
    expect(page2.rows[0]!.time <= page1.rows[page1.rows.length - 1]!.time).toBe(true);
    await expect.poll(tableIds).toEqual(page2.rows.map((r) => r.id));
    await expect.poll(() => c.w.page.locator('.pager .range').textContent()).toBe(`rows 51–${50 + page2.rows.length}`);
    const newer = waitEvents();
    await c.w.page.getByRole('button', { name: 'Newer' }).click();
    await newer;
    await expect.poll(tableIds).toEqual(page1.rows.map((r) => r.id));
  });

  it('sets a relative range from the quick links, keeping the other filters', async () => {
    await visit(`#/events?result=failure&until=2026-04-03`);
    const relative = waitEvents();
    await c.w.page.getByRole('link', { name: '24h', exact: true }).click();
    const query = new URL((await relative).url()).searchParams;
    expect([...query.entries()].filter(([k]) => k !== 'limit')).toEqual([
      ['since', '24h'],
      ['result', 'failure'],
    ]);
    await expect.poll(() => c.w.page.getByLabel('Since', { exact: true }).inputValue()).toBe('24h');
  });

  it('shows a refused filter next to the bar, naming the field', async () => {
    await visit(`#/events?result=success`);
    await c.w.page.getByLabel('IP / CIDR').fill('203.0.113.0/99');
    const refused = c.w.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/events');
    await c.w.page.getByRole('button', { name: 'Apply' }).click();
    expect((await refused).status()).toBe(400);
    const error = c.w.page.locator('.filter-error');
    await expect.poll(() => error.textContent()).toMatch(/^IP \/ CIDR: .+/);
    await expect.poll(() => c.w.page.locator('.field-ip.invalid').count()).toBe(1);
  });

  it('zooms by dragging across the histogram: since/until follow the drag and the table reloads', async () => {
    const histogram = c.w.page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/events/histogram' && r.status() === 200,
    );
    await visit('#/events?since=2026-04-01T00:00:00Z&until=2026-04-04T12:00:00Z');
    const data = (await (await histogram).json()) as { since: string; until: string };
    // This view's chart (its label names its range), not the one the previous view left on screen.
    const chart = c.w.page.locator(`svg.histogram-chart[aria-label*="from ${data.since} to ${data.until}"]`);
    await chart.waitFor();
    const box = await chart.boundingBox();
    if (!box) throw new Error('the histogram has no box');
    const y = box.y + box.height / 2;
    const reloaded = c.w.page.waitForResponse(
      (r) =>
        new URL(r.url()).pathname === '/api/events' &&
        new URL(r.url()).searchParams.get('since') !== '2026-04-01T00:00:00Z' &&
        r.status() === 200,
    );
    await c.w.page.mouse.move(box.x + box.width * 0.25, y);
    await c.w.page.mouse.down();
    await c.w.page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
    await c.w.page.mouse.up();
    const query = new URL((await reloaded).url()).searchParams;
    const since = Date.parse(query.get('since') ?? '');
    const until = Date.parse(query.get('until') ?? '');
    const from = Date.parse(data.since);
    const span = Date.parse(data.until) - from;
    // The drag covered the second quarter of the range (to a pixel).
    const pixelMs = span / box.width + 1000;
    expect(Math.abs(since - (from + span * 0.25))).toBeLessThanOrEqual(pixelMs);
    expect(Math.abs(until - (from + span * 0.5))).toBeLessThanOrEqual(pixelMs);
    expect(c.w.page.url()).toContain('since=');
    const rows = await apiRows(query.toString().replace(/&?limit=\d+/, ''));
    await expect.poll(tableIds).toEqual(rows.slice(0, 50).map((r) => r.id));
    for (const row of rows) {
      expect(Date.parse(row.time)).toBeGreaterThanOrEqual(since);
      expect(Date.parse(row.time)).toBeLessThanOrEqual(until + 1);
    }
  });

  it('opens the details panel of a row: every section, modified properties old → new, the raw record', async () => {
    await visit(`#/events?correlationId=c0ffee00-0000-4000-8000-000000000001`);
    const row = c.w.page.locator('tr.event').first();
    const details = c.w.page.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/api/events/Directory_'));
    await row.locator('td.activity').click();
    expect((await details).status()).toBe(200);
    const id = await row.getAttribute('data-id');
    const panel = c.w.page.locator(`aside.details[data-id="${id}"]`);
    await panel.waitFor();
    for (const heading of ['Activity', 'Initiated by (actor)', 'Targets', 'Additional details', 'Raw record']) {
      await expect.poll(() => panel.getByRole('heading', { name: heading, exact: true }).count()).toBe(1);
    }
    const diff = panel.locator('table.diff tbody tr');
    await expect
      .poll(() => diff.locator('td').allTextContents())
      .toEqual(['KeyDescription', '[]', '→', '["[KeyIdentifier=k1,KeyType=Password,KeyUsage=Verify,DisplayName=ci]"]']);
    await expect.poll(() => panel.locator('table.kv th').allTextContents()).toEqual(['User-Agent', 'AppId']);
    await expect
      .poll(() => panel.locator('pre.raw').textContent())
      .toContain('"activityDateTime": "2026-04-02T10:00:00.1234567Z"');
    expect(c.w.page.url()).toContain('event=Directory_c0ffee00');
  });

  it('pivots on an actor from the table and on an IP from the panel', async () => {
    await visit(`#/events?since=2026-04-02T00:00:00Z&until=2026-04-02T23:59:59Z&result=failure`);
    const pivot = c.w.page.locator('tr.event button.pivot-actor').first();
    const actor = await pivot.getAttribute('title');
    const pivoted = waitEvents();
    await pivot.click();
    const query = new URL((await pivoted).url()).searchParams;
    expect(`Filter on actor = ${query.get('actor')}`).toBe(actor);
    expect(query.get('result')).toBe('failure');
    const rows = await apiRows(new URLSearchParams([...query].filter(([k]) => k !== 'limit')).toString());
    await expect.poll(tableIds).toEqual(rows.slice(0, 50).map((r) => r.id));

    // From the details panel: the IP of the first row.
    const first = c.w.page.locator('tr.event').first();
    const firstId = await first.getAttribute('data-id');
    await first.locator('td.time').click();
    const ip = c.w.page.locator(`aside.details[data-id="${firstId}"] button.pivot-ip`);
    const address = (await ip.getAttribute('title'))?.replace('Filter on ip = ', '');
    const byIp = waitEvents();
    await ip.click();
    expect(new URL((await byIp).url()).searchParams.get('ip')).toBe(address);
    const ipRows = await apiRows(
      new URLSearchParams(
        [...query].filter(([k]) => k !== 'limit' && k !== 'actor').concat([['ip', address ?? '']]),
      ).toString(),
    );
    await expect.poll(tableIds).toEqual(ipRows.slice(0, 50).map((r) => r.id));
    for (const row of ipRows) expect(row.ip).toBe(address);
  });

  it('downloads the CSV of the current filter: its rows are the API rows', async () => {
    const filter = 'since=2026-04-02T00%3A00%3A00Z&until=2026-04-02T23%3A59%3A59Z&result=failure';
    await visit(`#/events?${filter}`);
    const download = c.w.page.waitForEvent('download');
    await c.w.page.getByRole('link', { name: 'Download CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^audit-events-.*\.csv$/);
    const path = await file.path();
    const records = parseCsv(await readFile(path, 'utf8'));
    const header = records[0] ?? [];
    const idAt = header.indexOf('Id');
    expect(idAt).toBeGreaterThan(0);
    const expected = (await apiRows(filter)).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(records.slice(1).map((r) => r[idAt])).toEqual(expected);
  });

  it('raised no console error, CSP violation or dialog, and loaded nothing from elsewhere', () => {
    expect(c.w.errors.filter((e) => !e.includes('400 (Bad Request)'))).toEqual([]);
    expect(c.w.dialogs).toEqual([]);
    expect(c.w.foreign).toEqual([]);
  });
});
