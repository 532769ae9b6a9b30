import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalize, type AuditEvent } from '@b2c-alerts/audit-client';
import { generateTraffic, incidents, knownAdmins } from '@b2c-alerts/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatProblem, loadRuleSet, type RuleContext, type RuleDefinition } from '../../src/index.js';
import { buildTestEvents, defaultTestStart } from '../../src/rule-tests/build-test-events.js';
import { testsFileSchema } from '../../src/rule-tests/tests-file-schema.js';
import { disagreements } from '../helpers/agreement.js';
import { disagreementReport } from '../helpers/disagreement-report.js';

// The compiled matcher against json-rules-engine on the rules we ship (not only the hand-written
// differential set): every rule of rules/, disabled ones enabled, over generated traffic, planted
// incidents and the events of every shipped test case, so each rule both matches and misses.
const rulesDir = fileURLToPath(new URL('../../../../rules/', import.meta.url));
const start = Date.UTC(2026, 1, 9);
const trafficEvents = 100_000;
const traffic = () => generateTraffic({ seed: 23, start, end: start + 72 * 3_600_000, eventsPerHour: 2000 });

/** The first `count` distinct client IPs of the traffic: list values the events really carry. */
function trafficIps(count: number): string[] {
  const ips = new Set<string>();
  for (const raw of traffic()) {
    const ip = normalize(raw).ip;
    if (ip !== undefined) ips.add(ip);
    if (ips.size === count) break;
  }
  return [...ips];
}

/** The events of every case of every shipped `*.tests.yaml`, built the way `rules test` builds them. */
function testCaseEvents(): AuditEvent[] {
  const files = readdirSync(rulesDir, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.tests.yaml'))
    .sort();
  return files.flatMap((path) => {
    const tests = testsFileSchema.parse(parse(readFileSync(join(rulesDir, path), 'utf8')));
    return tests.cases.flatMap((testCase, caseIndex) =>
      buildTestEvents(testCase.events, {
        caseIndex,
        start: testCase.start !== undefined ? Date.parse(testCase.start) : defaultTestStart,
      }),
    );
  });
}

/**
 * A sequence rule's steps and absent clause as rules of their own (the rule's match and the part's),
 * so their conditions are compared with json-rules-engine too, and each must match some event.
 */
function sequenceParts(rule: RuleDefinition): RuleDefinition[] {
  if (rule.aggregate?.kind !== 'sequence') return [];
  const parts = rule.aggregate.steps.map((step) => ({ name: step.name, match: step.match }));
  if (rule.aggregate.absent !== undefined) parts.push({ name: 'absent', match: rule.aggregate.absent.match });
  return parts.map((part) => ({
    ...rule,
    id: `${rule.id}#${part.name}`,
    enabled: true,
    aggregate: undefined,
    match: { all: [rule.match, part.match] },
  }));
}

function* events(caseEvents: readonly AuditEvent[]): Generator<AuditEvent> {
  let count = 0;
  for (const raw of traffic()) {
    yield normalize(raw);
    if ((count += 1) === trafficEvents) break;
  }
  const [alex] = knownAdmins();
  const planted = [
    ...incidents.policyKeyDeleted(start + 3_600_000),
    ...incidents.policyKeyDeleted(start + 7_200_000, { actorUpn: alex!.upn }),
    ...incidents.customPolicyBurst(start + 10_800_000),
    ...incidents.customPolicyBurst(start + 14_400_000, { actorUpn: alex!.upn }),
    ...incidents.passwordSpray(start + 18_000_000),
  ];
  for (const raw of planted) yield normalize(raw);
  yield* caseEvents;
}

describe('compiled conditions vs json-rules-engine on the shipped rule pack', () => {
  let rules: RuleDefinition[];
  let context: RuleContext;
  let caseEvents: AuditEvent[];

  beforeAll(async () => {
    const loaded = await loadRuleSet(rulesDir);
    expect(loaded.problems.map(formatProblem)).toEqual([]);
    rules = loaded.ruleSet!.rules.flatMap((rule) => [{ ...rule, enabled: true }, ...sequenceParts(rule)]);
    // Every list gets values the events carry (one admin upper-cased: matching ignores case), and leaves
    // others out, so both sides of inList / notInList are taken.
    const [alex, megan] = knownAdmins();
    const people = [alex!.upn.toUpperCase(), megan!.upn];
    const ips = trafficIps(40);
    // Lists of addresses get the traffic's own client IPs, the others (people, apps) admins' UPNs. A list
    // that ships filled (a fact, such as privileged-roles) keeps its values, the first upper-cased.
    const filled = (values: readonly string[]) => [values[0]!.toUpperCase(), ...values.slice(1)];
    const lists = Object.fromEntries(
      Object.entries(loaded.ruleSet!.lists).map(([name, values]) => [
        name,
        values.length > 0 ? filled(values) : name.endsWith('-ips') ? ips : people,
      ]),
    );
    context = { lists, conditions: loaded.ruleSet!.conditions };
    caseEvents = testCaseEvents();
  });

  it('loads every shipped rule and list, disabled rules and empty lists included', () => {
    expect(rules.length).toBeGreaterThanOrEqual(30);
    expect(Object.keys(context.lists).sort()).toEqual(
      expect.arrayContaining(['excluded-client-ips', 'policy-deployers']),
    );
    for (const [name, values] of Object.entries(context.lists)) expect(values.length, name).toBeGreaterThan(0);
    expect(caseEvents.length).toBeGreaterThan(rules.length);
  });

  it(`agrees on ${trafficEvents} generated events, planted incidents and every test case's events`, async () => {
    const { checked, found, perRule } = await disagreements(rules, context, events(caseEvents));
    expect(found, disagreementReport(rules, found)).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(trafficEvents + caseEvents.length);
    // Every rule matched somewhere, so no rule passes by never holding on either side.
    expect(rules.map((rule) => rule.id).filter((id) => !perRule.has(id))).toEqual([]);
  }, 600_000);
});
