import type { AuditEvent } from '@b2c-alerts/audit-client';
import { anyChosen } from './fact-choice.js';
import { groupKey } from './group-key.js';
import type { RuleDefinition } from '../rule-set/rule-definition.js';
import type { ThrottleRecord } from '../state/state-store.js';

/**
 * How much longer than its period and the lateness a throttle key's state is kept (wall clock in Redis,
 * event time in memory): slack for a poll delay or a short outage between two events of the key.
 */
export const throttleTtlMarginMs = 60 * 60_000;

/**
 * The throttle of `rule` for the alert `event` raises, or undefined when the rule has none.
 *
 * Semantics, in event time: one alert per rule and throttle key (the `throttle.key` facts of the event,
 * see `groupKey`) per `forMs`. An alert at time t is raised unless the key already alerted at some T
 * with |t - T| < forMs; otherwise it is suppressed and counted, and the next alert of the key carries
 * that count (`AlertCandidate.suppressed`). In-order input gives "one alert, then silence for forMs";
 * the symmetric test keeps alerts forMs apart when events arrive out of order. For an aggregate rule
 * the throttle applies to the aggregate's alerts (at the time of the window end), on top of the
 * aggregate's own re-arming. Absence alerts are not throttled (they fire once per silence anyway).
 * The suppressed count is kept until the key's next alert, or until the key is idle for its TTL.
 * An event none of whose key entries has a value has no key: undefined, its alert is not throttled
 * (counted as skipped for `throttle.key`, see skip-reason.ts). So callers size claim retention by
 * `rule.throttle`, never by this record, or one keyless event would shorten every claim of the rule.
 */
export function throttleFor(
  rule: RuleDefinition,
  event: AuditEvent,
  options: { latenessMs: number },
): ThrottleRecord | undefined {
  if (rule.throttle === undefined) return undefined;
  if (rule.throttle.key.length > 0 && !anyChosen(rule.throttle.key, event)) return undefined;
  const forMs = rule.throttle.forMs;
  // The key's state matters while an alert (arriving up to latenessMs late) can still fall within forMs
  // of its last one: keep it that long plus a margin, so a flood of unique keys leaves Redis with the
  // throttle's own period. A suppressed count older than that is dropped rather than carried.
  const ttlMs = forMs + options.latenessMs + throttleTtlMarginMs;
  return { key: groupKey(rule.id, rule.throttle.key, event).key, forMs, latenessMs: options.latenessMs, ttlMs };
}
