import { describe, expect, it } from 'vitest';
import { createReferenceEngine, type RuleContext } from '../../src/index.js';
import { compileCondition } from '../../src/conditions/compile-condition.js';
import { operatorNames } from '../../src/operators/operators.js';
import { event, rule } from '../helpers/rules.js';

const context: RuleContext = { lists: { admins: ['Alice@Contoso.com', 'bob@contoso.com'], empty: [] }, conditions: {} };
const absent = undefined;
const throws = 'throws' as const;
type Case = [operator: string, fact: unknown, value: unknown, expected: boolean | typeof throws];

// Expected values are json-rules-engine 7.3.1's; `throws` = it rejects the run (compiled: the leaf is false).
const cases: Case[] = [
  ['equal', 'a', 'a', true],
  ['equal', '1', 1, false],
  ['equal', absent, null, false],
  ['equal', null, null, true],
  ['equal', Number.NaN, Number.NaN, false],
  ['equal', [1], [1], false],
  ['equal', 0, -0, true],
  ['notEqual', absent, 'a', true],
  ['notEqual', 'a', 'a', false],
  ['notEqual', 1, '1', true],
  ['in', 'a', ['a', 'b'], true],
  ['in', 'c', ['a', 'b'], false],
  ['in', absent, ['a'], false],
  ['in', Number.NaN, [Number.NaN], false],
  ['in', null, [null], true],
  ['in', ['a'], [['a']], false],
  ['in', 'b', 'abc', true],
  ['in', 1, 'x1', true],
  ['in', absent, 'xundefinedx', true],
  ['in', 'a', 5, throws],
  ['in', 'a', null, throws],
  ['in', 'a', absent, throws],
  ['in', 1, [1, '1'], true],
  ['in', '2', [1, 2], false],
  ['notIn', 'c', ['a'], true],
  ['notIn', 'a', ['a'], false],
  ['notIn', absent, ['a'], true],
  ['notIn', 'z', 'abc', true],
  ['notIn', Number.NaN, [Number.NaN], true],
  ['notIn', 'a', 5, throws],
  ['notIn', 'a', {}, throws],
  ['contains', ['a', 'b'], 'a', true],
  ['contains', 'abc', 'a', false],
  ['contains', absent, 'a', false],
  ['contains', [1], '1', false],
  ['contains', [null], null, true],
  ['doesNotContain', ['a'], 'b', true],
  ['doesNotContain', ['a'], 'a', false],
  ['doesNotContain', 'abc', 'z', false],
  ['doesNotContain', absent, 'a', false],
  ['lessThan', 3, 5, true],
  ['lessThan', '3', 5, true],
  ['lessThan', '12abc', 20, false],
  ['lessThan', [3], 5, true],
  ['lessThan', null, 5, false],
  ['lessThan', absent, 5, false],
  ['lessThan', '', 5, false],
  ['lessThan', true, 5, false],
  ['lessThan', 5, '10', true],
  ['lessThan', 5, 5, false],
  ['lessThan', '10', '9', true],
  ['lessThan', 3, absent, false],
  ['lessThan', 3, null, false],
  ['lessThanInclusive', 5, 5, true],
  ['lessThanInclusive', '5', 5, true],
  ['lessThanInclusive', 6, 5, false],
  ['lessThanInclusive', 'x', 5, false],
  ['greaterThan', 7, 5, true],
  ['greaterThan', '7.5', 7, true],
  ['greaterThan', '-1', 0, false],
  ['greaterThan', 'Infinity', 1, true],
  ['greaterThan', '12abc', 5, false],
  ['greaterThan', [7], 5, true],
  ['greaterThan', [7, 8], 5, false],
  ['greaterThanInclusive', 5, 5, true],
  ['greaterThanInclusive', ' 5', 5, true],
  ['greaterThanInclusive', 4, 5, false],
  ['greaterThanInclusive', {}, 0, false],
  // decorators
  ['someFact:equal', [1, 2], 2, true],
  ['someFact:equal', [1], 2, false],
  ['someFact:equal', 'ab', 'a', false],
  ['someFact:equal', absent, 1, false],
  ['someFact:equal', [], 1, false],
  ['everyFact:equal', [1, 1], 1, true],
  ['everyFact:equal', [1, 2], 1, false],
  ['everyFact:equal', [], 1, true],
  ['everyFact:equal', 'a', 'a', false],
  ['someValue:equal', 'a', ['a', 'b'], true],
  ['someValue:equal', 'c', ['a'], false],
  ['someValue:equal', 'a', 'abc', throws],
  ['someValue:equal', 'a', absent, throws],
  ['someValue:equal', 'a', [], false],
  ['everyValue:notEqual', 'c', ['a', 'b'], true],
  ['everyValue:notEqual', 'a', ['a', 'b'], false],
  ['everyValue:notEqual', 'a', [], true],
  ['everyValue:equal', 'a', 'a', throws],
  ['swap:in', ['a'], 'a', true],
  ['swap:in', absent, 'a', throws],
  ['swap:in', 'abc', 'b', true],
  ['swap:contains', 'a', ['a'], true],
  ['swap:lessThan', 10, 5, true],
  ['swap:lessThan', 10, 'x', false],
  ['not:equal', 'a', 'b', true],
  ['not:equal', 'a', 'a', false],
  ['not:in', 'a', 5, throws],
  ['not:contains', 'abc', 'a', true],
  ['not:not:equal', 'a', 'a', true],
  ['everyFact:someValue:equal', [1, 2, 1], [1, 2], true],
  ['everyFact:someValue:equal', [1, 3], [1, 2], false],
  ['everyFact:someValue:equal', 'x', [1, 2], false],
  ['someFact:not:equal', [1, 1], 1, false],
  ['someFact:not:equal', [1, 2], 1, true],
  ['not:someFact:startsWith', ['ab', 'cd'], 'c', false],
  ['not:someFact:startsWith', ['ab'], 'c', true],
  ['not:someFact:startsWith', 'ab', 'a', true],
  ['someValue:regex', 'ops-admin', ['^root$', '(?i)ADMIN'], true],
  ['someValue:regex', 'user', ['^root$', 'admin'], false],
  ['someFact:cidr', ['8.8.8.8', '10.0.0.1'], '10.0.0.0/8', true],
  ['someValue:inList', 'bob@contoso.com', ['empty', 'admins'], true],
  ['swap:startsWith', 'B2C_1A_', 'B2C_1A_signup', true],
  ['everyValue:startsWith', 'B2C_1A_x', ['B2C', 'B2C_1A'], true],
  // ours
  ['regex', 'B2C_1A_signup', '^B2C_1A_', true],
  ['regex', 'b2c_1a_x', '^B2C_1A_', false],
  ['regex', 'b2c_1a_x', '(?i)^B2C_1A_', true],
  ['regex', 42, '4', false],
  ['regex', absent, '.*', false],
  ['regex', 'a\nb', '(?s)a.b', true],
  ['regex', 'a\nb', 'a.b', false],
  ['regex', 'x\nend', '(?m)^end$', true],
  ['regex', 'x\nEND', '(?mi)^end$', true],
  ['regex', 'abc', 'b', true],
  ['regex', 'abc', 5, false],
  ['startsWith', 'B2C_1A_x', 'B2C_1A_', true],
  ['startsWith', 'x', '', true],
  ['startsWith', 5, '5', false],
  ['startsWith', absent, 'a', false],
  ['startsWith', 'abc', 5, false],
  ['startsWith', 'b2c_1a_x', 'B2C_1A_', false],
  ['endsWith', 'alice@contoso.com', '@contoso.com', true],
  ['endsWith', 'alice@contoso.com', '@CONTOSO.COM', false],
  ['endsWith', ['a'], 'a', false],
  ['cidr', '10.1.2.3', '10.0.0.0/8', true],
  ['cidr', '11.0.0.1', '10.0.0.0/8', false],
  ['cidr', '2001:db8::1', ['10.0.0.0/8', '2001:db8::/32'], true],
  ['cidr', '2001:db9::1', ['10.0.0.0/8', '2001:db8::/32'], false],
  ['cidr', '::ffff:10.1.2.3', '10.0.0.0/8', true],
  ['cidr', '1.2.3.4', '1.2.3.4', true],
  ['cidr', '1.2.3.5', '1.2.3.4', false],
  ['cidr', 'not-an-ip', '10.0.0.0/8', false],
  ['cidr', absent, '0.0.0.0/0', false],
  ['cidr', '10.1.2.3', [], false],
  ['cidr', '203.0.113.7', '0.0.0.0/0', true],
  ['cidr', 1234, '0.0.0.0/0', false],
  ['cidr', '10.1.2.3', '10.1.2.3/8', true],
  ['changed', [{ modified: [{ name: 'DisplayName', old: 'a', new: 'b' }] }], 'DisplayName', true],
  ['changed', [{ modified: [{ name: 'X', old: ['a'], new: ['a'] }] }], 'X', false],
  ['changed', [{ modified: [{ name: 'X', old: { a: 1, b: [2] }, new: { b: [2], a: 1 } }] }], 'X', false],
  ['changed', [{ modified: [{ name: 'X', old: { a: 1 }, new: { a: 1, b: 2 } }] }], 'X', true],
  ['changed', [{ modified: [{ name: 'Y', old: 1, new: 2 }] }], 'X', false],
  ['changed', [{ modified: [{ name: 'x', old: 1, new: 2 }] }], 'X', false],
  ['changed', [{ modified: [] }, { modified: [{ name: 'X', new: 2 }] }], 'X', true],
  ['changed', [{ modified: [{ name: 'X' }] }], 'X', false],
  ['changed', [{ name: 'X', old: 1, new: 2 }], 'X', true],
  ['changed', { modified: [{ name: 'X', old: 1, new: 2 }] }, 'X', true],
  ['changed', absent, 'X', false],
  ['changed', 'X', 'X', false],
  ['changed', [{ modified: [{ name: 'B', old: 1, new: 2 }] }], ['A', 'B'], true],
  ['inList', 'alice@contoso.com', 'admins', true],
  ['inList', 'ALICE@CONTOSO.COM', 'admins', true],
  ['inList', 'carol@x', 'admins', false],
  ['inList', absent, 'admins', false],
  ['inList', 5, 'admins', false],
  ['inList', ['bob@contoso.com'], 'admins', false],
  ['notInList', 'carol', 'admins', true],
  ['notInList', 'BOB@contoso.com', 'admins', false],
  ['notInList', absent, 'admins', true],
  ['notInList', 'anyone', 'empty', true],
];

