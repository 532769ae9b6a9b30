import { expect, it } from 'vitest';
import { describeInChromium, useBrowserSuite } from '../helpers/browser-suite.js';
import { pwnedFlag } from '../helpers/hostile-events.js';

describeInChromium('hostile event text in Chromium', () => {
  const c = useBrowserSuite({ eventsPerHour: 10, alerts: true });

  /** Nothing the events carry became markup, a handler or a link. */
  const expectInert = async () => {
    const dom = await c.w.page.evaluate((flag) => {
      const hrefs = [...document.querySelectorAll('[href]')].map((e) => e.getAttribute('href') ?? '');
      const handlers = [...document.querySelectorAll('*')].flatMap((e) =>
        e.getAttributeNames().filter((n) => n.startsWith('on')),
      );
      return {
        pwned: (window as unknown as Record<string, unknown>)[flag] ?? null,
        images: document.querySelectorAll('img, iframe, object, embed').length,
        scripts: [...document.querySelectorAll('script')].map((s) => s.getAttribute('src')),
        badLinks: hrefs.filter(
          (h) => !h.startsWith('#/') && !h.startsWith('/api/') && h !== 'app.css' && h !== 'data:,',
        ),
        handlers,
        styles: document.querySelectorAll('[style]').length,
      };
    }, pwnedFlag);
    expect(dom).toEqual({ pwned: null, images: 0, scripts: ['app.js'], badLinks: [], handlers: [], styles: 0 });
    expect(c.w.dialogs).toEqual([]);
  };

  it('shows script tags, onerror images and javascript: values in the table as text', async () => {
    const loaded = c.w.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/events' && r.status() === 200);
    await c.w.page.goto(`${c.server.url}#/events?actor=hostile%40contoso.example`);
    await loaded;
    await expect.poll(() => c.w.page.locator('tr.event').count()).toBe(2);
    const text = (await c.w.page.locator('table.events-table').textContent()) ?? '';
    expect(text).toContain('Update user <img src=x onerror="window.__pwned=1">');
    expect(text).toContain('javascript:window.__pwned=1');
    // The bidi override is shown as a code, not applied.
    expect(text).toContain('Delete user ⟨U+202E⟩<script>window.__pwned=1</script>');
    expect(text).not.toContain('\u202e');
    // A javascript: target is a filter button, not a link.
    const target = c.w.page.locator('tr.event button.pivot-target', { hasText: 'javascript:' }).first();
    expect(await target.evaluate((e) => e.tagName)).toBe('BUTTON');
    await expectInert();
  });

  it('keeps the details panel inert, a 100 kB value cut until "show all", and the whole value then', async () => {
    await c.w.page.locator('tr.event', { hasText: 'Update user' }).locator('td.time').click();
    const panel = c.w.page.getByRole('complementary', { name: 'Event details' });
    await panel.waitFor();
    const huge = panel.locator('table.kv tr', { hasText: 'Huge' }).locator('td');
    await expect.poll(async () => ((await huge.textContent()) ?? '').length).toBeLessThan(1_000);
    await huge.getByRole('button', { name: /show all \(100007 characters\)/ }).click();
    await expect.poll(async () => ((await huge.locator('.data').textContent()) ?? '').length).toBe(100_007);
    const bidi = panel.locator('table.kv tr', { hasText: 'Bidi' }).locator('td .data');
    expect(await bidi.textContent()).toBe('invoice⟨U+202E⟩gpj.exe');
    expect(await bidi.evaluate((e) => getComputedStyle(e).unicodeBidi)).toBe('isolate');
    await expect.poll(() => panel.locator('table.diff td.new').textContent()).toBe('"javascript:window.__pwned=1"');
    // Clicking the javascript: correlation id filters on it; nothing navigates away or runs.
    const pivot = c.w.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/events');
    await c.w.page.locator('tr.event', { hasText: 'Delete user' }).locator('button.pivot-correlationId').click();
    expect(new URL((await pivot).url()).searchParams.get('correlationId')).toBe('javascript:window.__pwned=1');
    expect(new URL(c.w.page.url()).origin).toBe(new URL(c.server.url).origin);
    await expectInert();
  });

  it('keeps a hostile filter from a link inert in the filter bar', async () => {
    const value = '"><img src=x onerror="window.__pwned=1">';
    await c.w.page.goto(`${c.server.url}#/events?text=${encodeURIComponent(value)}`);
    await expect.poll(() => c.w.page.getByLabel('Text', { exact: true }).inputValue()).toBe(value);
    await expect.poll(() => c.w.page.locator('.notice').first().textContent()).toBeTruthy();
    await expectInert();
  });

  it('keeps alert titles inert', async () => {
    await c.w.page.goto(`${c.server.url}#/alerts`);
    await expect
      .poll(() => c.w.page.locator('tr.alert', { hasText: 'b2c.users.hostile-admin' }).textContent())
      .toContain('User changes by hostile@contoso.example <script>');
    await expectInert();
  });

  it('raised no console error or CSP violation', () => {
    expect(c.w.errors).toEqual([]);
    expect(c.w.foreign).toEqual([]);
  });
});
