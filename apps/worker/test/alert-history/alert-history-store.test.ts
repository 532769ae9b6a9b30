import { VirtualClock } from '@b2c-alerts/audit-client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { StoredAlertRecord } from '../../src/alert-history/alert-history-record.js';
import { AlertHistory } from '../../src/alert-history/alert-history.js';
import { AlertHistoryWriter } from '../../src/alert-history/alert-history-writer.js';
import { HistoryQueryError } from '../../src/alert-history/history-query-error.js';
import { RedisKeys } from '../../src/redis/redis-keys.js';
import { adminRedis, deleteKeys, testPrefixes } from '../helpers/redis-test.js';

const redis = adminRedis();
const prefixes: string[] = [];
afterEach(async () => {
  await deleteKeys(redis, ...prefixes.splice(0));
});
afterAll(async () => {
  await redis.quit();
});

const hour = 60 * 60_000;
const start = Date.parse('2026-03-01T00:00:00Z');

function setup(retention = { retentionMs: 90 * 24 * hour, maxEntries: 500_000 }) {
  const { keyPrefix } = testPrefixes();
  prefixes.push(keyPrefix);
  const keys = new RedisKeys(keyPrefix);
  const clock = new VirtualClock(start);
  return {
    keys,
    clock,
    writer: new AlertHistoryWriter(redis, keys, { clock, retention }),
    reader: new AlertHistory(redis, keys),
  };
}

function alert(id: string, ruleId = 'b2c.rule.a'): Omit<StoredAlertRecord, 'raisedAt'> {
  return {
    id,
    ruleId,
    title: `Title of ${ruleId}`,
    severity: 'high',
    tenant: 'contoso',
    group: `${ruleId}|actor.upn=mallory`,
    groupHash: '0123456789abcdef',
    count: 2,
    eventIds: ['ev-1', 'ev-2'],
    eventCount: 2,
    firstEventAt: '2026-03-01T00:00:00.000Z',
    lastEventAt: '2026-03-01T00:00:01.000Z',
    ruleSetVersion: 'v1',
    state: 'routed',
    routes: ['security'],
    channels: ['slack:#sec'],
  };
}

