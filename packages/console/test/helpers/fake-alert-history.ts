import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import type { AlertHistory, AlertRecordJson } from '@b2c-alerts/console';
import { tenant } from './browser-archive.js';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A real fake of the worker's alert history (the AlertHistory interface): alerts built from events of
 * the archive, so "its events" are there to open. Newest raised first.
 */
export function fakeAlertHistory(events: DirectoryAudit[]): { history: AlertHistory; alerts: AlertRecordJson[] } {
  const byId = (suffix: string) => events.filter((e) => e.id.includes(suffix));
  const keyDelete = byId('_PLANT_3');
  const credential = byId('_PLANT_1');
  const hostile = byId('_HOSTILE_');
  const failures = events
    .filter((e) => e.result === 'failure' && e.activityDateTime.startsWith('2026-04-03'))
    .slice(0, 4);
  const make = (
    id: string,
    ruleId: string,
    title: string,
    severity: string,
    group: string,
    chosen: DirectoryAudit[],
    state: AlertRecordJson['state'],
    deliveries: AlertRecordJson['deliveries'],
  ): AlertRecordJson => {
    const times = chosen.map((e) => Date.parse(e.activityDateTime)).sort((a, b) => a - b);
    const first = times[0] ?? 0;
    const last = times[times.length - 1] ?? 0;
    return {
      id,
      ruleId,
      title,
      severity,
      tenant,
      group,
      count: chosen.length,
      eventIds: chosen.map((e) => e.id),
      firstEventAt: iso(first),
      lastEventAt: iso(last),
      raisedAt: iso(last + 45_000),
      state,
      channels: [...new Set(deliveries.map((d) => d.channel))],
      deliveries,
    };
  };
  const alerts = [
    make(
      'al-0004',
      'b2c.users.hostile-admin',
      'User changes by hostile@contoso.example <script>',
      'high',
      'hostile@contoso.example',
      hostile,
      'routed',
      [
        { route: 'security', channel: 'slack', state: 'sent', at: '2026-04-03T09:21:00Z', attempts: 1 },
        {
          route: 'security',
          channel: 'email',
          state: 'failed',
          at: '2026-04-03T09:21:30Z',
          attempts: 3,
          error: 'SMTP 451 try later',
        },
      ],
    ),
    make('al-0003', 'b2c.auth.failure-burst', 'Sign-in failures', 'medium', 'failures', failures, 'silenced', []),
    make(
      'al-0002',
      'b2c.keys.policy-key-deleted',
      'A policy key was deleted',
      'critical',
      'B2C_1A_TokenSigningKeyContainer',
      keyDelete,
      'routed',
      [{ route: 'security', channel: 'slack', state: 'sent', at: '2026-04-02T12:01:00Z', attempts: 1 }],
    ),
    make(
      'al-0001',
      'b2c.apps.credential-added',
      'Credential added to an application',
      'high',
      'Payments API',
      credential,
      'no-route',
      [],
    ),
  ].sort((a, b) => (a.raisedAt < b.raisedAt ? 1 : -1));
  const history: AlertHistory = {
    async list(query) {
      const matching = alerts.filter(
        (a) =>
          (query.rule === undefined || a.ruleId === query.rule) &&
          (query.since === undefined || Date.parse(a.raisedAt) >= query.since) &&
          (query.until === undefined || Date.parse(a.raisedAt) <= query.until),
      );
      const from = query.before === undefined ? 0 : Number(query.before);
      const page = matching.slice(from, from + query.limit);
      const next = from + page.length;
      return { alerts: page, nextCursor: next < matching.length ? String(next) : null };
    },
    async get(id) {
      return alerts.find((a) => a.id === id);
    },
  };
  return { history, alerts };
}
