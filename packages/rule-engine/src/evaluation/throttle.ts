import type { AuditEvent } from '@b2c-alerts/audit-client';
import { groupKey } from './group-key.js';
import type { RuleDefinition } from '../rule-set/rule-definition.js';
import type { ThrottleRecord } from '../state/state-store.js';

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
 * The suppressed count is kept until the key's next alert, or until the key is idle for forgetAfterMs.
 */
export function throttleFor(
  rule: RuleDefinition,
  event: AuditEvent,
  options: { latenessMs: number; forgetAfterMs: number },
): ThrottleRecord | undefined {
  if (rule.throttle === undefined) return undefined;
  const forMs = rule.throttle.forMs;
  // The suppressed count must wait for the key's next alert, however late that comes: keep the key's
  // state (a counter and a few alert times) as long as first-seen values, not just forMs.
  const ttlMs = Math.max(forMs + options.latenessMs, options.forgetAfterMs);
  return { key: groupKey(rule.id, rule.throttle.key, event).key, forMs, latenessMs: options.latenessMs, ttlMs };
}
