import { describe, expect, it } from 'vitest';
import { explainRule, type RuleContext } from '../../src/index.js';
import { event, rule } from '../helpers/rules.js';

const context: RuleContext = {
  lists: { 'key-admins': ['alice@contoso.com'] },
  conditions: {
    keyDelete: { all: [{ fact: 'activity', operator: 'in', value: ['Delete policy key', 'Restore policy key'] }] },
  },
};
const keyDeleted = rule({
  id: 'b2c.keys.policy-key-deleted',
  match: {
    all: [
      { condition: 'keyDelete' },
      { fact: 'actor.upn', operator: 'notInList', value: 'key-admins', name: 'not a key admin' },
      // priority would let json-rules-engine skip the rest once a higher-priority leaf fails; explain shows all
      {
        any: [
          { fact: 'targets', path: '$[0].displayName', operator: 'startsWith', value: 'B2C_1A_', priority: 5 },
          { not: { fact: 'details.PolicyId', operator: 'equal', value: { fact: 'target.displayName' } } },
        ],
      },
    ],
  },
});

describe('explainRule', () => {
  it('shows every condition with its values for a rule that matches', async () => {
    const e = event({
      activity: 'Delete policy key',
      actor: { upn: 'mallory@evil.example' },
      targets: [{ displayName: 'B2C_1A_TokenSigningKeyContainer', modified: [] }],
      target: { displayName: 'B2C_1A_TokenSigningKeyContainer' },
      details: {},
    });
    expect(await explainRule(keyDeleted, e, context)).toEqual({
      kind: 'all',
      result: true,
      children: [
        {
          kind: 'condition',
          name: 'keyDelete',
          result: true,
          children: [
            {
              kind: 'all',
              result: true,
              children: [
                {
                  kind: 'leaf',
                  fact: 'activity',
                  operator: 'in',
                  expected: ['Delete policy key', 'Restore policy key'],
                  actual: 'Delete policy key',
                  result: true,
                },
              ],
            },
          ],
        },
        {
          kind: 'leaf',
          name: 'not a key admin',
          fact: 'actor.upn',
          operator: 'notInList',
          expected: 'key-admins',
          actual: 'mallory@evil.example',
          result: true,
        },
        {
          kind: 'any',
          result: true,
          children: [
            {
              kind: 'leaf',
              fact: 'targets',
              path: '$[0].displayName',
              operator: 'startsWith',
              expected: 'B2C_1A_',
              actual: 'B2C_1A_TokenSigningKeyContainer',
              result: true,
            },
            {
              kind: 'not',
              result: true,
              children: [
                {
                  kind: 'leaf',
                  fact: 'details.PolicyId',
                  operator: 'equal',
                  expected: 'B2C_1A_TokenSigningKeyContainer',
                  actual: undefined,
                  result: false,
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it('shows which conditions failed for a rule that does not match, evaluating all of them', async () => {
    const e = event({
      activity: 'Get policy keys',
      actor: { upn: 'Alice@Contoso.com' },
      targets: [],
      details: { PolicyId: 'x' },
    });
    const explained = await explainRule(keyDeleted, e, context);
    expect(explained.result).toBe(false);
    expect(explained.children?.map((child) => [child.kind, child.result])).toEqual([
      ['condition', false],
      ['leaf', false],
      ['any', true],
    ]);
    expect(explained.children?.[0]?.children?.[0]?.children?.[0]).toMatchObject({
      actual: 'Get policy keys',
      result: false,
    });
    expect(explained.children?.[1]).toMatchObject({
      actual: 'Alice@Contoso.com',
      expected: 'key-admins',
      result: false,
    });
    expect(explained.children?.[2]?.children?.[0]).toMatchObject({ actual: undefined, result: false });
    expect(explained.children?.[2]?.children?.[1]).toMatchObject({ kind: 'not', result: true });
  });

  it('explains a top-level condition reference and a disabled rule', async () => {
    const explained = await explainRule(
      rule({ id: 'r', match: { condition: 'keyDelete' }, enabled: false }),
      event({ activity: 'Restore policy key' }),
      context,
    );
    expect(explained).toMatchObject({
      kind: 'condition',
      name: 'keyDelete',
      result: true,
      children: [{ kind: 'all', result: true }],
    });
  });
});
