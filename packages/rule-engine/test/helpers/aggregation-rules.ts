import type { RuleDefinition, RuleSet } from '../../src/index.js';

/** A rule with test defaults: matches every failed local-account validation. */
export function rule(fields: Partial<RuleDefinition> & Pick<RuleDefinition, 'id'>): RuleDefinition {
  return {
    title: `Rule ${fields.id}`,
    description: 'test rule',
    severity: 'high',
    enabled: true,
    tags: [],
    references: [],
    match: {
      all: [
        { fact: 'activity', operator: 'equal', value: 'Validate local account credentials' },
        { fact: 'result', operator: 'equal', value: 'failure' },
      ],
    },
    notify: [],
    fields: [],
    source: { file: 'inline.rule.yaml', line: 1 },
    ...fields,
  };
}

export function ruleSet(...rules: RuleDefinition[]): RuleSet {
  return { rules, lists: {}, conditions: {}, version: 'test' };
}
