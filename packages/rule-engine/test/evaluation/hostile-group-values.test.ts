import { describe, expect, it } from 'vitest';
import { Evaluator, groupKey, MemoryStateStore, type AlertCandidate } from '../../src/index.js';
import { at, auditEvent, minute } from '../helpers/audit-events.js';
import { rule, ruleSet } from '../helpers/rules.js';

/**
 * Group values are event text, so an attacker picks their length: a 100 kB display name must not make
 * a 100 kB group key in every Redis key name, job and alert of its group.
 */
describe('group values under hostile lengths', () => {
  const long = (tail: string) => `${'x'.repeat(100_000)}${tail}`;

  const detect = async (actors: string[]): Promise<AlertCandidate[]> => {
    const evaluator = new Evaluator({
      ruleSet: ruleSet(
        rule({
          id: 'brute',
          aggregate: { kind: 'count', groupBy: ['actor.upn'], windowMs: 10 * minute, threshold: 2 },
        }),
      ),
      store: new MemoryStateStore(),
    });
    const events = actors.flatMap((actor, i) => [
      auditEvent({ id: `a${i}`, time: at(i), actor }),
      auditEvent({ id: `b${i}`, time: at(i), actor }),
    ]);
    return evaluator.evaluate(events);
  };

  it('bounds the group key and the alert of a 100 kB value', async () => {
    const [alert, ...rest] = await detect([long('@contoso.com')]);
    expect(rest).toEqual([]);
    expect(alert!.groupKey.length).toBeLessThanOrEqual(400);
    const shown = alert!.groupValues['actor.upn'] as string;
    expect(shown.length).toBeLessThanOrEqual(256);
    // The alert shows the value's beginning, marked as cut.
    expect(shown.startsWith('x'.repeat(200))).toBe(true);
    expect(shown).toContain('…');
    const { event: _event, ...withoutEvent } = alert!;
    expect(JSON.stringify(withoutEvent).length).toBeLessThan(2000);
  });

  it('keeps two long values that differ only at the end in two groups', async () => {
    const alerts = await detect([long('-alice'), long('-bob')]);
    expect(alerts).toHaveLength(2);
    expect(alerts[0]!.groupKey).not.toBe(alerts[1]!.groupKey);
    expect(alerts[0]!.groupValues['actor.upn']).not.toBe(alerts[1]!.groupValues['actor.upn']);
  });

  it('bounds the values a distinct or count rule keeps and shows: 100 kB sign-in names stay distinct and short', async () => {
    const evaluator = new Evaluator({
      ruleSet: ruleSet(
        rule({
          id: 'spray',
          aggregate: { kind: 'distinct', groupBy: ['ip'], field: 'actor.upn', windowMs: 10 * minute, threshold: 3 },
        }),
        rule({
          id: 'burst',
          aggregate: { kind: 'count', groupBy: ['ip'], windowMs: 10 * minute, threshold: 3 },
          fields: ['actor.upn'],
        }),
      ),
      store: new MemoryStateStore(),
    });
    const names = [long('-a'), long('-b'), long('-c')];
    const alerts = await evaluator.evaluate(
      names.map((actor, i) => auditEvent({ id: `s${i}`, time: at(i), actor, ip: '203.0.113.7' })),
    );
    expect(alerts.map((a) => a.ruleId).sort()).toEqual(['burst', 'spray']);
    for (const alert of alerts) {
      expect(alert.topValues?.map((v) => v.count)).toEqual([1, 1, 1]);
      for (const { value } of alert.topValues ?? []) expect(value.length).toBeLessThanOrEqual(256);
    }
  });

  it('leaves values up to the bound as they are, and cuts the same value the same way every time', () => {
    const event = (actor: string) => auditEvent({ id: 'e', time: at(0), actor });
    const exact = 'y'.repeat(256);
    expect(groupKey('r', ['actor.upn'], event(exact)).values['actor.upn']).toBe(exact);
    expect(groupKey('r', ['actor.upn'], event(long('!'))).key).toBe(groupKey('r', ['actor.upn'], event(long('!'))).key);
  });
});
