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
  /** spike: the window the current one was compared with (times epoch ms). */
  previous?: { count: number; firstTime: number; lastTime: number };
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
  if (parts.previous !== undefined) {
    const { count, firstTime, lastTime } = parts.previous;
    candidate.previous = {
      count,
      firstTime: new Date(firstTime).toISOString(),
      lastTime: new Date(lastTime).toISOString(),
    };
  }
  return candidate;
}
