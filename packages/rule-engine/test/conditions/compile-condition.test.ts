import { describe, expect, it } from 'vitest';
import { createReferenceEngine, RuleCompileError, type RuleContext, type TopLevelCondition } from '../../src/index.js';
import { compileCondition } from '../../src/conditions/compile-condition.js';
import { emptyContext, event, rule } from '../helpers/rules.js';

const context: RuleContext = {
  lists: { admins: ['alice@contoso.com'] },
  conditions: {
    keyActivity: { any: [{ fact: 'activity', operator: 'in', value: ['Delete policy key', 'Restore policy key'] }] },
    byAdmin: { all: [{ fact: 'actor.upn', operator: 'inList', value: 'admins' }] },
    keyByOutsider: { all: [{ condition: 'keyActivity' }, { not: { condition: 'byAdmin' } }] },
  },
};

const events = [
  event({
    activity: 'Delete policy key',
    actor: { upn: 'ALICE@contoso.com', ip: '10.0.0.1' },
    details: { PolicyId: 'B2C_1A_x', Count: '12' },
  }),
  event({
    activity: 'Delete policy key',
    actor: { upn: 'mallory@evil.example' },
    targets: [{ id: 't1', modified: [{ name: 'A', old: 1, new: 2 }] }],
  }),
  event({ activity: 'Restore policy key', actor: {}, details: {}, target: { displayName: 'B2C_1A_Key' } }),
  event({ activity: 'Get policy keys', actor: { upn: '' }, details: { Count: '' } }),
  event({ activity: 'Get policy keys', actor: null, details: null, targets: null }),
  event({
    activity: 'Update custom policy',
    actor: { upn: 5 },
    details: { Count: [3] },
    target: 'oops',
    targets: [null, 'x', { modified: 'no' }],
  }),
  event({ activity: '', actor: { upn: ['alice@contoso.com'] }, details: { Count: 'NaN' }, timestamp: Number.NaN }),
  event({
    activity: 'X',
    actor: undefined,
    details: { Count: ' 7 ' },
    targets: [{ modified: [{ name: 'A', old: [1], new: [1] }] }],
  }),
];

const conditions: Record<string, TopLevelCondition> = {
  'empty all is true': { all: [] },
  'empty any is true (json-rules-engine 7.3.1)': { any: [] },
  'not of empty any is false': { not: { any: [] } },
  'nested any in all in not': {
    not: {
      all: [
        { fact: 'activity', operator: 'startsWith', value: 'Delete' },
        {
          any: [
            { fact: 'actor.upn', operator: 'endsWith', value: '.example' },
            { fact: 'details.PolicyId', operator: 'regex', value: '(?i)^b2c_1a_' },
          ],
        },
      ],
    },
  },
  'reference at the top': { condition: 'keyByOutsider' },
  'reference nested, twice': {
    any: [{ condition: 'byAdmin' }, { all: [{ condition: 'keyActivity' }, { condition: 'byAdmin' }] }],
  },
  'numbers as strings': { all: [{ fact: 'details.Count', operator: 'greaterThan', value: 5 }] },
  'numbers as strings, inclusive': { any: [{ fact: 'details.Count', operator: 'lessThanInclusive', value: 12 }] },
  'path on a dotted fact': { all: [{ fact: 'actor.upn', path: '$.length', operator: 'greaterThan', value: 3 }] },
  'path indexing a string': { all: [{ fact: 'target.displayName', path: '$[0]', operator: 'equal', value: 'B' }] },
  'path on an undotted string fact is ignored': {
    all: [{ fact: 'activity', path: '$.length', operator: 'equal', value: 'Get policy keys' }],
  },
  'path into targets': { all: [{ fact: 'targets', path: '$[0].modified[0].name', operator: 'equal', value: 'A' }] },
  'changed through targets': { all: [{ fact: 'targets', operator: 'changed', value: 'A' }] },
  'changed through a path': { all: [{ fact: 'targets', path: '$[0].modified', operator: 'changed', value: 'A' }] },
  'fact-valued value': { all: [{ fact: 'actor.upn', operator: 'equal', value: { fact: 'actor.upn' } }] },
  'fact-valued value with a path': {
    all: [{ fact: 'activity', operator: 'startsWith', value: { fact: 'details.PolicyId', path: '$[0]' } }],
  },
  'undefined fact against null': { all: [{ fact: 'details.Missing', operator: 'equal', value: null }] },
  'undefined fact notEqual': { all: [{ fact: 'details.Missing', operator: 'notEqual', value: 'x' }] },
  'notIn with an undefined fact': { all: [{ fact: 'actor.upn', operator: 'notIn', value: ['alice@contoso.com'] }] },
  'notInList with an undefined fact': { all: [{ fact: 'actor.upn', operator: 'notInList', value: 'admins' }] },
  'timestamp NaN': { all: [{ fact: 'timestamp', operator: 'lessThan', value: 1 }] },
  'contains on an array fact': { all: [{ fact: 'actor.upn', operator: 'contains', value: 'alice@contoso.com' }] },
  'whole object fact': { all: [{ fact: 'actor', operator: 'equal', value: null }] },
  'priority is only an order': {
    all: [
      { fact: 'activity', operator: 'equal', value: 'X', priority: 9 },
      { fact: 'details.Count', operator: 'equal', value: ' 7 ', priority: 1 },
    ],
  },
};

