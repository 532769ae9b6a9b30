import type { AuditEvent } from '@b2c-alerts/audit-client';
import type { AlertCandidate, RuleDefinition } from '@b2c-alerts/rule-engine';
import { buildAlert, type Alert } from '@b2c-alerts/notify';

/** Every mention, link and markup form Slack and HTML would act on, in one string. */
export const hostileMarkup =
  '<!channel> <!here> <@U123ABC> <https://evil.example|click> @channel *bold* _it_ &amp; <script>alert(1)</script>';

/** Control characters and bidi overrides that must not reach a reader. */
export const hostileControls = '\u0000\u0007\u001b[31m\u0085\u202Egnp.exe\u202C\u2066x\u2069\r';

export const rule: RuleDefinition = {
  id: 'b2c.keys.policy-key-deleted',
  title: 'Policy key deleted',
  description: 'A B2C policy key was deleted.',
  severity: 'critical',
  enabled: true,
  tags: [],
  references: [],
  runbook: 'https://runbooks.example/b2c/keys?x=1&y=2',
  match: { all: [] },
  notify: ['security'],
  fields: ['details.Note', 'target.id', 'details.Missing'],
  source: { file: 'rules/keys/policy-key-deleted.rule.yaml', line: 1 },
};

export function event(o: { actor: string; activity: string; target: string; note: string }): AuditEvent {
  return {
    id: 'Directory_0001',
    time: '2026-11-02T10:00:00Z',
    timestamp: Date.parse('2026-11-02T10:00:00Z'),
    activity: o.activity,
    category: 'KeyManagement',
    actor: { type: 'user', upn: o.actor, name: o.actor },
    target: { id: 'B2C_1A_TokenSigningKeyContainer', displayName: o.target },
    targets: [],
    details: { Note: o.note },
    ip: '203.0.113.7',
    tenant: 'contoso.onmicrosoft.com',
  };
}

export function candidate(e: AuditEvent | undefined, over: Partial<AlertCandidate> = {}): AlertCandidate {
  return {
    ruleId: rule.id,
    severity: rule.severity,
    title: rule.title,
    groupKey: 'b2c.keys.policy-key-deleted|eve',
    groupValues: {},
    count: 1,
    firstTime: '2026-11-02T10:00:00Z',
    lastTime: '2026-11-02T10:00:00Z',
    eventIds: ['Directory_0001'],
    suppressed: 0,
    status: 'firing',
    ...(e ? { event: e } : {}),
    ...over,
  };
}

/** A small alert whose every event-sourced value is hostile, for exact-payload assertions. */
export function smallHostileAlert(): Alert {
  const e = event({
    actor: 'eve\u202E@contoso.example <@U123ABC>',
    activity: 'Delete policy key <!channel>\u0007',
    target: 'B2C_1A_Key <https://evil.example|click> @here',
    note: '*bold* _it_ &amp; <script>alert(1)</script>\u0000\u001b[31m',
  });
  return buildAlert(candidate(e), rule, { ruleSetVersion: 'abc1234' });
}

/** An alert with 100 kB of hostile text in every event-sourced value, and an aggregate's extras. */
export function hugeHostileAlert(): Alert {
  const huge = (hostileMarkup + hostileControls + '\n').repeat(
    Math.ceil(100_000 / (hostileMarkup.length + hostileControls.length + 1)),
  );
  const e = event({ actor: huge, activity: huge, target: huge, note: huge });
  const top = Array.from({ length: 12 }, (_, i) => ({ value: `${i}${huge}`, count: 100 - i }));
  return buildAlert(
    candidate(e, { count: 250, suppressed: 17, topValues: top, firstTime: huge, lastTime: huge }),
    rule,
    {
      ruleSetVersion: 'abc1234',
      tenant: 'contoso.onmicrosoft.com',
    },
  );
}
