import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '@b2c-alerts/audit-client';
import {
  Evaluator,
  MemoryStateStore,
  type AlertCandidate,
  type EvaluatorOptions,
  type RuleDefinition,
  type StateStore,
} from '../../src/index.js';
import { at, auditEvent, day, hour, minute, t0 } from '../helpers/audit-events.js';
import { alertId, iso, summary } from '../helpers/alert-summary.js';
import { replaySuite } from './replay-suite.js';
import { spikeStoreSuite } from './spike-store-suite.js';
import { sequenceSuite } from './sequence-suite.js';
import { rule, ruleSet } from '../helpers/rules.js';
import { chunks, scenarioEvents, scenarioRules } from '../helpers/scenario.js';

/** A store under test. `open()` returns a store on the same state (for Redis: a new connection). */
export interface StoreHarness {
  name: string;
  open(): StateStore;
  close(): Promise<void>;
}

export function memoryHarness(): StoreHarness {
  const store = new MemoryStateStore();
  return { name: 'MemoryStateStore', open: () => store, close: async () => {} };
}

/** The fixtures every StateStore must pass, through the Evaluator. */
export function stateStoreSuite(makeHarness: () => StoreHarness): void {
  let harness: StoreHarness;
  beforeEach(() => {
    harness = makeHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  const evaluator = (rules: RuleDefinition[], options: Partial<EvaluatorOptions> = {}) =>
    new Evaluator({ ruleSet: ruleSet(...rules), store: harness.open(), ...options });
  const failure = (id: string, minutes: number, target = 'alice', ip = '10.0.0.1') =>
    auditEvent({ id, time: at(minutes), target, ip });

  describe('count', () => {
    const brute = rule({
      id: 'b2c.brute',
      aggregate: { kind: 'count', groupBy: ['target.id'], windowMs: 10 * minute, threshold: 3 },
      fields: ['ip'],
    });

    it('fires once when a group crosses the threshold, and again only after the window slid past the alert', async () => {
      const ev = evaluator([brute]);
      expect(await ev.evaluate([failure('a1', 0), failure('a2', 1)])).toEqual([]);
      const first = await ev.evaluate([failure('a3', 2, 'alice', '10.0.0.2'), failure('b1', 2, 'bob')]);
      expect(first.map(summary)).toEqual([
        {
          ruleId: 'b2c.brute',
          groupKey: 'b2c.brute|target.id=alice',
          status: 'firing',
          count: 3,
          firstTime: iso(at(0)),
          lastTime: iso(at(2)),
          eventIds: ['a1', 'a2', 'a3'],
          suppressed: 0,
        },
      ]);
      expect(first[0]!.groupValues).toEqual({ 'target.id': 'alice' });
      expect(first[0]!.event?.id).toBe('a3');
      expect(first[0]!.topValues).toEqual([
        { value: '10.0.0.1', count: 2 },
        { value: '10.0.0.2', count: 1 },
      ]);

      // Above the threshold but less than a window after the alert: no new alert.
      expect(await ev.evaluate([failure('a4', 3), failure('a5', 11.5)])).toEqual([]);
      // (2, 12] holds a4, a5, a6 and the window has slid past the alert at 2.
      const second = await ev.evaluate([failure('a6', 12)]);
      expect(second.map(summary)).toEqual([
        {
          ruleId: 'b2c.brute',
          groupKey: 'b2c.brute|target.id=alice',
          status: 'firing',
          count: 3,
          firstTime: iso(at(3)),
          lastTime: iso(at(12)),
          eventIds: ['a4', 'a5', 'a6'],
          suppressed: 0,
        },
      ]);
      // The window slides: 30, 35, 40.5 never hold 3 events within 10 minutes.
      expect(await ev.evaluate([failure('a7', 30), failure('a8', 35), failure('a9', 40.5)])).toEqual([]);
      expect(ev.stats).toMatchObject({ events: 10, matches: 10, alerts: 2, duplicates: 0, late: 0 });
    });

    it('caps the event ids and keeps the count exact', async () => {
      const ev = evaluator([brute], { maxEventIds: 2 });
      const [alert] = await ev.evaluate([failure('c1', 0), failure('c2', 1), failure('c3', 2), failure('c4', 2)]);
      expect(alert).toMatchObject({ count: 3, eventIds: ['c1', 'c2'] });
    });

    it('gives the in-order alerts when late events complete earlier windows', async () => {
      const times: Record<string, number> = { o1: 0, o2: 1, o3: 3, o4: 20, o5: 21, o6: 22 };
      const make = (id: string) => failure(id, times[id]!);
      const inOrder = await evaluator([{ ...brute, id: 'in-order' }]).evaluate(Object.keys(times).map(make));
      const shuffled = evaluator([{ ...brute, id: 'shuffled' }]);
      const outOfOrder: AlertCandidate[] = [];
      for (const batch of [
        ['o3', 'o5'],
        ['o1', 'o6'],
        ['o2', 'o4'],
      ])
        outOfOrder.push(...(await shuffled.evaluate(batch.map(make))));
      const strip = (c: AlertCandidate) => ({ ...summary(c), ruleId: undefined, groupKey: undefined });
      expect(inOrder.map(strip)).toEqual([
        expect.objectContaining({
          count: 3,
          firstTime: iso(at(0)),
          lastTime: iso(at(3)),
          eventIds: ['o1', 'o2', 'o3'],
        }),
        expect.objectContaining({
          count: 3,
          firstTime: iso(at(20)),
          lastTime: iso(at(22)),
          eventIds: ['o4', 'o5', 'o6'],
        }),
      ]);
      expect(outOfOrder.map(strip)).toEqual(inOrder.map(strip));
    });

    it('ignores events later than the lateness bound behind their group', async () => {
      const ev = evaluator([brute], { latenessMs: 30 * minute });
      expect(await ev.evaluate([failure('l1', 100)])).toEqual([]);
      expect(await ev.evaluate([failure('l2', 60), failure('l3', 75)])).toEqual([]);
      expect(ev.stats.late).toBe(1);
      // l3 (25 min behind) was counted: with one more event in its window the group fires.
      const alerts = await ev.evaluate([failure('l4', 80), failure('l5', 82)]);
      expect(alerts.map((a) => a.eventIds)).toEqual([['l3', 'l4', 'l5']]);
    });

    it('never counts a redelivered event twice; only the event that fired replays its alert', async () => {
      const ev = evaluator([brute]);
      const batch = [failure('d1', 0), failure('d2', 1)];
      expect(await ev.evaluate(batch)).toEqual([]);
      expect(await ev.evaluate(batch)).toEqual([]);
      expect(await ev.evaluate([...batch].reverse())).toEqual([]);
      const fired = await ev.evaluate([failure('d3', 2), failure('d1', 0)]);
      expect(fired).toMatchObject([{ count: 3, eventIds: ['d1', 'd2', 'd3'] }]);
      // d3 raised the alert: its redelivery raises it again, identical; d1 and d2 raised nothing.
      expect(await ev.evaluate([failure('d3', 2), failure('d2', 1), failure('d1', 0)])).toEqual(fired);
      // Counted once: a fourth event in the window of the alert does not fire again.
      expect(await ev.evaluate([failure('d4', 3)])).toEqual([]);
      expect(ev.stats).toMatchObject({ duplicates: 7, alerts: 1, replayed: 1 });
    });
  });

  describe('distinct', () => {
    const spray = rule({
      id: 'b2c.spray',
      aggregate: { kind: 'distinct', groupBy: ['ip'], field: 'target.id', windowMs: 10 * minute, threshold: 3 },
    });
    const attempt = (id: string, minutes: number, target: string | undefined, ip = '198.51.100.7') =>
      auditEvent({ id, time: at(minutes), ip, ...(target === undefined ? {} : { target }) });

    it('fires when a group reaches the threshold of distinct values in the window', async () => {
      const ev = evaluator([spray]);
      expect(
        await ev.evaluate([
          attempt('s1', 0, 'u1'),
          attempt('s2', 1, 'u1'),
          attempt('s3', 2, 'u2'),
          attempt('s4', 3, 'u2'),
          attempt('s5', 3.5, undefined),
          attempt('x1', 3.5, 'u7', '192.0.2.1'),
          attempt('x2', 3.6, 'u8', '192.0.2.1'),
        ]),
      ).toEqual([]);
      const [alert, ...rest] = await ev.evaluate([attempt('s6', 4, 'u3')]);
      expect(rest).toEqual([]);
      expect(summary(alert!)).toEqual({
        ruleId: 'b2c.spray',
        groupKey: 'b2c.spray|ip=198.51.100.7',
        status: 'firing',
        count: 3,
        firstTime: iso(at(1)),
        lastTime: iso(at(4)),
        eventIds: ['s2', 's4', 's6'],
        suppressed: 0,
      });
      expect(alert!.topValues).toEqual([
        { value: 'u1', count: 2 },
        { value: 'u2', count: 2 },
        { value: 'u3', count: 1 },
      ]);
    });

    it('forgets values that left the window and re-arms after a full window', async () => {
      const ev = evaluator([spray]);
      expect(await ev.evaluate([attempt('w1', 0, 'u1'), attempt('w2', 1, 'u2'), attempt('w3', 2, 'u3')])).toHaveLength(
        1,
      );
      // u1 seen again at 9: three values in the window, but within a window of the alert at 2.
      expect(await ev.evaluate([attempt('w4', 9, 'u1')])).toEqual([]);
      // At 20.5 the window (10.5, 20.5] holds only u4 and u5: u1, u2 and u3 left it.
      expect(await ev.evaluate([attempt('w5', 20, 'u4'), attempt('w6', 20.5, 'u5')])).toEqual([]);
      const [alert] = await ev.evaluate([attempt('w7', 21, 'u6'), attempt('w7', 21, 'u6')]);
      expect(summary(alert!)).toMatchObject({ count: 3, firstTime: iso(at(20)), eventIds: ['w5', 'w6', 'w7'] });
      expect(ev.stats.duplicates).toBe(1);
    });
  });

  describe('first-seen', () => {
    const reader = rule({
      id: 'b2c.key-reader',
      match: { all: [{ fact: 'activity', operator: 'equal', value: 'Get policy key' }] },
      aggregate: { kind: 'first-seen', groupBy: ['actor.upn'], learningMs: day },
    });
    const read = (id: string, time: number, actor: string) =>
      auditEvent({ id, time, actor, activity: 'Get policy key', result: 'success' });

    it('learns during the learning period, then fires once per new value; the baseline survives a restart', async () => {
      const ev = evaluator([reader]);
      expect(
        await ev.evaluate([read('r1', t0, 'alice'), read('r2', t0 + hour, 'bob'), read('r3', t0 + day - 1, 'dave')]),
      ).toEqual([]);
      expect(await ev.evaluate([read('r4', t0 + 2 * day, 'alice')])).toEqual([]);
      const [carol, ...rest] = await ev.evaluate([
        read('r5', t0 + 2 * day + minute, 'carol'),
        read('r6', t0 + 2 * day + 2 * minute, 'carol'),
      ]);
      expect(rest).toEqual([]);
      expect(summary(carol!)).toEqual({
        ruleId: 'b2c.key-reader',
        groupKey: 'b2c.key-reader|actor.upn=carol',
        status: 'firing',
        count: 1,
        firstTime: iso(t0 + 2 * day + minute),
        lastTime: iso(t0 + 2 * day + minute),
        eventIds: ['r5'],
        suppressed: 0,
      });

      // A new evaluator on a new store instance over the same state (Redis: a new connection).
      const restarted = evaluator([reader]);
      const after = await restarted.evaluate([
        read('r7', t0 + 3 * day, 'alice'),
        read('r8', t0 + 3 * day, 'dave'),
        read('r9', t0 + 3 * day, 'carol'),
        read('r10', t0 + 3 * day, 'erin'),
      ]);
      expect(after.map((a) => a.groupValues)).toEqual([{ 'actor.upn': 'erin' }]);
    });

    it('moves the baseline back for a late event without alerting on values it learned', async () => {
      const ev = evaluator([reader]);
      await ev.evaluate([read('m1', t0 + day, 'alice')]);
      // Learning started at t0 + day; a late event from t0 moves it back, so t0 + day + 1h is past learning.
      await ev.evaluate([read('m0', t0, 'bob')]);
      const alerts = await ev.evaluate([read('m2', t0 + day + hour, 'alice'), read('m3', t0 + day + hour, 'carol')]);
      expect(alerts.map((a) => a.eventIds)).toEqual([['m3']]);
    });
  });

  describe('first-seen forgetting', () => {
    const reader = rule({
      id: 'b2c.key-reader-forgetting',
      match: { all: [{ fact: 'activity', operator: 'equal', value: 'Get policy key' }] },
      aggregate: { kind: 'first-seen', groupBy: ['actor.upn'], learningMs: hour },
    });
    const read = (id: string, time: number, actor: string) =>
      auditEvent({ id, time, actor, activity: 'Get policy key', result: 'success' });

    it('fires again for a value unseen for forgetAfterMs, and relearns after the rule saw nothing that long', async () => {
      const ev = evaluator([reader], { forgetAfterMs: day });
      await ev.evaluate([read('f1', t0, 'alice'), read('f2', t0, 'bob')]);
      for (const h of [12, 24, 36]) expect(await ev.evaluate([read(`bob${h}`, t0 + h * hour, 'bob')])).toEqual([]);
      // alice was last seen 36 h ago: forgotten, so new again.
      expect((await ev.evaluate([read('f3', t0 + 36 * hour + 1, 'alice')])).map((a) => a.eventIds)).toEqual([['f3']]);
      // Nothing for 30 h: everything is forgotten and learning starts over at carol.
      expect(await ev.evaluate([read('f4', t0 + 66 * hour, 'carol')])).toEqual([]);
      expect(await ev.evaluate([read('f5', t0 + 66 * hour + 30 * minute, 'erin')])).toEqual([]);
      expect((await ev.evaluate([read('f6', t0 + 68 * hour, 'dave')])).map((a) => a.eventIds)).toEqual([['f6']]);
    });
  });

  describe('absence', () => {
    const heartbeat = rule({
      id: 'b2c.signin-drop',
      match: { all: [{ fact: 'activity', operator: 'equal', value: 'Issue an id_token to the application' }] },
      aggregate: { kind: 'absence', groupBy: ['details.PolicyId'], windowMs: 30 * minute },
    });
    const token = (id: string, minutes: number, policyId: string) =>
      auditEvent({
        id,
        time: at(minutes),
        policyId,
        activity: 'Issue an id_token to the application',
        result: 'success',
      });

    it('fires once per silent group and resolves when events return', async () => {
      const ev = evaluator([heartbeat]);
      await ev.evaluate([token('p1', 0, 'B2C_1A_signin'), token('p2', 10, 'B2C_1A_reset')]);
      expect(await ev.tick(at(29))).toEqual([]);
      const firing = await ev.tick(at(35));
      expect(firing.map(summary)).toEqual([
        {
          ruleId: 'b2c.signin-drop',
          groupKey: 'b2c.signin-drop|details.PolicyId=B2C_1A_signin',
          status: 'firing',
          count: 0,
          firstTime: iso(at(0)),
          lastTime: iso(at(35)),
          eventIds: [],
          suppressed: 0,
        },
      ]);
      expect(firing[0]!.groupValues).toEqual({ 'details.PolicyId': 'B2C_1A_signin' });
      expect(firing[0]!.event).toBeUndefined();
      expect((await ev.tick(at(40))).map((a) => a.groupKey)).toEqual(['b2c.signin-drop|details.PolicyId=B2C_1A_reset']);
      expect(await ev.tick(at(45))).toEqual([]);

      // A late event that still leaves 30 minutes of silence before the alert (at 35) does not resolve it.
      expect(await ev.evaluate([token('p3', 5, 'B2C_1A_signin')])).toEqual([]);
      const resolved = await ev.evaluate([token('p4', 50, 'B2C_1A_signin'), token('p4', 50, 'B2C_1A_signin')]);
      expect(resolved.map(summary)).toEqual([
        {
          ruleId: 'b2c.signin-drop',
          groupKey: 'b2c.signin-drop|details.PolicyId=B2C_1A_signin',
          status: 'resolved',
          count: 1,
          firstTime: iso(at(0)),
          lastTime: iso(at(50)),
          eventIds: ['p4'],
          suppressed: 0,
        },
      ]);
      expect(await ev.evaluate([token('p5', 51, 'B2C_1A_signin')])).toEqual([]);
      expect(await ev.tick(at(80))).toEqual([]);
      expect((await ev.tick(at(81))).map((a) => a.firstTime)).toEqual([iso(at(51))]);
    });

    it('watches a rule without groupBy from the first tick, even when nothing ever matched', async () => {
      const deadman = rule({
        id: 'pipeline.deadman',
        aggregate: { kind: 'absence', groupBy: [], windowMs: 30 * minute },
      });
      const ev = evaluator([deadman]);
      expect(await ev.tick(at(0))).toEqual([]);
      expect(await ev.tick(at(29))).toEqual([]);
      // A restarted evaluator continues the same watch (the start is in the store).
      const restarted = evaluator([deadman]);
      const [alert, ...rest] = await restarted.tick(at(30));
      expect(rest).toEqual([]);
      expect(summary(alert!)).toMatchObject({
        groupKey: 'pipeline.deadman',
        status: 'firing',
        firstTime: iso(at(0)),
        lastTime: iso(at(30)),
      });
      expect(await ev.tick(at(31))).toEqual([]);
      const [resolved] = await ev.evaluate([failure('any1', 35)]);
      expect(resolved).toMatchObject({ status: 'resolved', groupKey: 'pipeline.deadman', eventIds: ['any1'] });
    });
  });

  describe('throttle', () => {
    it('alerts once per key and period and reports the suppressed count on the next alert', async () => {
      const deleted = rule({
        id: 'b2c.key-deleted',
        match: { all: [{ fact: 'activity', operator: 'equal', value: 'Delete policy key' }] },
        throttle: { key: ['actor.upn'], forMs: hour },
      });
      const del = (id: string, minutes: number, actor: string) =>
        auditEvent({ id, time: at(minutes), actor, activity: 'Delete policy key', result: 'success' });
      const ev = evaluator([deleted]);
      const first = await ev.evaluate([
        del('k1', 0, 'alice'),
        del('k2', 5, 'bob'),
        del('k3', 10, 'alice'),
        del('k4', 20, 'alice'),
      ]);
      expect(first.map((a) => [a.groupKey, a.eventIds, a.suppressed, a.count])).toEqual([
        ['b2c.key-deleted|actor.upn=alice', ['k1'], 0, 1],
        ['b2c.key-deleted|actor.upn=bob', ['k2'], 0, 1],
      ]);
      expect(await ev.evaluate([del('k5', 59, 'alice'), del('k4', 20, 'alice')])).toEqual([]);
      const next = await ev.evaluate([del('k6', 60, 'alice')]);
      expect(next.map((a) => [a.eventIds, a.suppressed])).toEqual([[['k6'], 3]]);
      expect(ev.stats).toMatchObject({ suppressed: 3, duplicates: 1, alerts: 3 });
    });

    it('alerts on every matching event without a throttle', async () => {
      const plain = rule({ id: 'b2c.each' });
      const alerts = await evaluator([plain]).evaluate([failure('e1', 0), failure('e2', 0), failure('e1', 0)]);
      expect(alerts.map((a) => [a.groupKey, a.eventIds])).toEqual([
        ['b2c.each', ['e1']],
        ['b2c.each', ['e2']],
      ]);
    });

    it('throttles the alerts of an aggregate on top of its own re-arming', async () => {
      const brute = rule({
        id: 'b2c.brute-throttled',
        aggregate: { kind: 'count', groupBy: ['target.id'], windowMs: 10 * minute, threshold: 2 },
        throttle: { key: [], forMs: hour },
      });
      const ev = evaluator([brute]);
      const alerts: AlertCandidate[] = [];
      for (const minutes of [0, 1, 20, 21, 40, 41, 61, 62])
        alerts.push(...(await ev.evaluate([failure(`t${minutes}`, minutes)])));
      // Count fires at 1, 21, 41 and 62; the throttle keeps 1 and 62, carrying 2 suppressed.
      expect(alerts.map((a) => [a.lastTime, a.suppressed, a.groupKey])).toEqual([
        [iso(at(1)), 0, 'b2c.brute-throttled|target.id=alice'],
        [iso(at(62)), 2, 'b2c.brute-throttled|target.id=alice'],
      ]);
    });
  });

  describe('sequence', () => {
    sequenceSuite(() => harness);
  });

  describe('retries', () => {
    replaySuite(() => harness);
  });

  describe('spike', () => {
    spikeStoreSuite(() => harness);
  });

  describe('several evaluators on one store', () => {
    const key = (c: AlertCandidate) => `${c.ruleId} ${c.groupKey} ${c.status} suppressed=${c.suppressed}`;
    const reference = async () => {
      const single = new Evaluator({ ruleSet: ruleSet(...scenarioRules()), store: new MemoryStateStore() });
      const alerts: AlertCandidate[] = [];
      for (const batch of chunks(scenarioEvents(), 25)) alerts.push(...(await single.evaluate(batch)));
      return alerts;
    };

    it('raise each alert exactly once over interleaved halves of the events', async () => {
      const expected = (await reference()).map(key).sort();
      expect(expected.length).toBeGreaterThan(30);
      const events = scenarioEvents();
      const a = new Evaluator({ ruleSet: ruleSet(...scenarioRules()), store: harness.open() });
      const b = new Evaluator({ ruleSet: ruleSet(...scenarioRules()), store: harness.open() });
      const aBatches = chunks(
        events.filter((_, i) => i % 2 === 0),
        12,
      );
      const bBatches = chunks(
        events.filter((_, i) => i % 2 === 1),
        12,
      );
      const alerts: AlertCandidate[] = [];
      for (let k = 0; k < Math.max(aBatches.length, bBatches.length); k++) {
        const [fromA, fromB] = await Promise.all([a.evaluate(aBatches[k] ?? []), b.evaluate(bBatches[k] ?? [])]);
        alerts.push(...fromA, ...fromB);
      }
      expect(alerts.map(key).sort()).toEqual(expected);
      expect(a.stats.alerts + b.stats.alerts).toBe(expected.length);
    });

    it('raise each alert once, plus identical replays, when both get every event in different batches', async () => {
      const expected = (await reference()).map(key).sort();
      const evaluators = [0, 1].map(
        () => new Evaluator({ ruleSet: ruleSet(...scenarioRules()), store: harness.open() }),
      );
      const run = async (ev: Evaluator, events: AuditEvent[], batchSize: number) => {
        const alerts: AlertCandidate[] = [];
        for (const batch of chunks(events, batchSize)) alerts.push(...(await ev.evaluate(batch)));
        return alerts;
      };
      // Both run concurrently with different batch boundaries, but meet every 66 events: as workers of
      // one deployment, neither gets further ahead than the lateness, so the other's redeliveries are
      // never older than the claims (an event redelivered later than that may alert again, see
      // handleEachMatch; the poller's seen store drops those first).
      const all: AlertCandidate[] = [];
      for (const round of chunks(scenarioEvents(), 66)) {
        const [fromA, fromB] = await Promise.all([run(evaluators[0]!, round, 22), run(evaluators[1]!, round, 33)]);
        all.push(...fromA, ...fromB);
      }
      // The event that raised an alert reaches both evaluators: the second replays it. By alert id, as a
      // consumer dedupes, each alert is there once, and every repeat is identical to the first.
      const byId = new Map<string, AlertCandidate>();
      for (const alert of all) {
        const first = byId.get(alertId(alert));
        if (first === undefined) byId.set(alertId(alert), alert);
        else expect(alert).toEqual(first);
      }
      expect([...byId.values()].map(key).sort()).toEqual(expected);
      const stats = evaluators.map((ev) => ev.stats);
      expect(stats[0]!.alerts + stats[1]!.alerts).toBe(expected.length);
      expect(stats[0]!.replayed + stats[1]!.replayed).toBe(all.length - expected.length);
    });
  });
}