describe('compileCondition', () => {
  it.each(Object.entries(conditions))(
    '%s: same answers as json-rules-engine on every edge-case event',
    async (_name, match) => {
      const reference = createReferenceEngine([rule({ id: 'r', match })], context);
      const predicate = compileCondition(match, context);
      for (const e of events) {
        const expected = (await reference.match(e)).length === 1;
        expect({ event: e, matched: predicate(e) }).toEqual({ event: e, matched: expected });
      }
    },
  );

  it('has the known answers on a few of them', () => {
    const [deleteByAlice, deleteByMallory] = events;
    expect(compileCondition({ any: [] }, emptyContext)(events[0]!)).toBe(true);
    expect(compileCondition({ condition: 'keyByOutsider' }, context)(deleteByAlice!)).toBe(false);
    expect(compileCondition({ condition: 'keyByOutsider' }, context)(deleteByMallory!)).toBe(true);
    expect(compileCondition(conditions['numbers as strings']!, context)(deleteByAlice!)).toBe(true);
  });

  it('makes a leaf false where json-rules-engine throws, and does not throw itself', async () => {
    const match: TopLevelCondition = {
      not: { all: [{ fact: 'activity', operator: 'in', value: { fact: 'details.Missing' } }] },
    };
    const e = events[0]!;
    await expect(createReferenceEngine([rule({ id: 'r', match })], context).match(e)).rejects.toThrow(/indexOf/);
    // the inner leaf is false, so its negation holds
    expect(compileCondition(match, context)(e)).toBe(true);
    expect(
      compileCondition({ all: [{ fact: 'actor.upn', operator: 'swap:in', value: 'x' }] }, context)(events[2]!),
    ).toBe(false);
  });

  it('refuses what it cannot evaluate, with RuleCompileError', () => {
    const bad: Array<[TopLevelCondition, RegExp]> = [
      [{ all: [{ fact: 'activity', operator: 'equals', value: 'x' }] }, /Unknown operator "equals"/],
      [{ all: [{ fact: 'activity', operator: 'some:equal', value: 'x' }] }, /Unknown operator/],
      [{ all: [{ fact: 'activity', operator: 'not', value: 'x' }] }, /Unknown operator/],
      [{ all: [{ fact: 'actor.upn', operator: 'inList', value: 'nobody' }] }, /Unknown list "nobody"/],
      [{ all: [{ fact: 'actor.upn', operator: 'regex', value: '(' }] }, /regex '\(' is not valid RE2 syntax/],
      [
        { all: [{ fact: 'actor.upn', operator: 'someValue:regex', value: ['ok', '[z-a]'] }] },
        /regex '\[z-a\]' is not valid RE2 syntax/,
      ],
      [{ all: [{ fact: 'ip', operator: 'cidr', value: '10.0.0.0/33' }] }, /Invalid cidr/],
      [{ all: [{ fact: 'ip', operator: 'cidr', value: ['10.0.0.0/8', 'nope'] }] }, /Invalid cidr/],
      [{ all: [{ fact: 'targets', path: '$..name', operator: 'equal', value: 'x' }] }, /Unsupported path/],
      [{ condition: 'missing' }, /Unknown shared condition "missing"/],
    ];
    for (const [match, message] of bad) {
      expect(() => compileCondition(match, context)).toThrow(message);
      expect(() => compileCondition(match, context)).toThrow(RuleCompileError);
    }
    const cyclic: RuleContext = {
      lists: {},
      conditions: { a: { all: [{ condition: 'b' }] }, b: { any: [{ condition: 'a' }] } },
    };
    expect(() => compileCondition({ condition: 'a' }, cyclic)).toThrow(/refers to itself/);
    try {
      compileCondition({ condition: 'missing' }, context);
    } catch (error) {
      expect(error).toMatchObject({ name: 'RuleCompileError', code: 'RE_ERR_RULE_COMPILE' });
    }
  });
});
