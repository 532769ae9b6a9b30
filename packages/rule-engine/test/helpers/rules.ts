import type { AuditEvent } from '@b2c-alerts/audit-client';
import type { RuleContext, RuleDefinition, RuleSet } from '../../src/index.js';

/**
 * A rule with test defaults for everything but its id: by default it matches every failed
 * local-account validation, alerts on each such event and notifies nobody.
 */
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
    source: { file: `${fields.id}.rule.yaml`, line: 1 },
    ...fields,
  };
}

export function ruleSet(...rules: RuleDefinition[]): RuleSet {
  return { rules, lists: {}, conditions: {}, version: 'test' };
}

/** An event from arbitrary facts: tests use odd values (numbers, arrays, null) an AuditEvent never holds. */
export function event(facts: Record<string, unknown>): AuditEvent {
  return {
    id: 'e1',
    time: '2026-01-01T00:00:00Z',
    timestamp: 0,
    activity: 'X',
    category: 'Other',
    actor: {},
    targets: [],
    details: {},
    ...facts,
  } as AuditEvent;
}

export const emptyContext: RuleContext = { lists: {}, conditions: {} };
