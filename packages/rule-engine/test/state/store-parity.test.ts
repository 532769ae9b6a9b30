import { systemClock, type AuditEvent } from '@b2c-alerts/audit-client';
import { Prng } from '@b2c-alerts/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Evaluator,
  MemoryStateStore,
  type AlertCandidate,
  type RuleDefinition,
  type StateStore,
} from '../../src/index.js';
import { auditEvent, hour, minute, t0 } from '../helpers/audit-events.js';
import { keysUnder, redisHarness } from '../helpers/redis-harness.js';
import { rule, ruleSet } from '../helpers/rules.js';
import { chunks } from '../helpers/scenario.js';
import { sequenceRules, sequenceTraffic } from '../helpers/sequence-rules.js';

// The Lua scripts and the memory operations implement the same semantics twice; on the same input in
// the same order they must give the same alerts, field by field.
const rules: RuleDefinition[] = [
  rule({
    id: 'count',
    aggregate: { kind: 'count', groupBy: ['target.id'], windowMs: 10 * minute, threshold: 3 },
    fields: ['ip'],
  }),
  rule({ id: 'count-all', aggregate: { kind: 'count', groupBy: [], windowMs: 5 * minute, threshold: 12 } }),
  rule({
    id: 'count-throttled',
    aggregate: { kind: 'count', groupBy: ['ip'], windowMs: 5 * minute, threshold: 4 },
    throttle: { key: ['ip'], forMs: 20 * minute },
  }),
  rule({
    id: 'distinct',
    aggregate: { kind: 'distinct', groupBy: ['ip'], field: 'target.id', windowMs: 10 * minute, threshold: 3 },
  }),
  rule({ id: 'first-seen', aggregate: { kind: 'first-seen', groupBy: ['target.id', 'ip'], learningMs: 30 * minute } }),
  rule({ id: 'absence', aggregate: { kind: 'absence', groupBy: ['ip'], windowMs: 8 * minute } }),
  rule({ id: 'deadman', aggregate: { kind: 'absence', groupBy: [], windowMs: 3 * minute } }),
  rule({
    id: 'spike-up',
    aggregate: {
      kind: 'spike',
      groupBy: ['target.id'],
      windowMs: 10 * minute,
      direction: 'up',
      ratio: 2,
      minCurrent: 4,
      minPrevious: 1,
    },
  }),
  rule({
    id: 'spike-both',
    aggregate: {
      kind: 'spike',
      groupBy: [],
      windowMs: 5 * minute,
      direction: 'both',
      ratio: 1.5,
      dropPercent: 50,
      minCurrent: 0,
      minPrevious: 5,
    },
  }),
  rule({ id: 'each-throttled', throttle: { key: ['target.id'], forMs: 15 * minute } }),
  rule({ id: 'each' }),
];

/** Events with busy groups, ties, gaps, late arrivals (some beyond the lateness bound) and redeliveries. */
function deliveries(seed: number): AuditEvent[][] {
  const random = new Prng(seed);
  const events: AuditEvent[] = [];
  for (let i = 0; i < 500; i++) {
    const gap = random.chance(0.02) ? 12 * minute : 0;
    const time = (events[events.length - 1]?.timestamp ?? t0) + gap + random.int(4) * 10_000;
    events.push(auditEvent({ id: `p${i}`, time, target: `u${random.int(8)}`, ip: `ip|${random.int(4)}=` }));
  }
  const arrivals = events.map((e) => ({ e, at: e.timestamp + (random.chance(0.1) ? random.next() * 45 * minute : 0) }));
  for (let i = 0; i < 40; i++) {
    const again = events[random.int(events.length)]!;
    arrivals.push({ e: again, at: again.timestamp + random.next() * 20 * minute });
  }
  arrivals.sort((a, b) => a.at - b.at);
  return chunks(
    arrivals.map((a) => a.e),
    10,
  );
}

/**
 * The candidates of every batch and tick, in order. Every fifth batch and its tick run twice, as BullMQ
 * retries a job whose worker died before handing its candidates on: the retry must give them again.
 */
async function trace(store: StateStore, batches: AuditEvent[][], traced = rules): Promise<string[]> {
  const evaluator = new Evaluator({
    ruleSet: ruleSet(...traced),
    store,
    latenessMs: 30 * minute,
    forgetAfterMs: 12 * hour,
    maxEventIds: 5,
  });
  const lines: string[] = [];
  for (const [i, batch] of batches.entries()) {
    const now = Math.max(...batch.map((e) => e.timestamp));
    const run = async () => [...(await evaluator.evaluate(batch)), ...(await evaluator.tick(now))];
    const candidates = await run();
    for (const alert of candidates) lines.push(JSON.stringify({ ...alert, event: alert.event?.id }));
    if (i % 5 === 2) expect(await run()).toEqual(candidates);
  }
  lines.push(JSON.stringify(evaluator.stats));
  return lines;
}

