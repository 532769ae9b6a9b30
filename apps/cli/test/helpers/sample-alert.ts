import type { Alert } from '@b2c-alerts/notify';

/** A firing alert of b2c.keys.policy-key-deleted, as the deliver stage carries it, with id `id`. */
export function sampleAlert(id: string): Alert {
  return {
    id,
    ruleId: 'b2c.keys.policy-key-deleted',
    title: 'Policy key deleted',
    description: 'A policy key was deleted.',
    severity: 'critical',
    status: 'firing',
    groupKey: 'b2c.keys.policy-key-deleted',
    count: 1,
    firstTime: '2026-01-12T08:00:00Z',
    lastTime: '2026-01-12T08:00:00Z',
    eventIds: ['e1'],
    suppressed: 0,
    fields: [],
    ruleSetVersion: 'v1',
  };
}
