import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRuleSet } from '../../src/rule-set/load-rule-set.js';
import { formatProblem, type RuleProblem } from '../../src/parsing/rule-problem.js';
import { RuleEngineError } from '../../src/errors/rule-engine-error.js';
import { makeRuleDir } from '../helpers/rule-dir.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((remove) => remove()));
});

async function load(files: Record<string, string>, routes?: readonly string[]) {
  const { dir, remove } = await makeRuleDir(files);
  cleanups.push(remove);
  const result = await loadRuleSet(dir, routes ? { routes } : {});
  const rel = (p: RuleProblem) => ({ ...p, file: p.file.slice(dir.length + 1) });
  return { dir, ...result, problems: result.problems.map(rel) };
}

describe('loadRuleSet on a valid set', () => {
  const files = {
    'b2c/keys/policy-key-deleted.rule.yaml': [
      '# yaml-language-server: $schema=../../rule.schema.json',
      'id: b2c.keys.policy-key-deleted',
      'title: Policy key deleted',
      'severity: critical',
      'description: A B2C policy key was deleted.',
      'runbook: https://internal.example/runbooks/b2c-policy-keys',
      'tags: [keys]',
      'match:',
      '  all:',
      '    - { fact: activity, operator: in, value: [Delete policy key, Restore policy key] }',
      '    - { fact: actor.upn, operator: notInList, value: key-admins }',
      '    - { condition: by-user }',
      'throttle: { key: [actor.name, target.id], for: 1h }',
      'notify: [security, oncall]',
      'fields: [actor.upn, target.displayName]',
      '',
    ].join('\n'),
    'b2c/spray.rule.json': JSON.stringify(
      {
        $schema: '../rule.schema.json',
        id: 'b2c.signin.password-spray',
        title: 'Password spray',
        description: 'Many users failed from one IP.',
        severity: 'high',
        enabled: false,
        match: { any: [{ fact: 'activity', operator: 'equal', value: 'Validate local account credentials' }] },
        aggregate: { kind: 'distinct', groupBy: 'ip', window: '1h30m', threshold: 20, field: 'target.upn' },
      },
      null,
      2,
    ),
    'b2c/new-app.rule.yml': [
      'id: b2c.apps.first-seen-app',
      'title: New app',
      'description: An app not seen before.',
      'severity: low',
      'match: { not: { fact: details.ApplicationId, operator: equal, value: null } }',
      'aggregate: { kind: first-seen, groupBy: [details.ApplicationId], learning: 7d }',
      '',
    ].join('\n'),
    'lists/key-admins.yaml': '# Add the UPNs of the key administrators, one per line:\n# - alice@contoso.com\n',
    'lists/ips.yml': 'description: Office egress\nvalues: [10.0.0.1, 10.0.0.2]\n',
    'conditions/by-user.yaml': 'all:\n  - { fact: actor.type, operator: equal, value: user }\n',
    'routes.yaml': 'not read by the loader: [\n',
    'b2c/keys/policy-key-deleted.tests.yaml': 'not a rule: [\n',
  };

  it('loads every rule with durations in ms, fact lists as arrays, defaults and source lines', async () => {
    const { dir, ruleSet, problems } = await load(files, ['security', 'oncall']);
    expect(problems).toEqual([]);
    expect(ruleSet).toBeDefined();
    // In file path order: b2c/keys/…, b2c/new-app…, b2c/spray…
    expect(ruleSet!.rules.map((r) => r.id)).toEqual([
      'b2c.keys.policy-key-deleted',
      'b2c.apps.first-seen-app',
      'b2c.signin.password-spray',
    ]);
    const [key, app, spray] = ruleSet!.rules;
    expect(key).toEqual({
      id: 'b2c.keys.policy-key-deleted',
      title: 'Policy key deleted',
      description: 'A B2C policy key was deleted.',
      severity: 'critical',
      enabled: true,
      tags: ['keys'],
      references: [],
      runbook: 'https://internal.example/runbooks/b2c-policy-keys',
      match: {
        all: [
          { fact: 'activity', operator: 'in', value: ['Delete policy key', 'Restore policy key'] },
          { fact: 'actor.upn', operator: 'notInList', value: 'key-admins' },
          { condition: 'by-user' },
        ],
      },
      throttle: { key: ['actor.name', 'target.id'], forMs: 3_600_000 },
      notify: ['security', 'oncall'],
      fields: ['actor.upn', 'target.displayName'],
      source: { file: join(dir, 'b2c/keys/policy-key-deleted.rule.yaml'), line: 2 },
    });
    expect(spray).toMatchObject({
      enabled: false,
      notify: ['security'],
      fields: [],
      tags: [],
      aggregate: { kind: 'distinct', groupBy: ['ip'], windowMs: 5_400_000, threshold: 20, field: 'target.upn' },
      source: { file: join(dir, 'b2c/spray.rule.json'), line: 3 },
    });
    expect(spray!.throttle).toBeUndefined();
    expect(app!.aggregate).toEqual({
      kind: 'first-seen',
      groupBy: ['details.ApplicationId'],
      learningMs: 7 * 86_400_000,
    });
    expect(ruleSet!.lists).toEqual({ 'key-admins': [], ips: ['10.0.0.1', '10.0.0.2'] });
    expect(ruleSet!.conditions).toEqual({
      'by-user': { all: [{ fact: 'actor.type', operator: 'equal', value: 'user' }] },
    });
    expect(ruleSet!.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it('reads a duration as 90m, 1h30m or 1.5h alike', async () => {
    const window = (text: string) =>
      [
        'id: b2c.test.window',
        'title: t',
        'description: d',
        'severity: low',
        'match: { all: [{ fact: activity, operator: equal, value: x }] }',
        `aggregate: { kind: count, window: ${text}, threshold: 5 }`,
        '',
      ].join('\n');
    for (const text of ['90m', '1h30m', '1.5h']) {
      const { ruleSet, problems } = await load({ 'w.rule.yaml': window(text) });
      expect(problems).toEqual([]);
      expect(ruleSet!.rules[0]!.aggregate).toMatchObject({ kind: 'count', windowMs: 5_400_000 });
    }
  });

  it('gives the same version for the same files in another directory, a new one when a file changes', async () => {
    const a = await load(files);
    const b = await load(files);
    const c = await load({ ...files, 'lists/ips.yml': 'values: [10.0.0.1]\n' });
    expect(a.ruleSet!.version).toBe(b.ruleSet!.version);
    expect(c.ruleSet!.version).not.toBe(a.ruleSet!.version);
  });

  it('skips the route check when no routes are given', async () => {
    const { ruleSet, problems } = await load(files);
    expect(problems).toEqual([]);
    expect(ruleSet!.rules).toHaveLength(3);
  });

  it('loads an empty directory as an empty set', async () => {
    const { ruleSet, problems } = await load({});
    expect(problems).toEqual([]);
    expect(ruleSet!.rules).toEqual([]);
  });

  it('throws a RuleEngineError naming the directory when it cannot be read', async () => {
    const missing = join('/nonexistent', `rules-${process.pid}`);
    await expect(loadRuleSet(missing)).rejects.toThrow(RuleEngineError);
    await expect(loadRuleSet(missing)).rejects.toMatchObject({
      code: 'RE_ERR_RULES_DIR_UNREADABLE',
      message: expect.stringContaining(missing),
    });
  });
});

/** A rule file whose lines are numbered as in the comments, so positions in the cases read easily. */
const head = [
  'id: b2c.test.rule', //                        line 1
  'title: Test rule', //                         line 2
  'description: A test rule.', //                line 3
  'severity: high', //                           line 4
];
const rule = (...lines: string[]) => [...head, ...lines, ''].join('\n');
const leaf = (text: string) => rule('match:', '  all:', `    - ${text}`); // the leaf is on line 7, text at column 7
const okMatch = ['match:', '  all:', '    - { fact: activity, operator: equal, value: x }']; // lines 5-7

interface Case {
  name: string;
  files: Record<string, string>;
  routes?: string[];
  /** Every problem expected: file, line, column and fragments of the message. */
  expect: Array<{ file: string; line: number; column: number; message: string[] }>;
}

const cases: Case[] = [
  {
    name: 'YAML syntax: unclosed flow sequence',
    files: { 'a.rule.yaml': rule('tags: [a, b', ...okMatch) },
    expect: [{ file: 'a.rule.yaml', line: 6, column: 1, message: ['YAML syntax error', 'end with a ]'] }],
  },
  {
    name: 'YAML syntax: duplicate key',
    files: { 'a.rule.yaml': rule(...okMatch, 'severity: low') },
    expect: [{ file: 'a.rule.yaml', line: 8, column: 1, message: ['YAML syntax error', 'Map keys must be unique'] }],
  },
  {
    name: 'YAML syntax: unterminated quote',
    files: { 'a.rule.yaml': rule(...okMatch, 'runbook: "see the wiki') },
    expect: [{ file: 'a.rule.yaml', line: 9, column: 1, message: ['YAML syntax error', 'Missing closing "quote'] }],
  },
  {
    name: 'JSON syntax: trailing comma (valid YAML, invalid JSON)',
    files: { 'a.rule.json': '{\n  "id": "b2c.test.rule",\n  "title": "t",\n}\n' },
    expect: [
      {
        file: 'a.rule.json',
        line: 4,
        column: 1,
        message: ['JSON syntax error', 'Expected double-quoted property name'],
      },
    ],
  },
  {
    name: 'empty rule file',
    files: { 'a.rule.yaml': '# nothing yet\n' },
    expect: [
      {
        file: 'a.rule.yaml',
        line: 1,
        column: 1,
        message: ['the file is empty', 'id, title, description, severity and match'],
      },
    ],
  },
  {
    name: 'a list instead of a rule',
    files: { 'a.rule.yaml': '- id: b2c.test.rule\n' },
    expect: [{ file: 'a.rule.yaml', line: 1, column: 1, message: ['a rule file holds one rule', 'got a list'] }],
  },
  {
    name: 'wrong type: tags is a string',
    files: { 'a.rule.yaml': rule('tags: keys', ...okMatch) },
    expect: [{ file: 'a.rule.yaml', line: 5, column: 7, message: ["'tags' must be a list", "got a string ('keys')"] }],
  },
  {
    name: 'wrong type: enabled is not a boolean',
    files: { 'a.rule.yaml': rule('enabled: "yes"', ...okMatch) },
    expect: [{ file: 'a.rule.yaml', line: 5, column: 10, message: ["'enabled' must be true or false"] }],
  },
  {
    name: 'wrong value: severity with a typo',
    files: { 'a.rule.yaml': rule(...okMatch).replace('severity: high', 'severity: hihg') },
    expect: [
      {
        file: 'a.rule.yaml',
        line: 4,
        column: 11,
        message: ["'severity' must be one of info, low, medium, high, critical", "did you mean 'high'?"],
      },
    ],
  },
  {
    name: 'missing required field',
    files: { 'a.rule.yaml': rule(...okMatch).replace('title: Test rule\n', '') },
    expect: [{ file: 'a.rule.yaml', line: 1, column: 1, message: ["missing required field 'title'"] }],
  },
  {
    name: 'unknown top-level key with a typo',
    files: { 'a.rule.yaml': rule(...okMatch, 'severty: low') },
    expect: [
      { file: 'a.rule.yaml', line: 8, column: 1, message: ["unknown field 'severty'", "did you mean 'severity'?"] },
    ],
  },
  {
    name: 'unknown top-level key without a near name lists the allowed ones',
    files: { 'a.rule.yaml': rule(...okMatch, 'owner: soc') },
    expect: [
      { file: 'a.rule.yaml', line: 8, column: 1, message: ["unknown field 'owner'", 'allowed: $schema, id, title'] },
    ],
  },
  {
    name: 'id not in dotted lowercase',
    files: { 'a.rule.yaml': rule(...okMatch).replace('id: b2c.test.rule', 'id: B2C Test Rule') },
    expect: [
      { file: 'a.rule.yaml', line: 1, column: 5, message: ['id must be dotted lowercase', "got 'B2C Test Rule'"] },
    ],
  },
  {
    name: 'duplicate ids name both files',
    files: { 'a.rule.yaml': rule(...okMatch), 'sub/b.rule.yaml': rule(...okMatch) },
    expect: [
      { file: 'a.rule.yaml', line: 1, column: 5, message: ["duplicate id 'b2c.test.rule'", 'sub/b.rule.yaml:1:5'] },
      { file: 'sub/b.rule.yaml', line: 1, column: 5, message: ["duplicate id 'b2c.test.rule'", 'a.rule.yaml:1:5'] },
    ],
  },
  {
    name: 'bad duration: unknown unit',
    files: { 'a.rule.yaml': rule(...okMatch, 'throttle: { key: actor.upn, for: 10x }') },
    expect: [
      { file: 'a.rule.yaml', line: 8, column: 34, message: ["'10x' has an unknown unit: use ms, s, m, h, d or w"] },
    ],
  },
  {
    name: 'bad duration: zero',
    files: { 'a.rule.yaml': rule(...okMatch, 'aggregate: { kind: count, window: 0m, threshold: 5 }') },
    expect: [{ file: 'a.rule.yaml', line: 8, column: 35, message: ["'0m' must be longer than zero"] }],
  },
  {
    name: 'bad duration: a bare number',
    files: { 'a.rule.yaml': rule(...okMatch, 'throttle:', '  for: 0') },
    expect: [{ file: 'a.rule.yaml', line: 9, column: 8, message: ["'0' has no unit", '10m'] }],
  },
  {
    name: 'bad duration: a bare number says which unit to write',
    files: { 'a.rule.yaml': rule(...okMatch, 'aggregate: { kind: count, window: 60, threshold: 5 }') },
    expect: [{ file: 'a.rule.yaml', line: 8, column: 35, message: ["'60' has no unit: write 60s"] }],
  },
  {
    name: 'bad duration: negative',
    files: { 'a.rule.yaml': rule(...okMatch, 'aggregate: { kind: absence, window: -5m }') },
    expect: [{ file: 'a.rule.yaml', line: 8, column: 37, message: ["'-5m' cannot be negative"] }],
  },
  {
    name: 'empty all',
    files: { 'a.rule.yaml': rule('match:', '  all: []') },
    expect: [{ file: 'a.rule.yaml', line: 6, column: 8, message: ["empty 'all'", 'at least one condition'] }],
  },
  {
    name: 'empty any nested in all',
    files: { 'a.rule.yaml': leaf('any: []') },
    expect: [{ file: 'a.rule.yaml', line: 7, column: 12, message: ["empty 'any'"] }],
  },
  {
    name: 'unknown fact with a suggestion',
    files: { 'a.rule.yaml': leaf('{ fact: actor.upm, operator: equal, value: x }') },
    expect: [
      { file: 'a.rule.yaml', line: 7, column: 15, message: ["unknown fact 'actor.upm'", "did you mean 'actor.upn'?"] },
    ],
  },
  {
    name: 'unknown fact: a details key with a typo in details',
    files: { 'a.rule.yaml': leaf('{ fact: detail.PolicyId, operator: equal, value: x }') },
    expect: [
      {
        file: 'a.rule.yaml',
        line: 7,
        column: 15,
        message: ["unknown fact 'detail.PolicyId'", "did you mean 'details.PolicyId'?"],
      },
    ],
  },
  {
    name: 'unknown fact in aggregate groupBy',
    files: {
      'a.rule.yaml': rule(
        ...okMatch,
        'aggregate: { kind: count, groupBy: [ip, target.upm], window: 10m, threshold: 5 }',
      ),
    },
    expect: [
      {
        file: 'a.rule.yaml',
        line: 8,
        column: 41,
        message: ["unknown fact 'target.upm'", "did you mean 'target.upn'?"],
      },
    ],
  },
  {
    name: 'unknown fact in throttle key and in fields',
    files: { 'a.rule.yaml': rule(...okMatch, 'throttle: { key: actr.name, for: 1h }', 'fields: [activity, tenantId]') },
    expect: [
      { file: 'a.rule.yaml', line: 8, column: 18, message: ["unknown fact 'actr.name'", "did you mean 'actor.name'?"] },
      { file: 'a.rule.yaml', line: 9, column: 20, message: ["unknown fact 'tenantId'", "did you mean 'tenant'?"] },
    ],
  },
  {
    name: 'unknown fact in a fact-reference value',
    files: { 'a.rule.yaml': leaf('{ fact: actor.upn, operator: equal, value: { fact: target.upm } }') },
    expect: [
      {
        file: 'a.rule.yaml',
        line: 7,
        column: 58,
        message: ["unknown fact 'target.upm'", "did you mean 'target.upn'?"],
      },
    ],
  },
  {
    name: 'unknown operator',
    files: { 'a.rule.yaml': leaf('{ fact: activity, operator: equals, value: x }') },
    expect: [
      { file: 'a.rule.yaml', line: 7, column: 35, message: ["unknown operator 'equals'", "did you mean 'equal'?"] },
    ],
  },
  {
    name: 'unknown decorator, checked part by part',
    files: { 'a.rule.yaml': leaf('{ fact: targets, operator: "everyFakt:in", value: [a] }') },
    expect: [
      {
        file: 'a.rule.yaml',
        line: 7,
        column: 34,
        message: ["unknown operator decorator 'everyFakt'", "in 'everyFakt:in'", "did you mean 'everyFact'?"],
      },
    ],
  },
  {
    name: 'unknown operator after a valid decorator',
    files: { 'a.rule.yaml': leaf('{ fact: targets, operator: "someFact:startWith", value: a }') },
    expect: [
      {
        file: 'a.rule.yaml',
        line: 7,
        column: 34,
        message: ["unknown operator 'startWith'", "did you mean 'startsWith'?"],
      },
    ],
  },
  {
    name: 'a decorator without an operator',
    files: { 'a.rule.yaml': leaf('{ fact: activity, operator: not, value: x }') },
    expect: [{ file: 'a.rule.yaml', line: 7, column: 35, message: ["'not' is a decorator", 'not:equal'] }],
  },
  {
    name: 'unknown list with a suggestion',
    files: {
      'a.rule.yaml': leaf('{ fact: actor.upn, operator: notInList, value: key-admin }'),
      'lists/key-admins.yaml': '[]\n',
    },
    expect: [
      { file: 'a.rule.yaml', line: 7, column: 54, message: ["unknown list 'key-admin'", "did you mean 'key-admins'?"] },
    ],
  },
  {
    name: 'unknown list when there are none',
    files: { 'a.rule.yaml': leaf('{ fact: actor.upn, operator: inList, value: admins }') },
    expect: [
      { file: 'a.rule.yaml', line: 7, column: 51, message: ["unknown list 'admins'", 'lists/<name>.yaml', 'none yet'] },
    ],
  },
  {
    name: 'inList with a list of values instead of a list name',
    files: { 'a.rule.yaml': leaf('{ fact: actor.upn, operator: inList, value: [a, b] }') },
    expect: [
      { file: 'a.rule.yaml', line: 7, column: 51, message: ["'inList' takes the name of a list", 'got a list'] },
    ],
  },
  {
    name: 'unknown condition reference',
    files: {
      'a.rule.yaml': leaf('{ condition: by-usr }'),
      'conditions/by-user.yaml': 'all: [{ fact: actor.type, operator: equal, value: user }]\n',
    },
    expect: [
      { file: 'a.rule.yaml', line: 7, column: 20, message: ["unknown condition 'by-usr'", "did you mean 'by-user'?"] },
    ],
  },
  {
    name: 'shared conditions that refer to each other',
    files: {
      'conditions/a.yaml': 'not: { condition: b }\n',
      'conditions/b.yaml': 'any:\n  - { condition: a }\n',
    },
    expect: [
      { file: 'conditions/b.yaml', line: 2, column: 18, message: ["condition 'a' refers back to itself", 'a → b → a'] },
    ],
  },
  {
    name: 'unknown route',
    routes: ['security', 'oncall'],
    files: { 'a.rule.yaml': rule(...okMatch, 'notify: [security, on-cal]') },
    expect: [
      { file: 'a.rule.yaml', line: 8, column: 20, message: ["unknown route 'on-cal'", "did you mean 'oncall'?"] },
    ],
  },
  {
    name: 'the default route when routes do not define it',
    routes: ['soc'],
    files: { 'a.rule.yaml': rule(...okMatch) },
    expect: [
      {
        file: 'a.rule.yaml',
        line: 1,
        column: 1,
        message: ["default route 'security', which is not defined", 'notify: [soc]'],
      },
    ],
  },
  {
    name: 'distinct aggregate without field',
    files: { 'a.rule.yaml': rule(...okMatch, 'aggregate:', '  kind: distinct', '  window: 1h', '  threshold: 10') },
    expect: [
      {
        file: 'a.rule.yaml',
        line: 9,
        column: 3,
        message: ["missing required field 'field' in a distinct aggregate", 'distinct values'],
      },
    ],
  },
  {
    name: 'threshold on a first-seen aggregate',
    files: {
      'a.rule.yaml': rule(
        ...okMatch,
        'aggregate: { kind: first-seen, groupBy: actor.upn, learning: 7d, threshold: 1 }',
      ),
    },
    expect: [
      {
        file: 'a.rule.yaml',
        line: 8,
        column: 66,
        message: ["unknown field 'threshold' in a first-seen aggregate", 'allowed: kind, groupBy, learning'],
      },
    ],
  },
  {
    name: 'unknown aggregate kind',
    files: { 'a.rule.yaml': rule(...okMatch, 'aggregate: { kind: cnt, window: 1h, threshold: 3 }') },
    expect: [
      {
        file: 'a.rule.yaml',
        line: 8,
        column: 20,
        message: [
          "'aggregate.kind' must be one of count, distinct, first-seen, absence, spike, sequence",
          "did you mean 'count'?",
        ],
      },
    ],
  },
  {
    name: 'threshold below 1 and not a whole number',
    files: {
      'a.rule.yaml': rule(...okMatch, 'aggregate: { kind: count, window: 1h, threshold: 0 }'),
      'b.rule.yaml': rule(...okMatch, 'aggregate: { kind: count, window: 1h, threshold: 2.5 }').replace(
        'b2c.test.rule',
        'b2c.test.other',
      ),
    },
    expect: [
      {
        file: 'a.rule.yaml',
        line: 8,
        column: 50,
        message: ["'aggregate.threshold' must be at least 1", 'got a number (0)'],
      },
      {
        file: 'b.rule.yaml',
        line: 8,
        column: 50,
        message: ["'aggregate.threshold' must be a whole number", 'got a number (2.5)'],
      },
    ],
  },
  {
    name: 'changed with a non-string value',
    files: { 'a.rule.yaml': leaf('{ fact: targets, operator: changed, value: 42 }') },
    expect: [
      {
        file: 'a.rule.yaml',
        line: 7,
        column: 50,
        message: ["'changed' takes the name of a modified property", 'got a number (42)'],
      },
    ],
  },
  {
    name: 'regex with an invalid pattern',
    files: { 'a.rule.yaml': leaf('{ fact: actor.upn, operator: regex, value: "^(admin|root@" }') },
    expect: [
      {
        file: 'a.rule.yaml',
        line: 7,
        column: 50,
        message: ["regex '^(admin|root@' is not valid RE2 syntax", 'missing closing )'],
      },
    ],
  },
  {
    name: 'cidr with an invalid block in a list',
    files: { 'a.rule.yaml': leaf('{ fact: ip, operator: cidr, value: [10.0.0.0/8, 10.0.0.0/33] }') },
    expect: [{ file: 'a.rule.yaml', line: 7, column: 55, message: ['10.0.0.0/33'] }],
  },
  {
    name: "'in' with one string instead of a list",
    files: { 'a.rule.yaml': leaf('{ fact: activity, operator: in, value: Delete policy key }') },
    expect: [{ file: 'a.rule.yaml', line: 7, column: 46, message: ["'in' takes a list of values", "use 'equal'"] }],
  },
  {
    name: 'a leaf directly under match',
    files: { 'a.rule.yaml': rule('match: { fact: activity, operator: equal, value: x }') },
    expect: [
      {
        file: 'a.rule.yaml',
        line: 5,
        column: 8,
        message: ['a top-level condition has one of: all, any, not or condition', 'inside all: [...]'],
      },
    ],
  },
  {
    name: 'a typo in a condition key',
    files: { 'a.rule.yaml': rule('match:', '  al:', '    - { fact: activity, operator: equal, value: x }') },
    expect: [{ file: 'a.rule.yaml', line: 6, column: 3, message: ["unknown field 'al'", "did you mean 'all'?"] }],
  },
  {
    name: 'a leaf without value',
    files: { 'a.rule.yaml': leaf('{ fact: activity, operator: equal }') },
    expect: [
      { file: 'a.rule.yaml', line: 7, column: 7, message: ["missing required field 'value' in a leaf condition"] },
    ],
  },
  {
    name: 'an unsupported JSONPath',
    files: { 'a.rule.yaml': leaf('{ fact: targets, path: "$..name", operator: equal, value: x }') },
    expect: [
      { file: 'a.rule.yaml', line: 7, column: 30, message: ["unsupported path '$..name'", '$.modified[0].name'] },
    ],
  },
  {
    name: 'a list file with a number',
    files: {
      'a.rule.yaml': leaf('{ fact: actor.appId, operator: inList, value: apps }'),
      'lists/apps.yaml': '- abc\n- 12345\n',
    },
    expect: [
      { file: 'lists/apps.yaml', line: 2, column: 3, message: ["'[1]' must be a string", 'got a number (12345)'] },
    ],
  },
  {
    name: 'JSON rule file: unknown fact with a position',
    files: {
      'a.rule.json': JSON.stringify(
        {
          id: 'b2c.test.json',
          title: 't',
          description: 'd',
          severity: 'low',
          match: { all: [{ fact: 'actor.upm', operator: 'equal', value: 'x' }] },
        },
        null,
        2,
      ),
    },
    expect: [
      { file: 'a.rule.json', line: 9, column: 17, message: ["unknown fact 'actor.upm'", "did you mean 'actor.upn'?"] },
    ],
  },
  {
    name: 'positions survive a byte-order mark and CRLF line endings',
    files: {
      'a.rule.yaml': `\uFEFF${leaf('{ fact: actor.upm, operator: equal, value: x }').replaceAll('\n', '\r\n')}`,
    },
    expect: [{ file: 'a.rule.yaml', line: 7, column: 15, message: ["unknown fact 'actor.upm'"] }],
  },
  {
    name: "'not' given a list",
    files: { 'a.rule.yaml': rule('match:', '  not:', '    - { fact: activity, operator: equal, value: x }') },
    expect: [
      { file: 'a.rule.yaml', line: 7, column: 5, message: ['a condition has one of: all, any, not', 'got a list'] },
    ],
  },
  {
    name: 'the same list name twice',
    files: { 'lists/admins.yaml': '[a]\n', 'lists/admins.yml': '[b]\n' },
    expect: [
      {
        file: 'lists/admins.yml',
        line: 1,
        column: 1,
        message: ["list 'admins' is also defined in", 'lists/admins.yaml'],
      },
    ],
  },
  {
    name: 'a typo in a list file mapping',
    files: { 'lists/admins.yaml': 'description: Key admins\nvalue: [a]\n' },
    expect: [
      { file: 'lists/admins.yaml', line: 2, column: 1, message: ["unknown field 'value'", "did you mean 'values'?"] },
    ],
  },
  {
    name: 'an empty shared condition file',
    files: { 'conditions/by-user.yaml': '\n' },
    expect: [
      {
        file: 'conditions/by-user.yaml',
        line: 1,
        column: 1,
        message: ['the file is empty', 'all, any, not or condition'],
      },
    ],
  },
];

describe('loadRuleSet on malformed rule sets', () => {
  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('$name', async ({ files, routes, expect: expected }) => {
    const { ruleSet, problems } = await load(files, routes);
    expect(ruleSet).toBeUndefined();
    expect(problems.map((p) => `${p.file}:${p.line}:${p.column}`)).toEqual(
      expected.map((e) => `${e.file}:${e.line}:${e.column}`),
    );
    problems.forEach((problem, i) => {
      for (const fragment of expected[i]!.message) expect(problem.message, formatProblem(problem)).toContain(fragment);
    });
  });
});

describe('loadRuleSet with files it cannot read', () => {
  it('reports a dangling symbolic link as a problem of that file and still checks the others', async () => {
    const { dir, remove } = await makeRuleDir({ 'b.rule.yaml': rule('severty: low', ...okMatch) });
    cleanups.push(remove);
    await symlink(join(dir, 'gone.yaml'), join(dir, 'a.rule.yaml'));
    const { ruleSet, problems } = await loadRuleSet(dir);
    expect(ruleSet).toBeUndefined();
    expect(problems.map(formatProblem)).toEqual([
      `${join(dir, 'a.rule.yaml')}:1:1: cannot read the file (ENOENT)`,
      `${join(dir, 'b.rule.yaml')}:5:1: unknown field 'severty' in a rule; did you mean 'severity'?`,
    ]);
  });
});

describe('loadRuleSet with good and bad rules together', () => {
  it('rejects the whole set and lists every problem of every file', async () => {
    const { ruleSet, problems } = await load({
      'a-good.rule.yaml': rule(...okMatch),
      'b-bad.rule.yaml': rule(...okMatch, 'severty: low').replace('b2c.test.rule', 'b2c.test.bad'),
      'c-worse.rule.yaml': [
        'id: b2c.test.worse',
        'title: Worse',
        'description: d',
        'severity: urgent',
        'match: { all: [{ fact: actor.upm, operator: equals, value: x }, { any: [] }] }',
        'throttle: { for: 1y }',
        '',
      ].join('\n'),
      'd-broken.rule.yaml': 'id: [\n',
    });
    expect(ruleSet).toBeUndefined();
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^b-bad\.rule\.yaml:8:1: unknown field 'severty'/),
      expect.stringMatching(/^c-worse\.rule\.yaml:4:11: 'severity' must be one of/),
      expect.stringMatching(/^c-worse\.rule\.yaml:5:24: unknown fact 'actor\.upm'/),
      expect.stringMatching(/^c-worse\.rule\.yaml:5:45: unknown operator 'equals'/),
      expect.stringMatching(/^c-worse\.rule\.yaml:5:72: empty 'any'/),
      expect.stringMatching(/^c-worse\.rule\.yaml:6:18: '1y' has an unknown unit/),
      expect.stringMatching(/^d-broken\.rule\.yaml:\d+:\d+: YAML syntax error/),
    ]);
  });
});
