import { afterEach, describe, expect, it } from 'vitest';
import { defaultForgetAfterMs, Evaluator } from '../../../src/index.js';
import { at, auditEvent, hour, minute } from '../../helpers/audit-events.js';
import { keysUnder, redisHarness } from '../../helpers/redis-harness.js';
import { rule, ruleSet } from '../../helpers/rules.js';

/**
 * A flood of unique throttle keys (one per attacker-chosen target) must not stay in Redis for the
 * forget-after period: the state of a 1 h throttle lives about as long as the throttle can still act.
 */
describe('state TTLs under a flood of unique values', () => {
  const harness = redisHarness();
  afterEach(() => harness.close());

  it('gives the keys of a throttled 1 h rule a TTL of the throttle period, lateness and a margin, not 30 days', async () => {
    const latenessMs = 30 * minute;
    const evaluator = new Evaluator({
      ruleSet: ruleSet(rule({ id: 'throttled', throttle: { key: ['target.id'], forMs: hour } })),
      store: harness.open(),
      latenessMs,
      forgetAfterMs: defaultForgetAfterMs,
    });
    const alerts = await evaluator.evaluate([
      auditEvent({ id: 'e1', time: at(0), target: 'victim' }),
      auditEvent({ id: 'e2', time: at(10), target: 'victim' }),
    ]);
    expect(alerts).toHaveLength(1);
    expect(evaluator.stats).toMatchObject({ suppressed: 1 });

    const keys = await keysUnder(harness.admin, harness.prefix);
    const throttleKeys = keys.filter((k) => k.includes('throttle-'));
    expect(throttleKeys.length).toBe(2);
    // The throttle's own period, the lateness allowed, and a margin of at most an hour.
    const bound = hour + latenessMs + hour;
    for (const key of keys) {
      const ttl = await harness.admin.pttl(key);
      expect(ttl, key).toBeGreaterThan(0);
      expect(ttl, key).toBeLessThanOrEqual(bound);
    }
    for (const key of throttleKeys)
      expect(await harness.admin.pttl(key), key).toBeGreaterThanOrEqual(hour + latenessMs - minute);
  });
});
