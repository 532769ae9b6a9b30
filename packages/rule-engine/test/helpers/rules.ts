import type { AuditEvent } from '@b2c-alerts/audit-client';
import type { RuleContext, RuleDefinition, TopLevelCondition } from '../../src/index.js';

/** A rule with defaults for everything but its id and match. */
export function rule(id: string, match: TopLevelCondition, extra: Partial<RuleDefinition> = {}): RuleDefinition {
  return {
    id, title: id, description: id, severity: 'low', enabled: true, tags: [], references: [], match,
    notify: [], fields: [], source: { file: `${id}.rule.yaml`, line: 1 }, ...extra,
  };
}

/** An event from arbitrary facts: tests use odd values (numbers, arrays, null) an AuditEvent never holds. */
export function event(facts: Record<string, unknown>): AuditEvent {
  return { id: 'e1', time: '2026-01-01T00:00:00Z', timestamp: 0, activity: 'X', category: 'Other', actor: {}, targets: [], details: {}, ...facts } as AuditEvent;
}

export const emptyContext: RuleContext = { lists: {}, conditions: {} };
