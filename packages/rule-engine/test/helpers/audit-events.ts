import type { AuditEvent } from '@b2c-alerts/audit-client';

/** 2026-11-01T00:00:00Z, the origin of test time. */
export const t0 = Date.UTC(2026, 10, 1);
export const minute = 60_000;
export const hour = 60 * minute;
export const day = 24 * hour;

/** Test time `n` minutes after t0. */
export function at(minutes: number): number {
  return t0 + minutes * minute;
}

export interface EventSpec {
  id: string;
  time: number;
  activity?: string;
  actor?: string;
  target?: string;
  ip?: string;
  policyId?: string;
  result?: string;
}

/** A normalized B2C event built by hand (normalize() is another helper's concern). */
export function auditEvent(spec: EventSpec): AuditEvent {
  const details: Record<string, string> = {};
  if (spec.ip !== undefined) details.ClientIpAddress = spec.ip;
  if (spec.policyId !== undefined) details.PolicyId = spec.policyId;
  const event: AuditEvent = {
    id: spec.id,
    time: new Date(spec.time).toISOString(),
    timestamp: spec.time,
    activity: spec.activity ?? 'Validate local account credentials',
    category: 'Authentication',
    result: spec.result ?? 'failure',
    service: 'B2C',
    actor: spec.actor === undefined ? {} : { type: 'user', upn: spec.actor, name: spec.actor },
    targets: spec.target === undefined ? [] : [{ id: spec.target, type: 'User', modified: [] }],
    details,
    tenant: 'contosob2c.onmicrosoft.com',
  };
  if (spec.target !== undefined) event.target = { id: spec.target, type: 'User' };
  if (spec.ip !== undefined) event.ip = spec.ip;
  return event;
}
