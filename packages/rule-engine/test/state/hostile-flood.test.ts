import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { AuditEvent } from '@b2c-alerts/audit-client';
import { PrivateRedisServer } from '@b2c-alerts/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Evaluator,
  MemoryStateStore,
  RedisStateStore,
  defaultMaxGroups,
  stateKeys,
  type AlertCandidate,
  type StateStore,
} from '../../src/index.js';
import { auditEvent, minute, t0 } from '../helpers/audit-events.js';
import { rule, ruleSet } from '../helpers/rules.js';

// Issue 12, bounded state: a flood of unique values through one rule. Before the group cap, every
// unique IP left a group in Redis for the rule's TTL and in a replay's memory for its window, so both
// grew with the flood (5,200 events made 7,200 keys; replay held ~5 KB per unique-IP event).

const floodSize = 1_000_000;
const checkpoint = 250_000;
const batchSize = 1000;
/** One hour of event time: about Graph's per-tenant ceiling of events. */
const floodSpanMs = 60 * minute;

const tokenBurst = rule({
  id: 'b2c.token-burst-by-ip',
  match: { all: [{ fact: 'activity', operator: 'equal', value: 'Issue an id_token to the application' }] },
  aggregate: { kind: 'count', groupBy: ['ip'], windowMs: 10 * minute, threshold: 50 },
  fields: ['target.id'],
});
const bruteForce = rule({
  id: 'b2c.brute-force',
  aggregate: { kind: 'count', groupBy: ['target.id'], windowMs: 10 * minute, threshold: 5 },
});
const keyDeleted = rule({
  id: 'b2c.key-deleted',
  match: { all: [{ fact: 'activity', operator: 'equal', value: 'Delete policy key' }] },
  throttle: { key: ['actor.upn'], forMs: 60 * minute },
});
const rules = ruleSet(tokenBurst, bruteForce, keyDeleted);

/** Flood event i: a token issued to a new user from a new IP. */
function floodEvent(i: number): AuditEvent {
  return auditEvent({
    id: `f${i}`,
    time: t0 + Math.floor((i * floodSpanMs) / floodSize),
    activity: 'Issue an id_token to the application',
    result: 'success',
    ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    target: `user-${i}`,
  });
}

/** Every 100k flood events, a brute force on one account and a policy key deleted: they must still alert. */
function attacks(i: number): AuditEvent[] {
  if (i % 100_000 !== 50_000) return [];
  const k = Math.floor(i / 100_000);
  const time = t0 + Math.floor((i * floodSpanMs) / floodSize);
  const burst = [0, 1, 2, 3, 4].map((n) =>
    auditEvent({ id: `b${k}-${n}`, time: time + n * 1000, target: `victim-${k}`, ip: '203.0.113.9' }),
  );
  const deleted = auditEvent({
    id: `d${k}`,
    time,
    activity: 'Delete policy key',
    result: 'success',
    actor: `admin-${k}@contoso.com`,
  });
  return [...burst, deleted];
}

function* batches(): Generator<AuditEvent[]> {
  for (let start = 0; start < floodSize; start += batchSize) {
    const batch: AuditEvent[] = [];
    for (let i = start; i < start + batchSize; i++) batch.push(floodEvent(i), ...attacks(i));
    yield batch;
  }
}

/**
 * Keys the attack traffic after the checkpoint may add (8 attack sets, at 250k to 950k: the brute-force group's events
 * and fired keys, the deletion's throttle key, and each alert's recorded outcome), which live by their
 * own rules' TTLs, not by the flood.
 */
const attackKeysAfterCheckpoint = 8 * 5;

/** Runs the flood; `measure` is called after the checkpoint's batch and after the last one. */
async function flood(store: StateStore, measure: () => Promise<number>) {
  const evaluator = new Evaluator({ ruleSet: rules, store });
  const alerts: AlertCandidate[] = [];
  const readings: number[] = [];
  let seen = 0;
  for (const batch of batches()) {
    alerts.push(...(await evaluator.evaluate(batch)));
    seen += batchSize;
    if (seen === checkpoint || seen === floodSize) readings.push(await measure());
  }
  return { alerts, readings, stats: evaluator.stats };
}

