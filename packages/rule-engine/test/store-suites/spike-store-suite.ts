import type { AuditEvent } from '@b2c-alerts/audit-client';
import { Prng } from '@b2c-alerts/testkit';
import { describe, expect, it } from 'vitest';
import { Evaluator, type AlertCandidate, type EvaluatorOptions, type RuleDefinition } from '../../src/index.js';
import { at, auditEvent, hour, minute } from '../helpers/audit-events.js';
import { alertId, iso, summary } from '../helpers/alert-summary.js';
import { rule, ruleSet } from '../helpers/rules.js';
import { chunks } from '../helpers/scenario.js';
import type { StoreHarness } from './state-store-suite.js';

const sms = 'Send SMS to verify phone number';
const token = 'Issue an id_token to the application';

/** Phone verifications per policy up 5× with at least 50 (windows of 1h, steps of 5 minutes). */
export const riseRule = (id = 'b2c.sms-rise', maxGroups?: number): RuleDefinition =>
  rule({
    id,
    match: { all: [{ fact: 'activity', operator: 'equal', value: sms }] },
    aggregate: {
      kind: 'spike',
      groupBy: ['details.PolicyId'],
      windowMs: hour,
      direction: 'up',
      ratio: 5,
      minCurrent: 50,
      minPrevious: 0,
    },
    ...(maxGroups === undefined ? {} : { maxGroups }),
  });

/** Sign-ins down 60% or more against the previous hour, with at least 200 before. */
export const fallRule = (id = 'b2c.sign-in-fall'): RuleDefinition =>
  rule({
    id,
    match: { all: [{ fact: 'activity', operator: 'equal', value: token }] },
    aggregate: {
      kind: 'spike',
      groupBy: [],
      windowMs: hour,
      direction: 'down',
      dropPercent: 60,
      minCurrent: 0,
      minPrevious: 200,
    },
  });

/** `count` events of `policy` evenly spread over [from, to) minutes, ids `<prefix>-<i>`. */
export function spread(
  prefix: string,
  from: number,
  to: number,
  count: number,
  policy = 'B2C_1A_mfa',
  activity = sms,
): AuditEvent[] {
  return Array.from({ length: count }, (_, i) =>
    auditEvent({
      id: `${prefix}-${i}`,
      time: at(from + ((to - from) * i) / count),
      activity,
      result: 'success',
      policyId: policy,
      ip: '198.51.100.7',
    }),
  );
}

/** 20 events in two hours (10 an hour), then from minute 125 a pump of 12 a minute for 15 minutes. */
export function pumpEvents(policy = 'B2C_1A_mfa'): { baseline: AuditEvent[]; pump: AuditEvent[] } {
  return { baseline: spread(`${policy}-b`, 0, 120, 20, policy), pump: spread(`${policy}-p`, 125, 140, 180, policy) };
}

/** Sign-ins: 5 a minute for 150 minutes, then 1 a minute until minute 240. */
export function fallEvents(): AuditEvent[] {
  return [
    ...spread('busy', 0, 150, 750, 'B2C_1A_signin', token),
    ...spread('quiet', 150, 240, 90, 'B2C_1A_signin', token),
  ];
}

