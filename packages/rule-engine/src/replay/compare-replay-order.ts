import type { AuditEvent } from '@b2c-alerts/audit-client';

/**
 * The order replay evaluates events in: time, then id. Ties on time are broken by id (not arrival) so
 * that where the 500-event batches split a run of equal times does not depend on the input's order;
 * any total order on ids does that (the evaluator re-sorts each batch by code point). Events equal in
 * both keep their arrival order: callers sort stably.
 */
export function compareReplayOrder(a: AuditEvent, b: AuditEvent): number {
  return a.timestamp - b.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
