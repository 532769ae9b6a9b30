import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Evaluator, type AlertCandidate, type EvaluatorOptions, type RuleDefinition } from '../../src/index.js';
import { at, auditEvent, hour, minute } from '../helpers/audit-events.js';
import { rule, ruleSet } from '../helpers/rules.js';
import { aWithoutB, sprayThenToken } from '../helpers/sequence-rules.js';
import type { StoreHarness } from './state-store-suite.js';

/**
 * maxGroups and maxClaims, the same in every StateStore: beyond the cap the least recently active
 * groups are evicted and counted, idle groups are dropped without counting, the newest always stay.
 */
export function boundedStateSuite(makeHarness: () => StoreHarness): void {
  let harness: StoreHarness;
  beforeEach(() => {
    harness = makeHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  /** An evaluator, and every onEvicted call of its batches as [rule id, count]. */
  const evaluator = (rules: RuleDefinition[], options: Partial<EvaluatorOptions> = {}) => {
    const ev = new Evaluator({ ruleSet: ruleSet(...rules), store: harness.open(), ...options });
    const evictions: Array<[string, number]> = [];
    const evaluate = (events: Parameters<Evaluator['evaluate']>[0]) =>
      ev.evaluate(events, { onEvicted: (r, n) => evictions.push([r.id, n]) });
    return { ev, evictions, evaluate };
  };
  const failure = (id: string, minutes: number, target: string, ip = '10.0.0.1') =>
    auditEvent({ id, time: at(minutes), target, ip });
  const groups = (alerts: AlertCandidate[]) => alerts.map((a) => a.groupKey);

  describe('count', () => {
    const brute = rule({
      id: 'b2c.brute',
      aggregate: { kind: 'count', groupBy: ['target.id'], windowMs: 30 * minute, threshold: 3 },
    });

    it('evicts the least recently active groups beyond maxGroups, counts them, and keeps the newest', async () => {
      const { ev, evictions, evaluate } = evaluator([brute], { maxGroups: 3 });
      await evaluate(['u1', 'u2', 'u3', 'u4', 'u5'].map((target, i) => failure(`a${i}`, i, target)));
      expect(ev.stats.evicted).toBe(2);
      expect(evictions).toEqual([['b2c.brute', 2]]);
      // u1 lost its first failure with its group; u5 kept it.
      const later = await evaluate([
        failure('b1', 6, 'u1'),
        failure('b2', 7, 'u1'),
        failure('b3', 8, 'u5'),
        failure('b4', 9, 'u5'),
      ]);
      expect(groups(later)).toEqual(['b2c.brute|target.id=u5']);
      expect(ev.stats.evicted).toBe(2 + 1);
    });

    it("takes the rule's own maxGroups over the evaluator's", async () => {
      const { ev, evaluate } = evaluator([{ ...brute, maxGroups: 5 }], { maxGroups: 2 });
      await evaluate(['u1', 'u2', 'u3', 'u4', 'u5'].map((target, i) => failure(`a${i}`, i, target)));
      expect(ev.stats.evicted).toBe(0);
    });

    it('drops groups idle longer than their state lives without counting them as evicted', async () => {
      const { ev, evictions, evaluate } = evaluator([brute], { maxGroups: 2, latenessMs: minute });
      await evaluate([failure('a1', 0, 'u1'), failure('a2', 1, 'u2')]);
      // The count state lives 2 windows + lateness (61 min): by 3 h later u1 and u2 are dead.
      await evaluate([failure('a3', 180, 'u3'), failure('a4', 181, 'u4')]);
      expect(ev.stats.evicted).toBe(0);
      expect(evictions).toEqual([]);
      const fired = await evaluate([failure('a5', 182, 'u3'), failure('a6', 183, 'u3')]);
      expect(groups(fired)).toEqual(['b2c.brute|target.id=u3']);
    });

    it('never evicts the group being written, even when its event is the oldest', async () => {
      const { ev, evaluate } = evaluator([brute], { maxGroups: 2 });
      await evaluate([failure('a1', 10, 'u1'), failure('a2', 11, 'u2')]);
      await evaluate([failure('a3', 5, 'u3')]);
      expect(ev.stats.evicted).toBe(1);
      const fired = await evaluate([failure('a4', 6, 'u3'), failure('a5', 7, 'u3')]);
      expect(groups(fired)).toEqual(['b2c.brute|target.id=u3']);
    });
  });

  describe('distinct', () => {
    const spray = rule({
      id: 'b2c.spray',
      aggregate: { kind: 'distinct', groupBy: ['ip'], field: 'target.id', windowMs: 30 * minute, threshold: 2 },
    });

    it('evicts the oldest IP groups beyond maxGroups', async () => {
      const { ev, evictions, evaluate } = evaluator([spray], { maxGroups: 2 });
      await evaluate([
        failure('a1', 0, 'u1', '1.1.1.1'),
        failure('a2', 1, 'u1', '2.2.2.2'),
        failure('a3', 2, 'u1', '3.3.3.3'),
      ]);
      expect(evictions).toEqual([['b2c.spray', 1]]);
      const later = await evaluate([failure('b1', 3, 'u2', '1.1.1.1'), failure('b2', 4, 'u2', '3.3.3.3')]);
      expect(groups(later)).toEqual(['b2c.spray|ip=3.3.3.3']);
      expect(ev.stats.evicted).toBe(2);
    });
  });

  describe('first-seen', () => {
    const reader = rule({
      id: 'b2c.reader',
      aggregate: { kind: 'first-seen', groupBy: ['actor.upn'], learningMs: hour },
    });
    const read = (id: string, minutes: number, actor: string) => auditEvent({ id, time: at(minutes), actor });

    it('forgets the least recently seen values beyond maxGroups: they are new again', async () => {
      const { ev, evaluate } = evaluator([reader], { maxGroups: 2 });
      await evaluate([read('a1', 0, 'alice'), read('a2', 1, 'bob')]);
      expect(ev.stats.evicted).toBe(0);
      const carol = await evaluate([read('a3', 70, 'carol')]);
      expect(groups(carol)).toEqual(['b2c.reader|actor.upn=carol']);
      expect(ev.stats.evicted).toBe(1);
      expect(groups(await evaluate([read('a4', 71, 'bob')]))).toEqual([]);
      expect(groups(await evaluate([read('a5', 72, 'alice')]))).toEqual(['b2c.reader|actor.upn=alice']);
    });
  });

  describe('absence', () => {
    const heartbeat = rule({
      id: 'b2c.heartbeat',
      match: { all: [{ fact: 'activity', operator: 'equal', value: 'Heartbeat' }] },
      aggregate: { kind: 'absence', groupBy: ['actor.upn'], windowMs: hour },
    });
    const beat = (id: string, minutes: number, actor: string) =>
      auditEvent({ id, time: at(minutes), actor, activity: 'Heartbeat', result: 'success' });

    it('evicts the longest silent groups beyond maxGroups; the tick fires only for those kept', async () => {
      const { ev, evictions, evaluate } = evaluator([heartbeat], { maxGroups: 2 });
      await evaluate([beat('h1', 0, 'app-1'), beat('h2', 1, 'app-2'), beat('h3', 2, 'app-3')]);
      expect(evictions).toEqual([['b2c.heartbeat', 1]]);
      const fired = await ev.tick(at(120));
      expect(groups(fired).sort()).toEqual(['b2c.heartbeat|actor.upn=app-2', 'b2c.heartbeat|actor.upn=app-3']);
    });
  });

  describe('sequence', () => {
    const fail = (id: string, minutes: number, target: string, ip: string) =>
      auditEvent({ id, time: at(minutes), activity: 'Fail', target, ip });
    const token = (id: string, minutes: number, ip: string) =>
      auditEvent({ id, time: at(minutes), activity: 'Token', result: 'success', ip });
    const a = (id: string, minutes: number, ip: string) => auditEvent({ id, time: at(minutes), activity: 'A', ip });

    it('evicts the least recently active groups beyond maxGroups: they lose their steps', async () => {
      const { ev, evictions, evaluate } = evaluator([sprayThenToken()], { maxGroups: 2 });
      await evaluate([
        fail('a1', 0, 'u1', '10.0.0.1'),
        fail('a2', 0.1, 'u2', '10.0.0.1'),
        fail('a3', 0.2, 'u3', '10.0.0.1'),
        fail('b1', 1, 'u1', '10.0.0.2'),
        fail('b2', 1.1, 'u2', '10.0.0.2'),
        fail('b3', 1.2, 'u3', '10.0.0.2'),
        fail('c1', 2, 'u1', '10.0.0.3'),
      ]);
      expect(evictions).toEqual([['seq.spray-token', 1]]);
      // 10.0.0.1 lost its spray, 10.0.0.2 kept it (10.0.0.1 coming back evicts 10.0.0.3).
      const alerts = await evaluate([token('t2', 2.5, '10.0.0.2'), token('t1', 3, '10.0.0.1')]);
      expect(groups(alerts)).toEqual(['seq.spray-token|ip=10.0.0.2']);
      expect(ev.stats.evicted).toBe(2);
    });

    it('negative form: an evicted group loses its wait; a dead group keeps it for the tick', async () => {
      const capped = evaluator([aWithoutB('seq.capped')], { maxGroups: 1 });
      await capped.evaluate([a('e1', 0, '10.0.0.1'), a('e2', 1, '10.0.0.2')]);
      expect(capped.ev.stats.evicted).toBe(1);
      expect(groups(await capped.ev.tick(at(30)))).toEqual(['seq.capped|ip=10.0.0.2']);

      const idle = evaluator([aWithoutB('seq.idle')], { latenessMs: 10 * minute, maxGroups: 1 });
      await idle.evaluate([a('i1', 0, '10.0.0.1')]);
      // Group state lives 2 × 20 min + 10 min: 10.0.0.1 is dead when 10.0.0.2 comes 3 hours later, so
      // the second group over the cap drops it uncounted rather than evicting it.
      await idle.evaluate([a('i2', 180, '10.0.0.2')]);
      expect(idle.ev.stats.evicted).toBe(0);
      expect(groups(await idle.ev.tick(at(181)))).toEqual(['seq.idle|ip=10.0.0.1']);
      expect(groups(await idle.ev.tick(at(200)))).toEqual(['seq.idle|ip=10.0.0.2']);
    });

    it('negative form: a flood of unique groups leaves at most maxGroups waits to fire', async () => {
      const { ev, evaluate } = evaluator([aWithoutB('seq.flood')], { maxGroups: 50 });
      const flood = Array.from({ length: 3000 }, (_, i) => a(`f${i}`, i / 300, `10.${(i >> 8) & 255}.${i & 255}.1`));
      for (let i = 0; i < flood.length; i += 500) await evaluate(flood.slice(i, i + 500));
      expect(ev.stats.evicted).toBe(3000 - 50);
      const fired = await ev.tick(at(60));
      expect(fired).toHaveLength(50);
      expect(new Set(groups(fired)).size).toBe(50);
    });
  });

  describe('throttle keys of a rule without aggregate', () => {
    const deleted = rule({
      id: 'b2c.key-deleted',
      match: { all: [{ fact: 'activity', operator: 'equal', value: 'Delete policy key' }] },
      throttle: { key: ['actor.upn'], forMs: hour },
    });
    const del = (id: string, minutes: number, actor: string) =>
      auditEvent({ id, time: at(minutes), actor, activity: 'Delete policy key', result: 'success' });

    it('are groups: beyond maxGroups the oldest key loses its throttle', async () => {
      const { ev, evaluate } = evaluator([deleted], { maxGroups: 2 });
      const first = await evaluate([del('k1', 0, 'alice'), del('k2', 1, 'bob'), del('k3', 2, 'carol')]);
      expect(first).toHaveLength(3);
      expect(ev.stats.evicted).toBe(1);
      const again = await evaluate([del('k4', 3, 'bob'), del('k5', 4, 'alice')]);
      expect(groups(again)).toEqual(['b2c.key-deleted|actor.upn=alice']);
    });
  });

  describe('claims', () => {
    const deleted = rule({
      id: 'b2c.key-deleted',
      match: { all: [{ fact: 'activity', operator: 'equal', value: 'Delete policy key' }] },
      throttle: { key: ['actor.upn'], forMs: hour },
    });
    const del = (id: string, minutes: number) =>
      auditEvent({ id, time: at(minutes), actor: 'alice', activity: 'Delete policy key', result: 'success' });

    it('keeps at most maxClaims event ids per rule: a redelivery of an older one is not recognised', async () => {
      const { ev, evaluate } = evaluator([deleted], { maxClaims: 2 });
      await evaluate([del('k1', 0), del('k2', 1), del('k3', 2), del('k4', 3)]);
      expect(ev.stats).toMatchObject({ alerts: 1, suppressed: 3 });
      await evaluate([del('k4', 3)]);
      expect(ev.stats).toMatchObject({ suppressed: 3, duplicates: 1 });
      await evaluate([del('k2', 1)]);
      expect(ev.stats).toMatchObject({ suppressed: 4, duplicates: 1 });
    });
  });
}
