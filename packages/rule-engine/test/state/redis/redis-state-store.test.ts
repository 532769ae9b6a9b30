import { afterEach, describe, expect, it } from 'vitest';
import { Evaluator } from '../../../src/index.js';
import { auditEvent, hour, minute, t0 } from '../../helpers/audit-events.js';
import { boundedStateSuite } from '../../helpers/bounded-state-suite.js';
import { fallbackSuite } from '../../helpers/fallback-suite.js';
import { redisHarness } from '../../helpers/redis-harness.js';
import { rule, ruleSet } from '../../helpers/rules.js';
import { stateStoreSuite } from '../../helpers/state-store-suite.js';

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
