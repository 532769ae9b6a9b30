import type { Alert } from '@b2c-alerts/notify';
import type { DeliverJobData, DeliveryChannel } from '../../src/queues/queues.js';

export const slackChannel: DeliveryChannel = { kind: 'slack', channel: '#security' };
export const emailChannel: DeliveryChannel = { kind: 'email', to: ['soc@contoso.test'] };

/** The n-th of a series of distinct policy-key alerts, one second apart; `idPrefix` keeps test files apart. */
export function sampleAlert(idPrefix: string, n: number): Alert {
  const time = new Date(Date.parse('2026-01-05T10:00:00Z') + n * 1000).toISOString();
  return {
    id: `${idPrefix}-${n}`,
    ruleId: 'test.keys.policy-key-deleted',
    title: 'Policy key deleted',
    description: 'A policy key was deleted by someone outside the key admins.',
    severity: 'critical',
    status: 'firing',
    groupKey: `test.keys.policy-key-deleted|n=${n}`,
    count: 1,
    firstTime: time,
    lastTime: time,
    eventIds: [`ev-${n}`],
    suppressed: 0,
    fields: [],
    ruleSetVersion: 'test',
  };
}

/** One deliver job of the shipped `security` route for that alert. */
export function sampleDelivery(idPrefix: string, n: number, channel: DeliveryChannel = slackChannel): DeliverJobData {
  return { alert: sampleAlert(idPrefix, n), route: 'security', channel };
}
