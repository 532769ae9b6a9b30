import { normalize, type AuditEvent } from '@b2c-alerts/audit-client';
import { generateTraffic, incidents } from '@b2c-alerts/testkit';
import { describe, expect, it } from 'vitest';
import { operatorNames } from '../../src/operators/operators.js';
import { disagreements, type Disagreement } from '../helpers/agreement.js';
import { disagreementReport } from '../helpers/disagreement-report.js';
import { differentialContext as context, differentialRules as rules } from '../helpers/differential-rules.js';
import { randomAudits } from '../helpers/random-audits.js';

const start = Date.UTC(2026, 0, 5);
const trafficEvents = 100_000;

function* traffic(): Generator<AuditEvent> {
  let count = 0;
  for (const raw of generateTraffic({ seed: 11, start, end: start + 72 * 3_600_000, eventsPerHour: 2000 })) {
    yield normalize(raw);
    if ((count += 1) === trafficEvents) break;
  }
  const planted = [
    ...incidents.policyKeyDeleted(start + 3_600_000),
    ...incidents.policyKeyDeleted(start + 7_200_000, { actorUpn: 'megan.bowen@contosob2c.onmicrosoft.com' }),
    ...incidents.customPolicyBurst(start + 10_800_000),
    ...incidents.passwordSpray(start + 14_400_000),
  ];
  for (const raw of planted) yield normalize(raw);
}

function* oddShapes(count: number): Generator<AuditEvent> {
  for (const raw of randomAudits(count, 2026)) yield normalize(raw, { tenant: 'fabrikamb2c.onmicrosoft.com' });
}

const report = (found: Disagreement[]): string => disagreementReport(rules, found);

describe('compiled conditions vs json-rules-engine (differential)', () => {
  it('uses at least 20 enabled rules covering every operator and decorator', () => {
    expect(rules.filter((r) => r.enabled).length).toBeGreaterThanOrEqual(20);
    const text = JSON.stringify([rules.map((r) => r.match), context.conditions]);
    const used = new Set([...text.matchAll(/"operator":"([^"]+)"/g)].flatMap((m) => (m[1] as string).split(':')));
    expect(operatorNames.filter((name) => !used.has(name))).toEqual([]);
  });

  it(`agrees on ${trafficEvents} generated events plus planted incidents`, async () => {
    const { checked, matches, found, perRule } = await disagreements(rules, context, traffic());
    expect(found, report(found)).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(trafficEvents);
    expect(matches).toBeGreaterThan(10_000);
    // the data exercises the rules: most of them fire on this traffic
    expect(perRule.size).toBeGreaterThanOrEqual(15);
  }, 600_000);

  it('agrees on 20,000 events with odd shapes (nulls, numbers as strings, IPv6, modified properties)', async () => {
    const { checked, found, perRule } = await disagreements(rules, context, oddShapes(20_000));
    expect(found, report(found)).toEqual([]);
    expect(checked).toBe(20_000);
    expect(perRule.size).toBeGreaterThanOrEqual(20);
  }, 600_000);

  it("agrees with json-rules-engine's default jsonpath-plus resolver too", async () => {
    const { checked, found } = await disagreements(rules, context, oddShapes(3_000), { pathResolver: 'jsonpath-plus' });
    expect(found, report(found)).toEqual([]);
    expect(checked).toBe(3_000);
  }, 600_000);
});
