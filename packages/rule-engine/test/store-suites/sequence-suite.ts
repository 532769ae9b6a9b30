import { Prng } from '@b2c-alerts/testkit';
import { describe, expect, it } from 'vitest';
import {
  Evaluator,
  type AlertCandidate,
  type EvaluatorOptions,
  type RuleDefinition,
  type SequenceAggregate,
} from '../../src/index.js';
import { iso } from '../helpers/alert-summary.js';
import { at, auditEvent, minute } from '../helpers/audit-events.js';
import { rule, ruleSet } from '../helpers/rules.js';
import { chunks } from '../helpers/scenario.js';
import { referenceAlerts, type ReferenceAlert } from '../helpers/sequence-reference.js';
import { aWithoutB, sequenceRules, sequenceTraffic, sprayThenToken, threeSteps } from '../helpers/sequence-rules.js';
import type { StoreHarness } from './state-store-suite.js';

/** The id consumers dedupe by (notify's alertId): two sequences of a group may start at the same time. */
const alertId = (a: AlertCandidate) => `${a.groupKey} ${a.firstTime} ${a.status} ${a.eventIds[0] ?? ''}`;

/** A candidate as the reference sees it: its group, the event that completed the steps, the close. */
function asReference(alert: AlertCandidate): ReferenceAlert {
  const last = alert.steps?.[alert.steps.length - 1];
  const reference: ReferenceAlert = {
    group: Object.values(alert.groupValues).join('|'),
    completedBy: last?.eventIds[last.eventIds.length - 1] ?? '',
  };
  if (alert.event === undefined) reference.close = Date.parse(alert.lastTime);
  return reference;
}

const byGroupAndEvent = (a: ReferenceAlert, b: ReferenceAlert) =>
  a.group < b.group ? -1 : a.group > b.group ? 1 : a.completedBy < b.completedBy ? -1 : 1;

/** Each listed step holds its threshold, within its window, after the previous step, the whole within the window. */
function expectWellFormed(alert: AlertCandidate, rule: RuleDefinition): void {
  const aggregate = rule.aggregate as SequenceAggregate;
  const steps = alert.steps ?? [];
  expect(steps.map((s) => s.name)).toEqual(aggregate.steps.map((s) => s.name));
  steps.forEach((step, i) => {
    const spec = aggregate.steps[i]!;
    expect(step.count).toBe(spec.threshold);
    expect(Date.parse(step.lastTime) - Date.parse(step.firstTime)).toBeLessThan(spec.windowMs);
    if (i > 0) expect(Date.parse(step.firstTime)).toBeGreaterThanOrEqual(Date.parse(steps[i - 1]!.lastTime));
  });
  const span = Date.parse(steps[steps.length - 1]!.lastTime) - Date.parse(steps[0]!.firstTime);
  expect(span).toBeLessThan(aggregate.windowMs);
  expect(alert.eventIds).toEqual(steps.flatMap((s) => s.eventIds));
  expect(alert.count).toBe(steps.reduce((sum, s) => sum + s.count, 0));
}

/**
 * The sequence aggregation, the same in every StateStore: the reference semantics on random traffic,
 * the worked cases of the rules guide, late events, retries and two evaluators sharing one store.
 */
