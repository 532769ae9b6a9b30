import { expect, it } from 'vitest';
import { describeInChromium, useBrowserSuite } from '../helpers/browser-suite.js';

const token = 'b8f1c0d2e3a4958677a6b5c4d3e2f1a0';

describeInChromium('a console with a token, in Chromium', () => {
  // No alert history and no health reader: those pages say how to enable them.
  const c = useBrowserSuite({ eventsPerHour: 10, token, health: false });

  it('asks for the token, refuses a wrong one, and shows the events after the right one', async () => {
    const w = await c.open();
    await w.page.goto(`${c.server.url}#/events?result=failure`);
    const form = w.page.getByRole('form', { name: 'Sign in' });
    await form.waitFor();
    expect(await w.page.locator('table.events-table').count()).toBe(0);

    await w.page.getByLabel('Console token').fill('not-the-token-at-all');
    const refused = w.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/login');
    await w.page.getByRole('button', { name: 'Sign in' }).click();
    expect((await refused).status()).toBe(401);
    await expect.poll(() => w.page.locator('.login-status').textContent()).toContain('The token was refused');

    await w.page.getByLabel('Console token').fill(token);
    const events = w.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/events' && r.status() === 200);
    await w.page.getByRole('button', { name: 'Sign in' }).click();
    await events;
    await expect.poll(() => w.page.locator('tr.event').count()).toBeGreaterThan(0);
    // The page keeps the view the link named, and the session is a cookie the script cannot read.
    expect(w.page.url()).toContain('result=failure');
    expect(await w.page.evaluate(() => document.cookie)).toBe('');

    // The API refuses a client without the cookie.
    expect((await fetch(`${c.server.url}api/events`)).status).toBe(401);

    const loggedOut = w.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/logout');
    await w.page.getByRole('button', { name: 'Sign out' }).click();
    await loggedOut;
    await w.page.getByRole('form', { name: 'Sign in' }).waitFor();
    expect(w.dialogs).toEqual([]);
    expect(w.errors.filter((e) => !e.includes('401 (Unauthorized)'))).toEqual([]);
  });

  it('says how to enable alerts and health when the console has no worker state', async () => {
    const w = await c.open();
    await w.page.request.post(`${c.server.url}api/login`, { data: { token } });
    await w.page.goto(`${c.server.url}#/alerts`);
    await expect.poll(() => w.page.locator('.alerts-page .unavailable').textContent()).toContain('REDIS_URL');
    await w.page.goto(`${c.server.url}#/health`);
    await expect.poll(() => w.page.locator('.health-page .unavailable').textContent()).toContain('REDIS_URL');
    expect(w.errors.filter((e) => !e.includes('501 (Not Implemented)'))).toEqual([]);
  });
});