async function reference(
  operator: string,
  fact: unknown,
  value: unknown,
  viaFact: boolean,
): Promise<boolean | typeof throws> {
  const leaf = { fact: 'f', operator, value: viaFact ? { fact: 'g' } : value };
  const engine = createReferenceEngine([rule({ id: 'r', match: { all: [leaf] } })], context);
  try {
    return (await engine.match(event({ f: fact, g: value }))).length === 1;
  } catch {
    return throws;
  }
}

function compiled(operator: string, fact: unknown, value: unknown, viaFact: boolean): boolean {
  const leaf = { fact: 'f', operator, value: viaFact ? { fact: 'g' } : value };
  return compileCondition({ all: [leaf] }, context)(event({ f: fact, g: value }));
}

describe('operators and decorators', () => {
  it.each(cases)('%s: fact %j, value %j → %s', async (operator, fact, value, expected) => {
    for (const viaFact of [false, true]) {
      expect({ viaFact, reference: await reference(operator, fact, value, viaFact) }).toEqual({
        viaFact,
        reference: expected,
      });
      expect({ viaFact, compiled: compiled(operator, fact, value, viaFact) }).toEqual({
        viaFact,
        compiled: expected === true,
      });
    }
  });

  it('covers every operator name and decorator', () => {
    const used = new Set(cases.flatMap(([operator]) => operator.split(':')));
    expect(operatorNames.filter((name) => !used.has(name))).toEqual([]);
    expect([...operatorNames].sort()).toEqual([
      'changed',
      'cidr',
      'contains',
      'doesNotContain',
      'endsWith',
      'equal',
      'everyFact',
      'everyValue',
      'greaterThan',
      'greaterThanInclusive',
      'in',
      'inList',
      'lessThan',
      'lessThanInclusive',
      'not',
      'notEqual',
      'notIn',
      'notInList',
      'regex',
      'someFact',
      'someValue',
      'startsWith',
      'swap',
    ]);
  });
});