describe('RedisStateStore and MemoryStateStore', () => {
  const harnesses: Array<ReturnType<typeof redisHarness>> = [];
  afterEach(async () => {
    await Promise.all(harnesses.splice(0).map((h) => h.close()));
  });

  it.each([11, 12, 13, 14, 15])('give the same alerts on the same deliveries (seed %i)', async (seed) => {
    const batches = deliveries(seed);
    const harness = redisHarness();
    harnesses.push(harness);
    // Recorded outcomes expire on the wall clock in Redis: the same clock for the memory store.
    const fromMemory = await trace(new MemoryStateStore({ clock: systemClock }), batches);
    const fromRedis = await trace(harness.open(), batches);
    expect(fromRedis).toEqual(fromMemory);
    const stats = JSON.parse(fromMemory[fromMemory.length - 1]!) as Record<string, number>;
    expect(stats).toMatchObject({ duplicates: expect.any(Number), late: expect.any(Number) });
    expect(stats.duplicates).toBeGreaterThan(0);
    expect(stats.late).toBeGreaterThan(0);
    expect(stats.suppressed).toBeGreaterThan(0);
    expect(stats.resolved).toBeGreaterThan(0);
    expect(stats.alerts).toBeGreaterThan(20);
    expect(stats.replayed).toBeGreaterThan(20);
    // Spikes both ways, from events and from ticks.
    const spikes = fromMemory.flatMap((line) => {
      const alert = JSON.parse(line) as AlertCandidate;
      return alert.previous === undefined
        ? []
        : [`${alert.ruleId} ${alert.count > alert.previous.count ? 'up' : 'down'}`];
    });
    expect(new Set(spikes)).toEqual(new Set(['spike-up up', 'spike-both up', 'spike-both down']));

    // Bounded memory: every key the store wrote expires.
    const keys = await keysUnder(harness.admin, harness.prefix);
    expect(keys.length).toBeGreaterThan(10);
    const ttls = await Promise.all(keys.map((key) => harness.admin.pttl(key)));
    expect(ttls.filter((ttl) => ttl <= 0)).toEqual([]);
  });
});

/**
 * The sequence traffic with late arrivals (some beyond the lateness bound) and redeliveries, in batches.
 * Gaps stay under the rules' claim retention: MemoryStateStore forgets claims in event time, so a batch
 * retried in place that spans more than that would be new to it, and old to Redis.
 */
function sequenceDeliveries(seed: number): AuditEvent[][] {
  const random = new Prng(seed);
  const events = sequenceTraffic(seed, 500, 25 * minute);
  const arrivals = events.map((e) => ({
    e,
    at: e.timestamp + (random.chance(0.15) ? random.next() * 40 * minute : 0),
  }));
  for (let i = 0; i < 40; i++) {
    const again = events[random.int(events.length)]!;
    arrivals.push({ e: again, at: again.timestamp + random.next() * 20 * minute });
  }
  arrivals.sort((a, b) => a.at - b.at);
  return chunks(
    arrivals.map((a) => a.e),
    6,
  );
}

describe('RedisStateStore and MemoryStateStore on sequences', () => {
  const harnesses: Array<ReturnType<typeof redisHarness>> = [];
  afterEach(async () => {
    await Promise.all(harnesses.splice(0).map((h) => h.close()));
  });

  it.each([21, 22, 23])('give the same alerts on the same late and repeated deliveries (seed %i)', async (seed) => {
    const batches = sequenceDeliveries(seed);
    const harness = redisHarness();
    harnesses.push(harness);
    const fromMemory = await trace(new MemoryStateStore({ clock: systemClock }), batches, sequenceRules());
    const fromRedis = await trace(harness.open(), batches, sequenceRules());
    expect(fromRedis).toEqual(fromMemory);
    const stats = JSON.parse(fromMemory[fromMemory.length - 1]!) as Record<string, number>;
    expect(stats.duplicates).toBeGreaterThan(0);
    expect(stats.late).toBeGreaterThan(0);
    expect(stats.alerts).toBeGreaterThan(20);
    expect(stats.replayed).toBeGreaterThan(5);
    expect(stats.resolved).toBeGreaterThan(0);

    const keys = await keysUnder(harness.admin, harness.prefix);
    expect(keys.some((key) => key.includes(':sequence-waits:'))).toBe(true);
    const ttls = await Promise.all(keys.map((key) => harness.admin.pttl(key)));
    expect(ttls.filter((ttl) => ttl <= 0)).toEqual([]);
  });
});
