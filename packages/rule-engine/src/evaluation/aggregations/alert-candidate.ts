import type { AuditEvent } from '@b2c-alerts/audit-client';
import type { AlertCandidate, RuleDefinition } from '../../rule-set/rule-definition.js';

export interface CandidateParts {
  groupKey: string;
  groupValues: Record<string, unknown>;
  count: number;
  /** Event times, epoch ms. */
  firstTime: number;
  lastTime: number;
  eventIds: string[];
  event?: AuditEvent;
  suppressed: number;
  topValues?: Array<{ value: string; count: number }>;
  status: 'firing' | 'resolved';
}

/** An AlertCandidate of `rule`; times become ISO-8601 UTC with milliseconds. */
export function alertCandidate(rule: RuleDefinition, parts: CandidateParts): AlertCandidate {
  const candidate: AlertCandidate = {
    ruleId: rule.id,
    severity: rule.severity,
    title: rule.title,
    groupKey: parts.groupKey,
    groupValues: parts.groupValues,
    count: parts.count,
    firstTime: new Date(parts.firstTime).toISOString(),
    lastTime: new Date(parts.lastTime).toISOString(),
    eventIds: parts.eventIds,
    suppressed: parts.suppressed,
    status: parts.status,
  };
  if (parts.event !== undefined) candidate.event = parts.event;
  if (parts.topValues !== undefined) candidate.topValues = parts.topValues;
  return candidate;
}
