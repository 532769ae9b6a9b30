import { afterEach, describe, expect, it } from 'vitest';
import { Evaluator, stateKeys } from '../../../src/index.js';
import { at, auditEvent, hour, minute, t0 } from '../../helpers/audit-events.js';
import { boundedStateSuite } from '../../store-suites/bounded-state-suite.js';
import { fallbackSuite } from '../../store-suites/fallback-suite.js';
import { redisHarness } from '../../helpers/redis-harness.js';
import { rule, ruleSet } from '../../helpers/rules.js';
import { riseRule, spread } from '../../store-suites/spike-store-suite.js';
import { stateStoreSuite } from '../../store-suites/state-store-suite.js';

describe('RedisStateStore', () => {
  stateStoreSuite(redisHarness);
});

describe('RedisStateStore bounds', () => {
  boundedStateSuite(redisHarness);
});

describe('RedisStateStore fallbacks', () => {
  fallbackSuite(redisHarness);
});

describe('RedisStateStore replay', () => {
  const harnesses: Array<ReturnType<typeof redisHarness>> = [];
  afterEach(async () => {
    await Promise.all(harnesses.splice(0).map((h) => h.close()));
  });

  it('replays after other batches moved event time past the claim: outcomes expire in wall-clock time', async () => {
    const harness = redisHarness();
    harnesses.push(harness);
    const reader = rule({
      id: 'r.reader',
      aggregate: { kind: 'first-seen', groupBy: ['actor.upn'], learningMs: hour },
    });
    const read = (id: string, time: number, actor: string) => auditEvent({ id, time, actor });
    const worker = () => new Evaluator({ ruleSet: ruleSet(reader), store: harness.open(), latenessMs: 10 * minute });
    await worker().evaluate([read('a', t0, 'alice')]);
    const batch = [read('b', t0 + 2 * hour, 'bob')];
    const fired = await worker().evaluate(batch);
    expect(fired.map((a) => a.eventIds)).toEqual([['b']]);
    // While the job waits for its retry, another worker catches up 3 hours of events: b's claim is gone.
    await worker().evaluate([read('c', t0 + 5 * hour, 'alice')]);
    const retry = worker();
    expect(await retry.evaluate(batch)).toEqual(fired);
    expect(retry.stats).toMatchObject({ replayed: 1, alerts: 0, duplicates: 0 });
    const ttl = await harness.admin.pttl(`${harness.prefix}:outcome:r.reader:b`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(10 * minute);
  });
});

describe('RedisStateStore spike state', () => {
  const harnesses: Array<ReturnType<typeof redisHarness>> = [];
  afterEach(async () => {
    await Promise.all(harnesses.splice(0).map((h) => h.close()));
  });

  it('keeps per group one counter per step of two windows and the lateness, not the events', async () => {
    const harness = redisHarness();
    harnesses.push(harness);
    const evaluator = new Evaluator({ ruleSet: ruleSet(riseRule()), store: harness.open(), latenessMs: 30 * minute });
    // Twelve hours at six events a minute through one policy, ticking every minute.
    for (let m = 0; m < 12 * 60; m += 1) {
      await evaluator.evaluate(spread(`m${m}`, m, m + 1, 6));
      await evaluator.tick(at(m + 1));
    }
    const state = `${harness.prefix}:${stateKeys.spikeGroups('b2c.sms-rise')}`;
    const group = JSON.parse(
      (await harness.admin.hget(state, 'g:b2c.sms-rise|details.PolicyId=B2C_1A_mfa')) ?? 'null',
    ) as { b: Record<string, number> } | null;
    // Two windows of 12 steps, plus 30 minutes of lateness in 5-minute steps, plus the step being filled.
    expect(Object.keys(group?.b ?? {}).length).toBeLessThanOrEqual(24 + 6 + 1);
    expect(await harness.admin.hlen(state)).toBe(4);
    expect(await harness.admin.pttl(state)).toBeGreaterThan(0);
    // Claims: two windows and the lateness of event ids (2.5 h at 6 a minute), not twelve hours.
    expect(await harness.admin.zcard(`${harness.prefix}:${stateKeys.claims('b2c.sms-rise')}`)).toBeLessThanOrEqual(
      150 * 6 + 6,
    );
  });

  it("drops a quiet group's counters and its index entry once every window holding its events is judged", async () => {
    const harness = redisHarness();
    harnesses.push(harness);
    const evaluator = new Evaluator({ ruleSet: ruleSet(riseRule()), store: harness.open(), latenessMs: 30 * minute });
    for (let m = 0; m < 120; m += 1) {
      await evaluator.evaluate(spread(`m${m}`, m, m + 1, 6));
      await evaluator.tick(at(m + 1));
    }
    const state = `${harness.prefix}:${stateKeys.spikeGroups('b2c.sms-rise')}`;
    const index = `${harness.prefix}:${stateKeys.groupIndex('b2c.sms-rise')}`;
    const field = 'g:b2c.sms-rise|details.PolicyId=B2C_1A_mfa';
    expect(await harness.admin.hexists(state, field)).toBe(1);
    expect(await harness.admin.zcard(index)).toBe(1);
    // Two hours of silence: the last windows holding its events are judged (a drop if it had one)…
    await evaluator.tick(at(120 + 2 * 60));
    expect(await harness.admin.hexists(state, field)).toBe(1);
    // …and three windows after its newest step, nothing of the group is left.
    await evaluator.tick(at(120 + 3 * 60 + 5));
    expect(await harness.admin.hexists(state, field)).toBe(0);
    expect(await harness.admin.zcard(index)).toBe(0);
  });
});