describe('AlertHistoryWriter and AlertHistory', () => {
  it('records an alert once per id and joins its deliveries, oldest first', async () => {
    const { writer, reader, clock } = setup();
    expect(await writer.recordAlert(alert('a1'))).toBe(true);
    expect(await writer.recordAlert({ ...alert('a1'), title: 'changed' })).toBe(false);
    clock.advance(1000);
    await writer.recordDelivery({
      route: 'security',
      channel: 'slack:#sec',
      notificationId: 'n1',
      alertIds: ['a1', 'a2'],
      state: 'failed',
      attempts: 1,
      error: 'x'.repeat(1000),
    });
    clock.advance(1000);
    await writer.recordDelivery({
      route: 'security',
      channel: 'slack:#sec',
      notificationId: 'n1',
      alertIds: ['a1'],
      state: 'sent',
      attempts: 2,
    });
    const got = await reader.get('a1');
    expect(got).toMatchObject({ id: 'a1', title: 'Title of b2c.rule.a', raisedAt: '2026-03-01T00:00:00.000Z' });
    expect(got?.deliveries).toEqual([
      {
        route: 'security',
        channel: 'slack:#sec',
        notificationId: 'n1',
        state: 'failed',
        attempts: 1,
        at: '2026-03-01T00:00:01.000Z',
        error: 'x'.repeat(200),
      },
      {
        route: 'security',
        channel: 'slack:#sec',
        notificationId: 'n1',
        state: 'sent',
        attempts: 2,
        at: '2026-03-01T00:00:02.000Z',
      },
    ]);
    expect(await reader.get('nope')).toBeUndefined();
    expect((await reader.list()).alerts.map((a) => a.id)).toEqual(['a1']);
  });

  it('lists newest first, filters by rule and time, and pages with a cursor', async () => {
    const { writer, reader, clock } = setup();
    for (let i = 0; i < 30; i++) {
      await writer.recordAlert(alert(`a${i}`, i % 3 === 0 ? 'b2c.rule.rare' : 'b2c.rule.a'));
      clock.advance(hour);
    }
    const all = await reader.list({ limit: 1000 });
    expect(all.alerts.map((a) => a.id)).toEqual(Array.from({ length: 30 }, (_, i) => `a${29 - i}`));
    expect(all.next).toBeUndefined();

    const rare = await reader.list({ rule: 'b2c.rule.rare', limit: 4 });
    expect(rare.alerts.map((a) => a.id)).toEqual(['a27', 'a24', 'a21', 'a18']);
    const rest = await reader.list({ rule: 'b2c.rule.rare', limit: 4, ...(rare.next ? { before: rare.next } : {}) });
    expect(rest.alerts.map((a) => a.id)).toEqual(['a15', 'a12', 'a9', 'a6']);
    const last = await reader.list({ rule: 'b2c.rule.rare', limit: 4, ...(rest.next ? { before: rest.next } : {}) });
    expect(last.alerts.map((a) => a.id)).toEqual(['a3', 'a0']);
    expect(last.next).toBeUndefined();

    // a10 was raised at start + 10 h, a12 at + 12 h: both ends are inclusive.
    const window = await reader.list({ since: start + 10 * hour, until: start + 12 * hour });
    expect(window.alerts.map((a) => a.id)).toEqual(['a12', 'a11', 'a10']);

    const paged: string[] = [];
    let before: string | undefined;
    do {
      const page = await reader.list({ limit: 7, since: start + 5 * hour, ...(before ? { before } : {}) });
      paged.push(...page.alerts.map((a) => a.id));
      before = page.next;
    } while (before !== undefined);
    expect(paged).toEqual(Array.from({ length: 25 }, (_, i) => `a${29 - i}`));
  });

  it('refuses a malformed cursor or limit', async () => {
    const { reader } = setup();
    await expect(reader.list({ before: '1-2) OR 1' })).rejects.toBeInstanceOf(HistoryQueryError);
    await expect(reader.list({ limit: 0 })).rejects.toMatchObject({ code: 'WK_ERR_HISTORY_QUERY' });
  });

  it('trims by age: entries older than the retention go, and the index expires with it', async () => {
    const { writer, reader, clock, keys } = setup({ retentionMs: 2 * hour, maxEntries: 500_000 });
    for (let i = 0; i < 300; i++) await writer.recordAlert(alert(`old${i}`));
    expect(await redis.pttl(keys.historyAlert('old0'))).toBeGreaterThan(hour);
    expect(await redis.pttl(keys.historyAlert('old0'))).toBeLessThanOrEqual(2 * hour);
    clock.advance(3 * hour);
    await writer.recordAlert(alert('new'));
    // Approximate trimming removes whole stream nodes: most of the old entries, never the new one.
    const left = await redis.xlen(keys.historyAlerts());
    expect(left).toBeLessThan(150);
    expect((await reader.list({ limit: 1 })).alerts.map((a) => a.id)).toEqual(['new']);
    expect(await reader.get('old0')).toBeUndefined();
    expect(await reader.list({ since: start + hour })).toEqual({ alerts: [expect.objectContaining({ id: 'new' })] });
  });

  it('trims by count, the index with it', async () => {
    const { writer, clock, keys } = setup({ retentionMs: 90 * 24 * hour, maxEntries: 1000 });
    for (let i = 0; i < 1500; i++) {
      await writer.recordAlert(alert(`a${i}`));
      if (i % 100 === 0) clock.advance(1000);
    }
    expect(await redis.xlen(keys.historyAlerts())).toBe(1000);
    // The index is trimmed with the stream: the oldest alerts' index hashes are gone, the newest kept.
    let indexed = 0;
    for await (const batch of redis.scanStream({ match: `${keys.historyAlertPrefix()}*`, count: 1000 }))
      indexed += (batch as string[]).length;
    expect(indexed).toBe(1000);
    expect(await redis.exists(keys.historyAlert('a499'))).toBe(0);
    expect(await redis.exists(keys.historyAlert('a500'))).toBe(1);
  });

  it('trims a cap lowered by more than 100 with the index, never past an index hash', async () => {
    const { keyPrefix } = testPrefixes();
    prefixes.push(keyPrefix);
    const keys = new RedisKeys(keyPrefix);
    const clock = new VirtualClock(start);
    const retention = (maxEntries: number) => ({ retentionMs: 90 * 24 * hour, maxEntries });
    const before = new AlertHistoryWriter(redis, keys, { clock, retention: retention(1000) });
    for (let i = 0; i < 700; i++) await before.recordAlert(alert(`a${i}`));
    const lowered = new AlertHistoryWriter(redis, keys, { clock, retention: retention(10) });
    const indexed = async (): Promise<string[]> => {
      const found: string[] = [];
      for await (const batch of redis.scanStream({ match: `${keys.historyAlertPrefix()}*`, count: 1000 }))
        found.push(...(batch as string[]));
      return found;
    };
    for (let i = 0; i < 6; i++) {
      await lowered.recordAlert(alert(`b${i}`));
      // After every write: one index hash per stream entry, each naming an entry that is still there.
      const entries = await redis.xrange(keys.historyAlerts(), '-', '+');
      const ids = new Set(entries.map(([, fields]) => fields[1]));
      const hashes = await indexed();
      expect(hashes.length).toBe(entries.length);
      for (const key of hashes) expect(ids.has(key.slice(keys.historyAlertPrefix().length))).toBe(true);
    }
    expect(await redis.xlen(keys.historyAlerts())).toBe(10);
    expect(await redis.exists(keys.historyAlert('b5'))).toBe(1);
  });

  it('keeps ids increasing when a worker’s clock is behind the last entry', async () => {
    const { writer, reader, clock } = setup();
    clock.advance(hour);
    await writer.recordAlert(alert('ahead'));
    clock.advance(-30 * 60_000);
    expect(await writer.recordAlert(alert('behind'))).toBe(true);
    expect((await reader.list()).alerts.map((a) => a.id)).toEqual(['behind', 'ahead']);
  });
});