/** The other detections, exactly: one brute force per victim and one deletion alert per admin. */
function expectAttacksAlerted(alerts: AlertCandidate[]): void {
  const attacked = Array.from({ length: 10 }, (_, k) => k);
  expect(alerts.filter((a) => a.ruleId === 'b2c.brute-force').map((a) => a.groupKey)).toEqual(
    attacked.map((k) => `b2c.brute-force|target.id=victim-${k}`),
  );
  expect(alerts.filter((a) => a.ruleId === 'b2c.key-deleted').map((a) => a.groupKey)).toEqual(
    attacked.map((k) => `b2c.key-deleted|actor.upn=admin-${k}@contoso.com`),
  );
  expect(alerts.filter((a) => a.ruleId === 'b2c.token-burst-by-ip')).toEqual([]);
}

describe('a flood of 1M unique IPs through one rule', () => {
  let server: PrivateRedisServer;
  let redis: Redis;
  beforeAll(async () => {
    server = await PrivateRedisServer.start();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    await redis?.quit();
    await server?.stop();
  });

  it('keeps Redis memory flat and the other detections firing', { timeout: 600_000 }, async () => {
    const prefix = 'flood';
    const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
    const keys: number[] = [];
    const floodedGroups: number[] = [];
    const { alerts, readings, stats } = await flood(new RedisStateStore({ redis, prefix }), async () => {
      keys.push(await redis.dbsize());
      floodedGroups.push(await countKeys(redis, `${prefix}:${stateKeys.countEvents(tokenBurst.id)}|*`));
      return usedMemory();
    });
    expectAttacksAlerted(alerts);
    expect(stats.evicted).toBe(floodSize - defaultMaxGroups);
    expect(await redis.zcard(`${prefix}:${stateKeys.groupIndex(tokenBurst.id)}`)).toBe(defaultMaxGroups);
    const [atCheckpoint, atEnd] = readings as [number, number];
    // Keys and memory at 1M are those at 250k: what the cap allows, not what the flood brought.
    expect(floodedGroups).toEqual([defaultMaxGroups, defaultMaxGroups]);
    expect(keys[1]).toBeLessThanOrEqual(keys[0]! + attackKeysAfterCheckpoint);
    expect(atEnd - atCheckpoint).toBeLessThan(2 * 1024 * 1024);
    // The capped state itself: ~10k groups of 3 keys and 200k claims, far below 1 KB per event.
    expect(atEnd).toBeLessThan(80 * 1024 * 1024);
  });

  it('keeps a replay store (MemoryStateStore) flat and the other detections firing', { timeout: 600_000 }, async () => {
    const store = new MemoryStateStore();
    const sizes: number[] = [];
    const { alerts, readings, stats } = await flood(store, async () => {
      sizes.push(store.size);
      return heapAfterGc();
    });
    expectAttacksAlerted(alerts);
    expect(stats.evicted).toBe(floodSize - defaultMaxGroups);
    expect(sizes[1]).toBeLessThanOrEqual(sizes[0]! + attackKeysAfterCheckpoint);
    const [atCheckpoint, atEnd] = readings as [number, number];
    // Sorted sets let go of trimmed entries in steps, so readings swing by ~20 MB (measured: 84 to 105 MB
    // from 250k to 1M, no trend). Before the cap the same 750k events took about 3.7 GB.
    expect(atEnd - atCheckpoint).toBeLessThan(32 * 1024 * 1024);
  });
});

async function countKeys(redis: Redis, pattern: string): Promise<number> {
  let count = 0;
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 10_000);
    cursor = next;
    count += found.length;
  } while (cursor !== '0');
  return count;
}

function heapAfterGc(): Promise<number> {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return Promise.resolve(process.memoryUsage().heapUsed);
}
