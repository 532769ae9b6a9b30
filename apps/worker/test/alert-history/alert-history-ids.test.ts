import { VirtualClock } from '@b2c-alerts/audit-client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { StoredAlertRecord } from '../../src/alert-history/alert-history-record.js';
import { AlertHistoryWriter } from '../../src/alert-history/alert-history-writer.js';
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

const start = Date.parse('2026-03-01T00:00:00Z');

function alert(id: string): Omit<StoredAlertRecord, 'raisedAt'> {
  return {
    id,
    ruleId: 'b2c.rule.a',
    title: 'Title',
    severity: 'high',
    tenant: 'contoso',
    group: 'b2c.rule.a|actor.upn=mallory',
    groupHash: '0123456789abcdef',
    count: 1,
    eventIds: ['ev-1'],
    eventCount: 1,
    firstEventAt: '2026-03-01T00:00:00.000Z',
    lastEventAt: '2026-03-01T00:00:00.000Z',
    ruleSetVersion: 'v1',
    state: 'routed',
    routes: ['security'],
    channels: ['slack:#sec'],
  };
}

function parse(id: string): [bigint, bigint] {
  const [ms = '0', seq = '0'] = id.split('-');
  return [BigInt(ms), BigInt(seq)];
}

describe('alert history stream ids (computed in Lua, no `<ms>-*`: Redis 7.0 not needed)', () => {
  it('increase when raise times repeat or go backwards, and for deliveries too', async () => {
    const { keyPrefix } = testPrefixes();
    prefixes.push(keyPrefix);
    const keys = new RedisKeys(keyPrefix);
    const clock = new VirtualClock(start);
    const writer = new AlertHistoryWriter(redis, keys, {
      clock,
      retention: { retentionMs: 90 * 24 * 3_600_000, maxEntries: 3 },
    });
    // Same ms three times, then back 5 s, then forward past the last entry, with the cap trimming.
    const steps = [0, 0, 0, -5000, 0, 10_000, -1, 0];
    for (const [i, step] of steps.entries()) {
      clock.advance(step);
      expect(await writer.recordAlert(alert(`a${i}`))).toBe(true);
      await writer.recordDelivery({
        route: 'security',
        channel: 'slack:#sec',
        notificationId: `n${i}`,
        alertIds: [`a${i}`],
        state: 'sent',
        attempts: 1,
      });
    }
    for (const stream of [keys.historyAlerts(), keys.historyDeliveries()]) {
      const ids = (await redis.xrange(stream, '-', '+')).map(([id]) => id);
      expect(ids.length).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < ids.length; i++) {
        const [am, as] = parse(ids[i - 1]!);
        const [bm, bs] = parse(ids[i]!);
        expect(bm > am || (bm === am && bs > as)).toBe(true);
      }
    }
    const alerts = await redis.xrange(keys.historyAlerts(), '-', '+');
    // The first three share the start ms: seq 0, 1, 2; the trimmed stream keeps the newest three.
    expect(alerts.map(([, f]) => f[1])).toEqual(['a5', 'a6', 'a7']);
    expect(alerts.map(([id]) => id)).toEqual([`${start + 5000}-0`, `${start + 5000}-1`, `${start + 5000}-2`]);
  });
});
