import type { AuditEvent } from '@b2c-alerts/audit-client';
import { expect, it } from 'vitest';
import { Evaluator, type AlertCandidate, type EvaluatorOptions, type RuleDefinition } from '../../src/index.js';
import { at, auditEvent, day, minute, t0 } from '../helpers/audit-events.js';
import { iso, summary } from '../helpers/alert-summary.js';
import { rule, ruleSet } from '../helpers/rules.js';
import type { StoreHarness } from './state-store-suite.js';

/**
 * A worker that dies after the store committed a batch but before it handed the alerts on: BullMQ runs
 * the job again, on a new evaluator (a new process; for Redis a new connection). The retry must give the
 * identical candidates, a batch mixing processed and new events the replays once plus the new alerts,
 * and fresh batches what they would have given without the retry.
 */
export function replaySuite(harness: () => StoreHarness): void {
  const evaluator = (rules: RuleDefinition[], options: Partial<EvaluatorOptions> = {}) =>
    new Evaluator({ ruleSet: ruleSet(...rules), store: harness().open(), ...options });
  const failure = (id: string, minutes: number, target = 'alice', ip = '10.0.0.1') =>
    auditEvent({ id, time: at(minutes), target, ip });

  /** Evaluates `batch` on one evaluator, then retries it on a new one: both give the same candidates. */
  async function firedThenRetried(rules: RuleDefinition[], batch: AuditEvent[]): Promise<AlertCandidate[]> {
    const fired = await evaluator(rules).evaluate(batch);
    expect(fired.length).toBeGreaterThan(0);
    const retry = evaluator(rules);
    expect(await retry.evaluate(batch)).toEqual(fired);
    expect(retry.stats).toMatchObject({ alerts: 0, resolved: 0, replayed: fired.length });
    return fired;
  }

  it('plain match: a retried batch re-emits its alerts; mixed and fresh batches alert only on new events', async () => {
    const each = rule({ id: 'r.each' });
    const fired = await firedThenRetried([each], [failure('e1', 0), failure('e2', 0.5)]);
    expect(fired.map((a) => [a.groupKey, a.eventIds, a.event?.id])).toEqual([
      ['r.each', ['e1'], 'e1'],
      ['r.each', ['e2'], 'e2'],
    ]);

    const ev = evaluator([each]);
    const mixed = await ev.evaluate([failure('e2', 0.5), failure('e3', 1), failure('e2', 0.5)]);
    expect(mixed).toEqual([fired[1], expect.objectContaining({ eventIds: ['e3'] })]);
    expect(ev.stats).toMatchObject({ alerts: 1, replayed: 1, duplicates: 1 });
    expect((await ev.evaluate([failure('e4', 2)])).map((a) => a.eventIds)).toEqual([['e4']]);
  });

  it('plain match with a throttle: replays keep the suppressed count they carried', async () => {
    const deleted = rule({ id: 'r.throttled', throttle: { key: ['target.id'], forMs: 60 * minute } });
    const fired = await firedThenRetried([deleted], [failure('k1', 0), failure('k2', 5), failure('k3', 6, 'bob')]);
    expect(fired.map((a) => [a.eventIds, a.suppressed])).toEqual([
      [['k1'], 0],
      [['k3'], 0],
    ]);

    // k2 was suppressed (nothing to replay); k4 is the next alert of alice and carries it.
    const mixed = [failure('k2', 5), failure('k4', 61), failure('k1', 0)];
    const next = await evaluator([deleted]).evaluate(mixed);
    expect(next.map((a) => [a.eventIds, a.suppressed])).toEqual([
      [['k1'], 0],
      [['k4'], 1],
    ]);
    expect(next[0]).toEqual(fired[0]);
    // Retried again: the throttle would now suppress k4 and its counter was reset; the replay has both.
    expect(await evaluator([deleted]).evaluate(mixed)).toEqual(next);
    const fresh = evaluator([deleted]);
    expect(await fresh.evaluate([failure('k5', 62)])).toEqual([]);
    expect(fresh.stats).toMatchObject({ suppressed: 1, replayed: 0 });
  });

  it('count: replays the window it reported, not the window of now', async () => {
    const brute = rule({
      id: 'r.brute',
      aggregate: { kind: 'count', groupBy: ['target.id'], windowMs: 10 * minute, threshold: 3 },
      fields: ['ip'],
    });
    const [alert] = await firedThenRetried(
      [brute],
      [failure('a1', 0), failure('a2', 1), failure('a3', 2, 'alice', '10.0.0.2')],
    );
    expect(summary(alert!)).toMatchObject({
      count: 3,
      firstTime: iso(at(0)),
      lastTime: iso(at(2)),
      eventIds: ['a1', 'a2', 'a3'],
    });
    expect(alert!.topValues).toEqual([
      { value: '10.0.0.1', count: 2 },
      { value: '10.0.0.2', count: 1 },
    ]);

    const ev = evaluator([brute]);
    const mixed = await ev.evaluate([
      failure('a3', 2, 'alice', '10.0.0.2'),
      failure('a4', 12),
      failure('a5', 13),
      failure('a3', 2, 'alice', '10.0.0.2'),
      failure('a6', 14),
    ]);
    expect(mixed.map(summary)).toEqual([
      summary(alert!),
      expect.objectContaining({ count: 3, eventIds: ['a4', 'a5', 'a6'] }),
    ]);
    expect(mixed[0]).toEqual(alert);
    expect(ev.stats).toMatchObject({ alerts: 1, replayed: 1 });
    // Within a window of the alert at 14: nothing, as without the retry.
    expect(await ev.evaluate([failure('a7', 15)])).toEqual([]);
  });

  it('count: a batch retried after its run died part way gives what one clean run gives', async () => {
    const brute = (id: string) =>
      rule({ id, aggregate: { kind: 'count', groupBy: ['target.id'], windowMs: 10 * minute, threshold: 3 } });
    const batch = [
      failure('m1', 0),
      failure('m2', 1),
      failure('m3', 2),
      failure('m4', 2, 'bob'),
      failure('m5', 3, 'bob'),
      failure('m6', 4, 'bob'),
    ];
    const clean = await evaluator([brute('r.clean')]).evaluate(batch);
    // The first run committed the steps of m1..m4 (alice's alert included) and died.
    expect(await evaluator([brute('r.crashed')]).evaluate(batch.slice(0, 4))).toHaveLength(1);
    const retried = await evaluator([brute('r.crashed')]).evaluate(batch);
    const strip = (c: AlertCandidate) => ({ ...c, ruleId: '', title: '', groupKey: c.groupKey.replace(/^[^|]*/, '') });
    expect(retried.map(strip)).toEqual(clean.map(strip));
    expect(retried).toHaveLength(2);
  });

  it('distinct: a retried batch re-emits its alert; a mixed batch adds the new one', async () => {
    const spray = rule({
      id: 'r.spray',
      aggregate: { kind: 'distinct', groupBy: ['ip'], field: 'target.id', windowMs: 10 * minute, threshold: 3 },
    });
    const [alert] = await firedThenRetried(
      [spray],
      [failure('s1', 0, 'u1'), failure('s2', 1, 'u2'), failure('s3', 2, 'u3')],
    );
    expect(summary(alert!)).toMatchObject({ count: 3, eventIds: ['s1', 's2', 's3'] });

    const ev = evaluator([spray]);
    const mixed = await ev.evaluate([
      failure('s3', 2, 'u3'),
      failure('s4', 12, 'u4'),
      failure('s5', 13, 'u5'),
      failure('s6', 14, 'u6'),
    ]);
    expect(mixed).toEqual([alert, expect.objectContaining({ count: 3, eventIds: ['s4', 's5', 's6'] })]);
    expect(await ev.evaluate([failure('s7', 15, 'u7')])).toEqual([]);
  });

  it('first-seen: a retried batch re-emits the new values it reported, not as learned values', async () => {
    const reader = rule({ id: 'r.reader', aggregate: { kind: 'first-seen', groupBy: ['actor.upn'], learningMs: day } });
    const read = (id: string, time: number, actor: string) => auditEvent({ id, time, actor });
    expect(await evaluator([reader]).evaluate([read('f1', t0, 'alice')])).toEqual([]);
    const fired = await firedThenRetried(
      [reader],
      [read('f2', t0 + 2 * day, 'carol'), read('f3', t0 + 2 * day + minute, 'dave')],
    );
    expect(fired.map((a) => a.groupValues)).toEqual([{ 'actor.upn': 'carol' }, { 'actor.upn': 'dave' }]);

    const mixed = await evaluator([reader]).evaluate([
      read('f3', t0 + 2 * day + minute, 'dave'),
      read('f4', t0 + 2 * day + 2 * minute, 'erin'),
    ]);
    expect(mixed).toEqual([fired[1], expect.objectContaining({ eventIds: ['f4'] })]);
    expect(await evaluator([reader]).evaluate([read('f5', t0 + 3 * day, 'carol')])).toEqual([]);
  });

  it('absence: a retried tick re-emits what it fired, a retried batch the resolution it raised', async () => {
    const heartbeat = rule({
      id: 'r.heartbeat',
      aggregate: { kind: 'absence', groupBy: ['details.PolicyId'], windowMs: 30 * minute },
    });
    const token = (id: string, minutes: number, policyId: string) => auditEvent({ id, time: at(minutes), policyId });
    await evaluator([heartbeat]).evaluate([token('p1', 0, 'signin'), token('p2', 10, 'reset')]);
    const firing = await evaluator([heartbeat]).tick(at(35));
    expect(firing.map((a) => [a.groupKey, a.status, a.firstTime, a.lastTime])).toEqual([
      ['r.heartbeat|details.PolicyId=signin', 'firing', iso(at(0)), iso(at(35))],
    ]);
    const retried = evaluator([heartbeat]);
    expect(await retried.tick(at(35))).toEqual(firing);
    expect(retried.stats).toMatchObject({ alerts: 0, replayed: 1 });
    // A later tick fires only the group that has become silent since.
    expect((await evaluator([heartbeat]).tick(at(40))).map((a) => a.groupKey)).toEqual([
      'r.heartbeat|details.PolicyId=reset',
    ]);

    const resolved = await firedThenRetried([heartbeat], [token('p3', 50, 'signin')]);
    expect(resolved.map((a) => [a.status, a.firstTime, a.lastTime, a.eventIds])).toEqual([
      ['resolved', iso(at(0)), iso(at(50)), ['p3']],
    ]);
    const mixed = await evaluator([heartbeat]).evaluate([token('p3', 50, 'signin'), token('p4', 51, 'reset')]);
    expect(mixed.map(summary)).toEqual([
      summary(resolved[0]!),
      expect.objectContaining({ status: 'resolved', eventIds: ['p4'] }),
    ]);

    // Bound: a group that resolved between a tick and its retry is not re-emitted (its resolution is).
    expect((await evaluator([heartbeat]).tick(at(90))).map((a) => a.groupKey)).toHaveLength(2);
    await evaluator([heartbeat]).evaluate([token('p5', 91, 'signin')]);
    expect((await evaluator([heartbeat]).tick(at(90))).map((a) => a.groupKey)).toEqual([
      'r.heartbeat|details.PolicyId=reset',
    ]);
  });

  it('absence without groupBy: a retried tick re-emits the deadman alert', async () => {
    const deadman = rule({ id: 'r.deadman', aggregate: { kind: 'absence', groupBy: [], windowMs: 30 * minute } });
    expect(await evaluator([deadman]).tick(at(0))).toEqual([]);
    const [alert, ...rest] = await evaluator([deadman]).tick(at(30));
    expect(rest).toEqual([]);
    expect(await evaluator([deadman]).tick(at(30))).toEqual([alert]);
    expect(await evaluator([deadman]).tick(at(31))).toEqual([]);
  });
}
