import type { AuditEvent } from '@b2c-alerts/audit-client';
import { describe, expect, it } from 'vitest';
import {
  Evaluator,
  MemoryStateStore,
  skippedFacts,
  type FactChoice,
  type RuleDefinition,
  type SkipReason,
} from '../../src/index.js';
import { minute, hour, t0 } from '../helpers/audit-events.js';
import { failedCheck } from '../store-suites/fallback-suite.js';
import { rule, ruleSet } from '../helpers/rules.js';

/** Evaluates `events` one batch, recording every onMatch and onSkipped call in order. */
async function run(rules: RuleDefinition[], events: AuditEvent[]) {
  const evaluator = new Evaluator({ ruleSet: ruleSet(...rules), store: new MemoryStateStore() });
  const calls: string[] = [];
  const alerts = await evaluator.evaluate(events, {
    onMatch: (r, e) => calls.push(`match ${r.id} ${e.id}`),
    onSkipped: (r, reason: SkipReason, e) => calls.push(`skip ${r.id} ${reason} ${e.id}`),
  });
  return { alerts, calls, stats: evaluator.stats, evaluator };
}

const count = (groupBy: FactChoice[]) =>
  rule({ id: 'k.count', aggregate: { kind: 'count', groupBy, windowMs: 10 * minute, threshold: 2 } });

describe('skipped events', () => {
  it('count: an event with no groupBy value is skipped and counted, never grouped under an empty value', async () => {
    const { alerts, calls, stats } = await run([count(['target.id'])], [failedCheck('a', 0), failedCheck('b', 1)]);
    // Without skipping, both would be one group 'target.id=' and fire at the threshold of 2.
    expect(alerts).toEqual([]);
    expect(stats.skipped).toEqual({ groupBy: 2, field: 0, 'throttle.key': 0 });
    expect(calls).toEqual(['match k.count a', 'skip k.count groupBy a', 'match k.count b', 'skip k.count groupBy b']);
  });

  it('count: an event with some values of a composite groupBy is kept, the missing part empty', async () => {
    const { alerts, stats } = await run(
      [count(['target.id', 'ip'])],
      [failedCheck('a', 0, { ip: '198.51.100.1' }), failedCheck('b', 1, { ip: '198.51.100.1' })],
    );
    expect(alerts.map((a) => a.groupValues)).toEqual([{ 'target.id': '', ip: '198.51.100.1' }]);
    expect(stats.skipped.groupBy).toBe(0);
  });

  it('count: fallbacks give the event a group where a plain fact would skip it', async () => {
    const events = [failedCheck('a', 0, { name: 'alice' }), failedCheck('b', 1, { name: 'alice' })];
    const plain = await run([count(['target.id'])], events);
    const fallback = await run([count([{ firstOf: ['target.id', 'details.LocalAccountUsername'] }])], events);
    expect([plain.alerts.length, plain.stats.skipped.groupBy]).toEqual([0, 2]);
    expect([fallback.alerts.length, fallback.stats.skipped.groupBy]).toEqual([1, 0]);
  });

  it('distinct: an event with no field value is skipped for field; one with no groupBy value for groupBy first', async () => {
    const spray = rule({
      id: 'k.spray',
      aggregate: { kind: 'distinct', groupBy: ['ip'], field: 'target.id', windowMs: 10 * minute, threshold: 2 },
    });
    const noIp = failedCheck('c', 2);
    delete noIp.ip;
    delete noIp.details['ClientIpAddress'];
    const { calls, stats } = await run([spray], [failedCheck('a', 0), failedCheck('b', 1, { target: 'u1' }), noIp]);
    expect(stats.skipped).toEqual({ groupBy: 1, field: 1, 'throttle.key': 0 });
    expect(calls.filter((c) => c.startsWith('skip'))).toEqual(['skip k.spray field a', 'skip k.spray groupBy c']);
  });

  it('first-seen and absence: an event with no groupBy value is skipped', async () => {
    const firstSeen = rule({ id: 'k.first', aggregate: { kind: 'first-seen', groupBy: ['target.id'], learningMs: 0 } });
    const absence = rule({ id: 'k.absent', aggregate: { kind: 'absence', groupBy: ['target.id'], windowMs: hour } });
    const { evaluator, alerts, stats } = await run([firstSeen, absence], [failedCheck('a', 0), failedCheck('b', 1)]);
    expect(alerts).toEqual([]);
    expect(stats.skipped.groupBy).toBe(4);
    // The skipped events kept no absence group alive: nothing to fall silent.
    expect(await evaluator.tick(t0 + 3 * hour)).toEqual([]);
  });

  it('throttle: an event with no key is evaluated and alerts unthrottled; absence rules need no key', async () => {
    const each = rule({ id: 'k.each', throttle: { key: ['target.id'], forMs: hour } });
    const absence = rule({
      id: 'k.absent',
      aggregate: { kind: 'absence', groupBy: ['ip'], windowMs: hour },
      throttle: { key: ['target.id'], forMs: hour },
    });
    const { alerts, stats } = await run([each, absence], [failedCheck('a', 0), failedCheck('b', 1)]);
    // Under one shared key the second would be suppressed and reported only with a later alert.
    expect(alerts.map((a) => a.eventIds)).toEqual([['a'], ['b']]);
    expect(stats).toMatchObject({ suppressed: 0, alerts: 2, skipped: { groupBy: 0, field: 0, 'throttle.key': 2 } });
  });

  it('a rule throttled without a key, and events with every value, skip nothing', async () => {
    const ruleWide = rule({ id: 'k.rule-wide', throttle: { key: [], forMs: hour } });
    const { stats } = await run([ruleWide, count(['ip'])], [failedCheck('a', 0), failedCheck('b', 1)]);
    expect(stats.skipped).toEqual({ groupBy: 0, field: 0, 'throttle.key': 0 });
  });

  it('names the facts a rule reads for each reason, fallbacks in order', () => {
    const spray = rule({
      id: 'k.spray',
      aggregate: {
        kind: 'distinct',
        groupBy: ['ip', { firstOf: ['details.PolicyId', 'tenant'] }],
        field: { firstOf: ['target.id', 'details.LocalAccountUsername'], as: 'account' },
        windowMs: minute,
        threshold: 2,
      },
      throttle: { key: ['ip'], forMs: hour },
    });
    expect([skippedFacts(spray, 'groupBy'), skippedFacts(spray, 'field'), skippedFacts(spray, 'throttle.key')]).toEqual(
      [['ip', 'details.PolicyId', 'tenant'], ['target.id', 'details.LocalAccountUsername'], ['ip']],
    );
  });
});
