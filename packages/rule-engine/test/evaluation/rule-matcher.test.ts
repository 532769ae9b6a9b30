import { normalize } from '@b2c-alerts/audit-client';
import { describe, expect, it } from 'vitest';
import { RuleMatcher, type RuleContext, type RuleDefinition } from '../../src/index.js';
import { compileCondition } from '../../src/conditions/compile-condition.js';
import { randomAudits } from '../helpers/random-audits.js';
import { event, rule } from '../helpers/rules.js';

const context: RuleContext = {
  lists: { admins: ['alice@contoso.com'] },
  conditions: {
    policyKeyWrite: {
      all: [
        { fact: 'activity', operator: 'in', value: ['Delete policy key', 'Restore policy key', 'Create policy key'] },
      ],
    },
    failed: { all: [{ fact: 'result', operator: 'equal', value: 'failure' }] },
  },
};

const rules: RuleDefinition[] = [
  rule({
    id: 'equal',
    match: {
      all: [
        { fact: 'activity', operator: 'equal', value: 'Delete policy key' },
        { fact: 'result', operator: 'equal', value: 'success' },
      ],
    },
  }),
  rule({ id: 'every-event-1', match: { any: [{ fact: 'actor.upn', operator: 'inList', value: 'admins' }] } }),
  rule({
    id: 'in',
    match: {
      all: [
        { fact: 'actor.upn', operator: 'notInList', value: 'admins' },
        {
          fact: 'activity',
          operator: 'in',
          value: ['Update custom policy', 'Create custom policy', 'Delete custom policy'],
        },
      ],
    },
  }),
  rule({
    id: 'nested-all',
    match: {
      all: [
        { all: [{ fact: 'activity', operator: 'equal', value: 'Create Identity Provider' }] },
        { fact: 'result', operator: 'notEqual', value: 'failure' },
      ],
    },
  }),
  rule({ id: 'via-reference', match: { all: [{ condition: 'policyKeyWrite' }, { condition: 'failed' }] } }),
  rule({ id: 'top-reference', match: { condition: 'policyKeyWrite' } }),
  rule({
    id: 'any-of-indexed',
    match: {
      any: [
        { all: [{ fact: 'activity', operator: 'equal', value: 'Delete user flow' }] },
        {
          all: [
            { fact: 'activity', operator: 'in', value: ['Update V2 application', 'Add V2 application permissions'] },
            { fact: 'result', operator: 'equal', value: 'success' },
          ],
        },
      ],
    },
  }),
  rule({
    id: 'disabled',
    match: { all: [{ fact: 'activity', operator: 'equal', value: 'Delete policy key' }] },
    enabled: false,
  }),
  rule({ id: 'every-event-2', match: { all: [{ fact: 'ip', operator: 'cidr', value: ['10.0.0.0/8'] }] } }),
  rule({
    id: 'not-activity',
    match: { not: { all: [{ fact: 'activity', operator: 'equal', value: 'Get policy keys' }] } },
  }),
  rule({
    id: 'any-with-open-branch',
    match: {
      any: [
        { fact: 'activity', operator: 'equal', value: 'Delete policy key' },
        { fact: 'result', operator: 'equal', value: 'timeout' },
      ],
    },
  }),
  rule({
    id: 'decorated-activity',
    match: {
      all: [
        { fact: 'activity', operator: 'not:equal', value: 'Get policy keys' },
        { fact: 'details.PolicyId', operator: 'startsWith', value: 'B2C_1A' },
      ],
    },
  }),
  rule({
    id: 'activity-path',
    match: { all: [{ fact: 'activity', path: '$.x', operator: 'equal', value: 'Delete policy key' }] },
  }),
  rule({
    id: 'activity-fact-value',
    match: { all: [{ fact: 'activity', operator: 'equal', value: { fact: 'details.PolicyId' } }] },
  }),
  rule({
    id: 'empty-any-inside',
    match: { all: [{ any: [] }, { fact: 'activity', operator: 'equal', value: 'Verify phone number' }] },
  }),
  rule({
    id: 'in-with-odd-items',
    match: { all: [{ fact: 'activity', operator: 'in', value: [Number.NaN, null, 'Get tenant details'] }] },
  }),
];

function everyRule(e: ReturnType<typeof normalize>): string[] {
  return rules.filter((r) => r.enabled && compileCondition(r.match, context)(e)).map((r) => r.id);
}

describe('RuleMatcher', () => {
  const matcher = new RuleMatcher(rules, context);

  it('indexes exactly the rules whose match requires listed activities', () => {
    expect(matcher.indexedRuleIds).toEqual([
      'equal',
      'in',
      'nested-all',
      'via-reference',
      'top-reference',
      'any-of-indexed',
      'empty-any-inside',
      'in-with-odd-items',
    ]);
  });

  it('gives the answers of checking every rule, in rule order', () => {
    let matched = 0;
    const seen = new Set<string>();
    for (const raw of randomAudits(20_000, 7)) {
      const e = normalize(raw);
      const ids = matcher.match(e).map((r) => r.id);
      expect({ id: e.id, ids }).toEqual({ id: e.id, ids: everyRule(e) });
      matched += ids.length;
      ids.forEach((id) => seen.add(id));
    }
    expect(matched).toBeGreaterThan(1000);
    expect([...seen].sort()).toEqual(
      rules
        .filter((r) => r.enabled && r.id !== 'activity-fact-value')
        .map((r) => r.id)
        .sort(),
    );
  });

  it('never returns disabled rules and keeps rule order across indexed and unindexed rules', () => {
    const e = event({
      activity: 'Delete policy key',
      result: 'success',
      actor: { upn: 'alice@contoso.com' },
      ip: '10.1.1.1',
      details: { PolicyId: 'B2C_1A_x' },
    });
    expect(matcher.match(e).map((r) => r.id)).toEqual([
      'equal',
      'every-event-1',
      'top-reference',
      'every-event-2',
      'not-activity',
      'any-with-open-branch',
      'decorated-activity',
      'activity-path',
    ]);
  });

  it('matches nothing indexed for an activity no rule names', () => {
    const e = event({ activity: 'Something new', result: 'timeout' });
    expect(matcher.match(e).map((r) => r.id)).toEqual(['not-activity', 'any-with-open-branch']);
  });
});
