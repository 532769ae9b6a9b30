import type { AuditEvent } from '@b2c-alerts/audit-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Evaluator, type FactChoice, type FirstOf, type RuleDefinition } from '../../src/index.js';
import { at, auditEvent, minute, hour } from '../helpers/audit-events.js';
import { rule, ruleSet } from '../helpers/rules.js';
import type { StoreHarness } from './state-store-suite.js';

const username = 'details.LocalAccountUsername';
/** The account of a failed password check: its object id, else the sign-in name tried. */
const account: FirstOf = { firstOf: ['target.id', username] };

/** A failed password check at `minutes`, naming the account by object id, sign-in name, both or neither. */
export function failedCheck(
  id: string,
  minutes: number,
  o: { target?: string; name?: string; ip?: string } = {},
): AuditEvent {
  const event = auditEvent({
    id,
    time: at(minutes),
    ip: o.ip ?? '203.0.113.7',
    ...(o.target === undefined ? {} : { target: o.target }),
  });
  if (o.name !== undefined) event.details['LocalAccountUsername'] = o.name;
  return event;
}

/** Fallbacks ({ firstOf }) in group keys, distinct values and throttle keys, on a StateStore. */
export function fallbackSuite(makeHarness: () => StoreHarness): void {
  let harness: StoreHarness;
  beforeEach(() => {
    harness = makeHarness();
  });
  afterEach(async () => {
    await harness.close();
  });
  const evaluator = (...rules: RuleDefinition[]) =>
    new Evaluator({ ruleSet: ruleSet(...rules), store: harness.open() });

  describe('fallbacks', () => {
    it('count: groups each account under the fact that named it, and skips events with none', async () => {
      const brute = rule({
        id: 'f.brute',
        aggregate: { kind: 'count', groupBy: [account], windowMs: 10 * minute, threshold: 3 },
        throttle: { key: [account], forMs: hour },
      });
      const ev = evaluator(brute);
      const alerts = await ev.evaluate([
        // alice by object id three times, 'alice' as a sign-in name three times: two accounts, two alerts.
        ...[0, 1, 2].map((m) => failedCheck(`id-${m}`, m, { target: 'alice' })),
        ...[0, 1, 2].map((m) => failedCheck(`name-${m}`, m + 0.5, { name: 'alice' })),
        // bob: twice by id, once by name (a name the id's account may or may not have): no merge, no alert.
        failedCheck('bob-1', 3, { target: 'bob' }),
        failedCheck('bob-2', 3.5, { target: 'bob', name: 'bob@contoso.com' }),
        failedCheck('bob-3', 4, { name: 'bob' }),
        // Neither: skipped, so they neither fire on their own nor count towards anyone.
        ...[5, 6, 7, 8].map((m) => failedCheck(`none-${m}`, m)),
      ]);
      expect(alerts.map((a) => [a.groupKey, a.groupValues, a.count, a.eventIds])).toEqual([
        ['f.brute|target.id=alice', { 'target.id': 'alice' }, 3, ['id-0', 'id-1', 'id-2']],
        [`f.brute|${username}=alice`, { [username]: 'alice' }, 3, ['name-0', 'name-1', 'name-2']],
      ]);
      expect(ev.stats.skipped).toEqual({ groupBy: 4, field: 0, 'throttle.key': 0 });
      expect(ev.stats.matches).toBe(13);
    });

    it('distinct: counts values named after their fact, or merged under `as`', async () => {
      const spray = (id: string, field: FactChoice) =>
        rule({ id, aggregate: { kind: 'distinct', groupBy: ['ip'], field, windowMs: 10 * minute, threshold: 3 } });
      const ev = evaluator(spray('f.spray', account), spray('f.spray-merged', { ...account, as: 'account' }));
      const alerts = await ev.evaluate([
        failedCheck('s1', 0, { target: 'u1' }),
        failedCheck('s2', 1, { name: 'u1' }),
        failedCheck('s3', 2, { target: 'u2', name: 'someone@contoso.com' }),
        failedCheck('s4', 3),
      ]);
      // u1 as an object id and u1 as a sign-in name are two values; merged under `as` they are one.
      expect(alerts.map((a) => [a.ruleId, a.count, a.topValues?.map((t) => t.value).sort()])).toEqual([
        ['f.spray', 3, [`${username}=u1`, 'target.id=u1', 'target.id=u2']],
      ]);
      expect(ev.stats.skipped).toEqual({ groupBy: 0, field: 2, 'throttle.key': 0 });
    });

    it('throttle: one alert per account and period; an event with no key alerts unthrottled', async () => {
      const each = rule({ id: 'f.each', throttle: { key: [account], forMs: hour } });
      const ev = evaluator(each);
      const alerts = await ev.evaluate([
        failedCheck('t1', 0, { target: 'alice' }),
        failedCheck('t2', 1, { target: 'alice', name: 'alice@contoso.com' }),
        failedCheck('t3', 2, { name: 'alice' }),
        failedCheck('t4', 3),
        failedCheck('t5', 4),
      ]);
      expect(alerts.map((a) => [a.eventIds[0], a.groupKey])).toEqual([
        ['t1', 'f.each|target.id=alice'],
        ['t3', `f.each|${username}=alice`],
        ['t4', 'f.each|target.id='],
        ['t5', 'f.each|target.id='],
      ]);
      expect(ev.stats).toMatchObject({ suppressed: 1, skipped: { groupBy: 0, field: 0, 'throttle.key': 2 } });
      // The next alert of alice's key carries what it held back.
      const [next] = await ev.evaluate([failedCheck('t6', 61, { target: 'alice' })]);
      expect(next).toMatchObject({ groupKey: 'f.each|target.id=alice', suppressed: 1 });
    });
  });
}