export function sequenceSuite(harness: () => StoreHarness): void {
  const evaluator = (rules: RuleDefinition[], options: Partial<EvaluatorOptions> = {}) =>
    new Evaluator({ ruleSet: ruleSet(...rules), store: harness().open(), ...options });
  const fail = (id: string, minutes: number, target: string, ip = '198.51.100.7') =>
    auditEvent({ id, time: at(minutes), activity: 'Fail', target, ip });
  const token = (id: string, minutes: number, ip = '198.51.100.7') =>
    auditEvent({ id, time: at(minutes), activity: 'Token', result: 'success', ip });
  const act = (activity: string, id: string, minutes: number, ip = '198.51.100.7') =>
    auditEvent({ id, time: at(minutes), activity, ip });

  it.each([1, 2, 3])(
    'gives exactly the reference alerts on random traffic in order, in batches, ticking (seed %i)',
    async (seed) => {
      const rules = sequenceRules();
      const events = sequenceTraffic(seed);
      const ev = evaluator(rules, { latenessMs: 30 * minute });
      const random = new Prng(seed);
      const alerts: AlertCandidate[] = [];
      let ticked = -Infinity;
      for (let i = 0; i < events.length;) {
        const batch = events.slice(i, (i += 1 + random.int(12)));
        alerts.push(...(await ev.evaluate(batch)));
        // Each `now` once: a tick at the same `now` again replays what it fired.
        const now = batch[batch.length - 1]!.timestamp;
        if (now > ticked) alerts.push(...(await ev.tick((ticked = now))));
      }
      alerts.push(...(await ev.tick(events[events.length - 1]!.timestamp + 2 * 60 * minute)));
      for (const r of rules) {
        const actual = alerts.filter((a) => a.ruleId === r.id);
        for (const alert of actual) expectWellFormed(alert, r);
        const expected = referenceAlerts(r, events);
        expect(actual.map(asReference).sort(byGroupAndEvent), r.id).toEqual([...expected].sort(byGroupAndEvent));
      }
      // The traffic exercises every rule, the negative ones both ways.
      for (const r of rules)
        expect(
          alerts.some((a) => a.ruleId === r.id),
          r.id,
        ).toBe(true);
      expect(ev.stats.replayed).toBe(0);
    },
  );

  it('fires once when a spray is followed by a token to the same IP, listing the events of each step', async () => {
    const ev = evaluator([sprayThenToken()]);
    expect(
      await ev.evaluate([
        fail('f1', 0, 'u1'),
        fail('f2', 1, 'u2'),
        fail('f3', 2, 'u2'),
        fail('x1', 2.5, 'u3', '203.0.113.9'),
        token('x2', 3, '203.0.113.9'),
        fail('f4', 3, 'u3'),
      ]),
    ).toEqual([]);
    const [alert, ...rest] = await ev.evaluate([token('t1', 30), token('t2', 31)]);
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({
      groupKey: 'seq.spray-token|ip=198.51.100.7',
      status: 'firing',
      count: 4,
      firstTime: iso(at(0)),
      lastTime: iso(at(30)),
      eventIds: ['f1', 'f3', 'f4', 't1'],
      suppressed: 0,
      steps: [
        { name: 'spray', count: 3, firstTime: iso(at(0)), lastTime: iso(at(3)), eventIds: ['f1', 'f3', 'f4'] },
        { name: 'token', count: 1, firstTime: iso(at(30)), lastTime: iso(at(30)), eventIds: ['t1'] },
      ],
    });
    expect(alert!.event?.id).toBe('t1');
    // A new spray after the alert and a token again: a second sequence.
    const again = await ev.evaluate([
      fail('g1', 40, 'u7'),
      fail('g2', 41, 'u8'),
      fail('g3', 42, 'u9'),
      token('t3', 43),
    ]);
    expect(again.map((a) => a.steps?.map((s) => s.eventIds))).toEqual([[['g1', 'g2', 'g3'], ['t3']]]);
  });

  it('needs the steps in order, each within its window, the whole within the window', async () => {
    const ev = evaluator([sprayThenToken()]);
    // The token before the spray; 3 users over 10 minutes (not less); a token more than an hour after.
    expect(
      await ev.evaluate([
        token('t0', 0),
        fail('f1', 1, 'u1'),
        fail('f2', 2, 'u2'),
        fail('f3', 11, 'u3'),
        token('t1', 12),
        fail('f4', 20, 'u4'),
        fail('f5', 20.5, 'u5'),
        token('t2', 80.5),
      ]),
    ).toEqual([]);
    // f3, f4, f5 are a spray (9.5 minutes from 11): a token less than an hour after f3 completes it.
    const fired = await ev.evaluate([token('t3', 70.9)]);
    expect(fired.map((a) => a.steps?.map((s) => s.eventIds))).toEqual([[['f3', 'f4', 'f5'], ['t3']]]);
  });

  it('takes three steps with a counting middle step, and starts over after each alert', async () => {
    const ev = evaluator([threeSteps()]);
    const alerts = await ev.evaluate([
      act('A', 'a1', 0),
      act('B', 'b1', 1),
      act('C', 'c0', 2),
      act('B', 'b2', 7),
      act('B', 'b3', 8),
      act('C', 'c1', 9),
      act('C', 'c2', 10),
      act('A', 'a2', 11),
      act('B', 'b4', 12),
      act('B', 'b5', 13),
      act('C', 'c3', 14),
    ]);
    expect(alerts.map((a) => a.steps?.map((s) => s.eventIds))).toEqual([
      [['a1'], ['b2', 'b3'], ['c1']],
      [['a2'], ['b4', 'b5'], ['c3']],
    ]);
  });

  it('handles a late event exactly as in order when it completes an earlier sequence', async () => {
    const events = [fail('o1', 0, 'u1'), fail('o2', 1, 'u2'), fail('o3', 2, 'u3'), token('o4', 5), token('o5', 6)];
    const inOrder = await evaluator([sprayThenToken('seq.in-order')]).evaluate(events);
    const late = evaluator([sprayThenToken('seq.late')]);
    const alerts: AlertCandidate[] = [];
    for (const batch of [['o4', 'o5', 'o3'], ['o1'], ['o2']])
      alerts.push(...(await late.evaluate(batch.map((id) => events.find((e) => e.id === id)!))));
    const strip = (a: AlertCandidate) => ({ ...a, ruleId: '', title: '', groupKey: '', event: undefined });
    expect(alerts.map(strip)).toEqual(inOrder.map(strip));
    expect(alerts[0]?.event?.id).toBe('o2');
    expect(inOrder.map((a) => a.steps?.[1]?.eventIds)).toEqual([['o4']]);
  });

  it('ignores events later than the lateness bound behind their group, and counts each event once', async () => {
    const ev = evaluator([sprayThenToken()], { latenessMs: 30 * minute });
    expect(await ev.evaluate([fail('l1', 100, 'u1'), fail('l1', 100, 'u1')])).toEqual([]);
    expect(await ev.evaluate([fail('l0', 60, 'u0'), fail('l2', 95, 'u2'), fail('l2', 95, 'u2')])).toEqual([]);
    expect(ev.stats).toMatchObject({ late: 1, duplicates: 2 });
    // l0 (40 min behind) was ignored: l2 and l1 are two users, a third makes the spray.
    expect(await ev.evaluate([token('t1', 101)])).toEqual([]);
    const [alert] = await ev.evaluate([fail('l3', 102, 'u3'), token('t2', 103)]);
    expect(alert?.steps?.[0]?.eventIds).toEqual(['l2', 'l1', 'l3']);
  });

  it('negative form: fires on the tick after the window closes with no absent event, once', async () => {
    const ev = evaluator([aWithoutB()]);
    expect(await ev.evaluate([act('A', 'a1', 0), act('A', 'a2', 5), act('B', 'b0', -1)])).toEqual([]);
    expect(await ev.tick(at(19))).toEqual([]);
    const [alert, ...rest] = await ev.tick(at(21));
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({
      groupKey: 'seq.a-without-b|ip=198.51.100.7',
      status: 'firing',
      count: 1,
      firstTime: iso(at(0)),
      lastTime: iso(at(20)),
      eventIds: ['a1'],
      steps: [{ name: 'a', count: 1, eventIds: ['a1'] }],
    });
    expect(alert!.event).toBeUndefined();
    expect(await ev.tick(at(22))).toEqual([]);
    // a2 was absorbed by a1's window. A3 after the close starts over; B within its window ends it quietly.
    expect(await ev.evaluate([act('A', 'a3', 25), act('B', 'b1', 30)])).toEqual([]);
    expect(await ev.tick(at(60))).toEqual([]);
    // Another A, then nothing: fires when its window closes.
    await ev.evaluate([act('A', 'a4', 61)]);
    expect((await ev.tick(at(90))).map((a) => [a.eventIds, a.lastTime])).toEqual([[['a4'], iso(at(81))]]);
    expect(ev.stats).toMatchObject({ alerts: 2, resolved: 0 });
  });

  it('negative form: an absent event in the window that arrives after the tick fired resolves the alert', async () => {
    const ev = evaluator([aWithoutB()]);
    await ev.evaluate([act('A', 'a1', 0), act('C', 'noise', 3)]);
    const [firing] = await ev.tick(at(20));
    expect(firing).toMatchObject({ status: 'firing', eventIds: ['a1'] });
    const [resolved, ...rest] = await ev.evaluate([act('B', 'b1', 15)]);
    expect(rest).toEqual([]);
    expect(resolved).toMatchObject({
      groupKey: firing!.groupKey,
      status: 'resolved',
      count: 1,
      firstTime: firing!.firstTime,
      lastTime: iso(at(15)),
      eventIds: ['b1'],
      steps: firing!.steps,
    });
    expect(resolved!.event?.id).toBe('b1');
    expect(alertId(resolved!)).not.toBe(alertId(firing!));
    // A B after the window leaves the alert as it is.
    await ev.evaluate([act('A', 'a2', 40)]);
    await ev.tick(at(60));
    expect(await ev.evaluate([act('B', 'b2', 61)])).toEqual([]);
    expect(ev.stats).toMatchObject({ alerts: 2, resolved: 1 });
  });

  it('negative form: a retried tick re-emits what it fired, a retried batch the resolution it raised', async () => {
    await evaluator([aWithoutB()]).evaluate([act('A', 'a1', 0), act('A', 'a9', 0, '203.0.113.9')]);
    const fired = await evaluator([aWithoutB()]).tick(at(20));
    expect(fired.map((a) => a.groupKey)).toEqual(['seq.a-without-b|ip=198.51.100.7', 'seq.a-without-b|ip=203.0.113.9']);
    const retried = evaluator([aWithoutB()]);
    expect(await retried.tick(at(20))).toEqual(fired);
    expect(retried.stats).toMatchObject({ alerts: 0, replayed: 2 });
    expect(await evaluator([aWithoutB()]).tick(at(21))).toEqual([]);

    const resolved = await evaluator([aWithoutB()]).evaluate([act('B', 'b1', 10)]);
    expect(resolved.map((a) => a.status)).toEqual(['resolved']);
    const again = evaluator([aWithoutB()]);
    expect(await again.evaluate([act('B', 'b1', 10)])).toEqual(resolved);
    expect(again.stats).toMatchObject({ resolved: 0, replayed: 1 });
  });

  it('a retried batch re-emits the sequence it completed; the next sequence needs new events', async () => {
    const batch = [fail('r1', 0, 'u1'), fail('r2', 1, 'u2'), fail('r3', 2, 'u3'), token('r4', 3)];
    const fired = await evaluator([sprayThenToken()]).evaluate(batch);
    expect(fired).toHaveLength(1);
    const retry = evaluator([sprayThenToken()]);
    expect(await retry.evaluate(batch)).toEqual(fired);
    expect(retry.stats).toMatchObject({ alerts: 0, replayed: 1, duplicates: 3 });
    expect(await retry.evaluate([token('r5', 4)])).toEqual([]);
  });

  it('throttles the alerts of the positive form on top of starting over', async () => {
    const throttled = { ...sprayThenToken('seq.throttled'), throttle: { key: ['ip'], forMs: 60 * minute } };
    const ev = evaluator([throttled]);
    const alerts: AlertCandidate[] = [];
    for (const start of [0, 10, 20, 70]) {
      alerts.push(
        ...(await ev.evaluate([
          fail(`a${start}`, start, 'u1'),
          fail(`b${start}`, start + 1, 'u2'),
          fail(`c${start}`, start + 2, 'u3'),
          token(`t${start}`, start + 3),
        ])),
      );
    }
    expect(alerts.map((a) => [a.event?.id, a.suppressed])).toEqual([
      ['t0', 0],
      ['t70', 2],
    ]);
  });

  describe('two evaluators on one store', () => {
    it('taking turns give the reference alerts: the state lives in the store, not in an evaluator', async () => {
      const rules = sequenceRules();
      const events = sequenceTraffic(9);
      const pair = [evaluator(rules), evaluator(rules)];
      const alerts: AlertCandidate[] = [];
      let ticked = -Infinity;
      for (const [i, batch] of chunks(events, 15).entries()) {
        const ev = pair[i % 2]!;
        alerts.push(...(await ev.evaluate(batch)));
        const now = batch[batch.length - 1]!.timestamp;
        if (now > ticked) alerts.push(...(await ev.tick((ticked = now))));
      }
      alerts.push(...(await pair[0]!.tick(events[events.length - 1]!.timestamp + 2 * 60 * minute)));
      for (const r of rules) {
        const actual = alerts.filter((a) => a.ruleId === r.id).map(asReference);
        expect(actual.sort(byGroupAndEvent), r.id).toEqual(referenceAlerts(r, events).sort(byGroupAndEvent));
      }
      expect(pair[0]!.stats.alerts + pair[1]!.stats.alerts).toBe(alerts.length);
    });

    it('raise each sequence once, plus identical replays, when both get every event', async () => {
      const rules = sequenceRules();
      const events = sequenceTraffic(10);
      const [a, b] = [evaluator(rules), evaluator(rules)];
      const all: AlertCandidate[] = [];
      for (const round of chunks(events, 60)) {
        const run = async (ev: Evaluator, size: number) => {
          const out: AlertCandidate[] = [];
          for (const batch of chunks(round, size)) out.push(...(await ev.evaluate(batch)));
          out.push(...(await ev.tick(round[round.length - 1]!.timestamp)));
          return out;
        };
        const [fromA, fromB] = await Promise.all([run(a, 20), run(b, 30)]);
        all.push(...fromA, ...fromB);
      }
      const end = events[events.length - 1]!.timestamp + 2 * 60 * minute;
      all.push(...(await a.tick(end)), ...(await b.tick(end)));
      const byId = new Map<string, AlertCandidate>();
      for (const alert of all) {
        const first = byId.get(alertId(alert));
        if (first === undefined) byId.set(alertId(alert), alert);
        else expect(alert).toEqual(first);
      }
      const expected = rules.flatMap((r) =>
        referenceAlerts(r, events).map((x) => `${r.id} ${x.group} ${x.completedBy}`),
      );
      const got = [...byId.values()]
        .filter((alert) => alert.status === 'firing')
        .map((alert) => `${alert.ruleId} ${asReference(alert).group} ${asReference(alert).completedBy}`);
      expect(got.sort()).toEqual(expected.sort());
      expect(a.stats.alerts + b.stats.alerts).toBe(byId.size);
    });
  });

  it('treats an event that fails a distinct step for want of the fact as not counting', async () => {
    const ev = evaluator([rule({ ...sprayThenToken(), id: 'seq.missing-target' })]);
    const noTarget = (id: string, minutes: number) =>
      auditEvent({ id, time: at(minutes), activity: 'Fail', ip: '198.51.100.7' });
    expect(
      await ev.evaluate([
        noTarget('m1', 0),
        fail('m2', 1, 'u1'),
        fail('m3', 2, 'u2'),
        noTarget('m4', 3),
        token('m5', 4),
      ]),
    ).toEqual([]);
  });
}