/** The spike cases every StateStore must pass, through the Evaluator; `harness()` is the current harness. */
export function spikeStoreSuite(harness: () => StoreHarness): void {
  const evaluator = (rules: RuleDefinition[], options: Partial<EvaluatorOptions> = {}) =>
    new Evaluator({ ruleSet: ruleSet(...rules), store: harness().open(), ...options });
  const evaluateAll = async (ev: Evaluator, batches: AuditEvent[][]) => {
    const alerts: AlertCandidate[] = [];
    for (const batch of batches) alerts.push(...(await ev.evaluate(batch)));
    return alerts;
  };

  it('fires a rise once, at the event that makes its window reach ratio × the previous one and minCurrent', async () => {
    const ev = evaluator([riseRule()]);
    const { baseline, pump } = pumpEvents();
    expect(await ev.evaluate(baseline)).toEqual([]);
    const alerts = await evaluateAll(ev, chunks(pump, 10));
    // [70, 130): 8 baseline events and the pump; the previous hour [10, 70) held 10.
    expect(alerts.map(summary)).toEqual([
      {
        ruleId: 'b2c.sms-rise',
        groupKey: 'b2c.sms-rise|details.PolicyId=B2C_1A_mfa',
        status: 'firing',
        count: 50,
        firstTime: iso(at(70)),
        lastTime: iso(at(125 + 41 / 12)),
        eventIds: ['B2C_1A_mfa-p-41'],
        suppressed: 0,
      },
    ]);
    expect(alerts[0]!.previous).toEqual({ count: 10, firstTime: iso(at(10)), lastTime: iso(at(70)) });
    expect(alerts[0]!.event?.id).toBe('B2C_1A_mfa-p-41');
    expect(alerts[0]!.groupValues).toEqual({ 'details.PolicyId': 'B2C_1A_mfa' });
    // The rest of the pump is the same spike; the windows after it have the pump as their baseline.
    for (let m = 140; m <= 260; m += 1) expect(await ev.tick(at(m))).toEqual([]);
    expect(ev.stats).toMatchObject({ alerts: 1, replayed: 0, late: 0, duplicates: 0 });
  });

  it('misses a rise by one event: minCurrent and ratio are exact', async () => {
    // Watched from 0; the 11 events of [10, 20) are the previous window of every window ending in [80, 130].
    const ev = evaluator([riseRule()]);
    await ev.tick(at(0));
    await ev.evaluate(spread('b', 10, 20, 11));
    // [65, 125) gets 54, one short of 5 × 11; the window closes without a rise.
    expect(await ev.evaluate(spread('p', 121, 125, 54))).toEqual([]);
    expect(await ev.tick(at(125))).toEqual([]);
    // [70, 130) holds the 54 and one more: 55.
    expect((await ev.evaluate(spread('q', 125.5, 126, 1))).map((a) => [a.count, a.previous?.count])).toEqual([
      [55, 11],
    ]);

    // With 9 before, 5× is only 45 but minCurrent asks for 50.
    const quiet = evaluator([riseRule('b2c.sms-rise-min')]);
    await quiet.tick(at(0));
    await quiet.evaluate(spread('b', 10, 20, 9));
    expect(await quiet.evaluate(spread('p', 121, 125, 49))).toEqual([]);
    expect((await quiet.evaluate(spread('q', 125.5, 126, 1))).map((a) => a.count)).toEqual([50]);
  });

  it('fires a drop only when its window closes, on a tick, at the first window down by the drop', async () => {
    const ev = evaluator([fallRule()]);
    expect(await evaluateAll(ev, chunks(fallEvents(), 100))).toEqual([]);
    // [135, 195): 75 + 45 = 120, exactly 40% of the 300 of [75, 135); [130, 190) held 140.
    expect(await ev.tick(at(194.9))).toEqual([]);
    const [drop, ...rest] = await ev.tick(at(195));
    expect(rest).toEqual([]);
    expect(summary(drop!)).toEqual({
      ruleId: 'b2c.sign-in-fall',
      groupKey: 'b2c.sign-in-fall',
      status: 'firing',
      count: 120,
      firstTime: iso(at(135)),
      lastTime: iso(at(195)),
      eventIds: [],
      suppressed: 0,
    });
    expect(drop!.previous).toEqual({ count: 300, firstTime: iso(at(75)), lastTime: iso(at(135)) });
    expect(drop!.event).toBeUndefined();
    // Later windows overlap the alerted one until 255; there [195, 255) holds 45 against 120, a drop
    // from fewer than minPrevious.
    expect(await ev.tick(at(300))).toEqual([]);
  });

  it('judges only windows whose previous window was watched whole', async () => {
    const steady = spread('s', 0, 180, 300);
    // The rule first sees an event at 0: the first window judged ends at 120 and compares two full hours.
    const ev = evaluator([riseRule()]);
    expect(await ev.evaluate(steady)).toEqual([]);
    expect(await ev.tick(at(240))).toEqual([]);
    // Watched since -120 (a tick): the same traffic is a new policy rising from nothing.
    const watched = evaluator([riseRule('b2c.sms-rise-watched')]);
    expect(await watched.tick(at(-120))).toEqual([]);
    const [alert, ...rest] = await watched.evaluate(steady);
    expect(rest).toEqual([]);
    expect(summary(alert!)).toMatchObject({
      count: 50,
      firstTime: iso(at(-30)),
      lastTime: iso(at(29.4)),
      eventIds: ['s-49'],
    });
    expect(alert!.previous).toEqual({ count: 0, firstTime: iso(at(-90)), lastTime: iso(at(-30)) });
  });

  it('judges each group on its own, and both ways for direction both', async () => {
    const both = rule({
      id: 'b2c.sms-both',
      match: { all: [{ fact: 'activity', operator: 'equal', value: sms }] },
      aggregate: {
        kind: 'spike',
        groupBy: ['details.PolicyId'],
        windowMs: hour,
        direction: 'both',
        ratio: 5,
        dropPercent: 60,
        minCurrent: 50,
        minPrevious: 0,
      },
    });
    const ev = evaluator([both]);
    const { baseline, pump } = pumpEvents('rising');
    const falling = [...spread('f1', 0, 120, 480, 'falling'), ...spread('f2', 120, 180, 90, 'falling')];
    const events = [...baseline, ...pump, ...falling].sort((a, b) => a.timestamp - b.timestamp);
    const alerts: AlertCandidate[] = [];
    for (let m = 0; m <= 240; m += 1) {
      alerts.push(...(await ev.evaluate(events.filter((e) => e.timestamp >= at(m - 1) && e.timestamp < at(m)))));
      alerts.push(...(await ev.tick(at(m))));
    }
    // falling: 240 an hour, then 90; [120, 180) is 37.5% of [60, 120), the first window at most 40%.
    expect(alerts.map((a) => [a.groupValues['details.PolicyId'], a.count, a.previous?.count, a.lastTime])).toEqual([
      ['rising', 50, 10, iso(at(125 + 41 / 12))],
      ['falling', 90, 240, iso(at(180))],
    ]);
  });

  it('never counts a redelivered event twice; only the event that fired replays its rise', async () => {
    const ev = evaluator([riseRule()]);
    const { baseline, pump } = pumpEvents();
    await ev.evaluate(baseline);
    const almost = pump.slice(0, 41);
    expect(await ev.evaluate(almost)).toEqual([]);
    expect(await ev.evaluate(almost)).toEqual([]);
    expect(await ev.evaluate([...almost].reverse())).toEqual([]);
    const fired = await ev.evaluate([pump[41]!, pump[0]!]);
    expect(fired.map((a) => a.count)).toEqual([50]);
    expect(await ev.evaluate([pump[41]!, pump[40]!])).toEqual(fired);
    expect(ev.stats).toMatchObject({ alerts: 1, replayed: 1, duplicates: 41 * 2 + 2 });
  });

  it('ignores events more than the lateness behind their group', async () => {
    const ev = evaluator([fallRule()], { latenessMs: 30 * minute });
    const events = (prefix: string, from: number, to: number, n: number) =>
      spread(prefix, from, to, n, 'B2C_1A_signin', token);
    await ev.evaluate(events('a', 100, 200, 100));
    // The group's newest is 199: 150..159 are more than 30 minutes behind it, 175 is not.
    await ev.evaluate(events('late', 150, 160, 10));
    expect(ev.stats.late).toBe(10);
    await ev.evaluate(events('ok', 175, 176, 1));
    expect(ev.stats.late).toBe(10);
  });

  it('gives the in-order drops when events arrive out of order before their windows are judged', async () => {
    const events = fallEvents();
    const minuteOf = (m: number) => events.filter((e) => e.timestamp >= at(m - 1) && e.timestamp < at(m));
    const inOrder = evaluator([fallRule('b2c.in-order')]);
    const expected: AlertCandidate[] = [];
    for (let m = 0; m <= 260; m += 1)
      expected.push(...(await inOrder.evaluate(minuteOf(m))), ...(await inOrder.tick(at(m))));
    expect(expected).toHaveLength(1);

    // Each event arrives up to 20 minutes late, in random batches; ticks run 20 minutes behind.
    const random = new Prng(3);
    const arrivals = events
      .map((e) => ({ e, at: e.timestamp + random.next() * 20 * minute }))
      .sort((a, b) => a.at - b.at);
    const shuffled = evaluator([fallRule('b2c.shuffled')]);
    const actual: AlertCandidate[] = [];
    let next = 0;
    for (let m = 0; m <= 280; m += 1) {
      const batch: AuditEvent[] = [];
      while (next < arrivals.length && arrivals[next]!.at < at(m)) batch.push(arrivals[next++]!.e);
      actual.push(...(await shuffled.evaluate(batch)), ...(await shuffled.tick(at(m - 20))));
    }
    const strip = (a: AlertCandidate) => ({ ...a, ruleId: '', title: '', groupKey: '' });
    expect(actual.map(strip)).toEqual(expected.map(strip));
  });

  describe('retries', () => {
    it('a retried batch re-emits the rise it raised; a mixed batch adds nothing new', async () => {
      const { baseline, pump } = pumpEvents();
      await evaluator([riseRule()]).evaluate([...baseline, ...pump.slice(0, 40)]);
      const batch = pump.slice(40, 60);
      const fired = await evaluator([riseRule()]).evaluate(batch);
      expect(fired.map((a) => a.eventIds)).toEqual([['B2C_1A_mfa-p-41']]);
      const retry = evaluator([riseRule()]);
      expect(await retry.evaluate(batch)).toEqual(fired);
      expect(retry.stats).toMatchObject({ alerts: 0, replayed: 1, duplicates: 19 });
      expect(await evaluator([riseRule()]).evaluate([...pump.slice(55, 65), ...batch])).toEqual(fired);
    });

    it('a retried tick re-emits the drop it fired, even after a later tick; other ticks do not', async () => {
      await evaluator([fallRule()]).evaluate(fallEvents());
      const fired = await evaluator([fallRule()]).tick(at(195));
      expect(fired.map((a) => a.count)).toEqual([120]);
      const retry = evaluator([fallRule()]);
      expect(await retry.tick(at(195))).toEqual(fired);
      expect(retry.stats).toMatchObject({ alerts: 0, replayed: 1 });
      expect(await evaluator([fallRule()]).tick(at(196))).toEqual([]);
      expect(await evaluator([fallRule()]).tick(at(195))).toEqual(fired);
      expect(await evaluator([fallRule()]).tick(at(194))).toEqual([]);
    });

    it('two evaluators on one store raise each spike once, plus identical replays', async () => {
      const { baseline, pump } = pumpEvents();
      const events = [...baseline, ...pump, ...fallEvents()].sort((a, b) => a.timestamp - b.timestamp);
      const [a, b] = [0, 1].map(() => evaluator([riseRule(), fallRule()]));
      const all: AlertCandidate[] = [];
      for (let m = 0; m <= 260; m += 1) {
        const due = events.filter((e) => e.timestamp >= at(m - 1) && e.timestamp < at(m));
        const [fromA, fromB] = await Promise.all([
          a!.evaluate(due.filter((_, i) => i % 2 === 0)),
          b!.evaluate(due.filter((_, i) => i % 2 === 1)),
        ]);
        all.push(...fromA, ...fromB);
        // Both tick every minute: the slower one replays what the other fired.
        const [tickA, tickB] = await Promise.all([a!.tick(at(m)), b!.tick(at(m))]);
        all.push(...tickA, ...tickB);
      }
      const byId = new Map<string, AlertCandidate>();
      for (const alert of all) {
        const first = byId.get(alertId(alert));
        if (first === undefined) byId.set(alertId(alert), alert);
        else expect(alert).toEqual(first);
      }
      expect([...byId.values()].map((x) => [x.ruleId, x.count, x.previous?.count])).toEqual([
        ['b2c.sms-rise', 50, 10],
        ['b2c.sign-in-fall', 120, 300],
      ]);
      expect(a!.stats.alerts + b!.stats.alerts).toBe(2);
    });
  });

  describe('bounds', () => {
    it('evicts the least recently active groups beyond maxGroups, and counts them', async () => {
      const ev = evaluator([riseRule('b2c.sms-rise', 2)]);
      const evicted: number[] = [];
      const events = ['p1', 'p2', 'p3'].flatMap((policy, i) => spread(policy, i, i + 1, 1, policy));
      await ev.evaluate(events, { onEvicted: (_, n) => evicted.push(n) });
      expect(evicted).toEqual([1]);
      expect(ev.stats.evicted).toBe(1);
    });
  });
}
