import { describe, expect, it } from 'vitest';
import type { RuleDefinition } from '@b2c-alerts/rule-engine';
import { buildAlert } from '@b2c-alerts/notify';
import { renderEmail } from '../../src/render/render-email.js';
import { renderSlackMessage, type SlackMessage } from '../../src/render/render-slack.js';
import { candidate, event, hostileMarkup, rule } from '../helpers/hostile-alert.js';

/** Like the worker's self-alert rules: no `fields`, the details travel as group values. */
const selfRule: RuleDefinition = {
  ...rule,
  id: 'self.rules-rejected',
  title: 'Rule set rejected',
  severity: 'high',
  fields: [],
  runbook: undefined,
};

const problems = [
  'keys/broken.rule.yaml:4:11: severity must be one of critical, high, medium, low, info',
  `keys/broken.rule.yaml:7:7: unknown list ${hostileMarkup}`,
];

function selfAlert(groupValues: Record<string, unknown>) {
  return buildAlert(
    candidate(undefined, {
      ruleId: selfRule.id,
      severity: 'high',
      title: 'Rule set rejected (2 problems); still running abc',
      groupKey: 'self.rules-rejected|x',
      groupValues,
      eventIds: [],
    }),
    selfRule,
    { ruleSetVersion: 'abc', tenantName: '_worker' },
  );
}

const slackFields = (m: SlackMessage) =>
  m.blocks.flatMap((b) => (b.type === 'section' && b.fields ? b.fields.map((f) => f.text) : []));

describe('a rule without fields (self-alerts)', () => {
  it('shows its group values, one field per line, escaped in Slack and email', () => {
    const a = selfAlert({ problems: problems.join('\n'), runningVersion: 'abc', tenant: '_worker', reason: '3f2a' });
    expect(a.fields).toEqual([
      { name: 'problems', value: problems[0] },
      { name: 'problems', value: problems[1] },
      { name: 'runningVersion', value: 'abc' },
      { name: 'tenant', value: '_worker' },
      { name: 'reason', value: '3f2a' },
    ]);

    const fields = slackFields(renderSlackMessage(a));
    expect(fields).toContain(`*problems*\n${problems[0]}`);
    const hostile = fields.find((f) => f.includes('broken.rule.yaml:7:7'))!;
    expect(hostile).not.toMatch(/<!channel>|<!here>|<@U123ABC>|<https:|<script>/);
    expect(hostile).toContain('&lt;!channel&gt;');

    const email = renderEmail(a);
    expect(email.text).toContain(`problems: ${problems[0]}\n`);
    expect(email.text).toContain('problems: keys/broken.rule.yaml:7:7: unknown list <!channel>');
    expect(email.text).toContain('Tenant: _worker\n');
    expect(email.html).toContain('keys/broken.rule.yaml:4:11: severity must be one of');
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;');
  });

  it('trims a long list to 20 fields, says how many lines were left out, and keeps one field per other value', () => {
    const many = Array.from({ length: 30 }, (_, i) => `rules/r${i}.rule.yaml:${i + 1}:3: problem ${i}`).join('\n');
    const a = selfAlert({ problems: many, runningVersion: 'abc' });
    expect(a.fields).toHaveLength(20);
    expect(a.fields.slice(0, 18).map((f) => f.value)).toEqual(many.split('\n').slice(0, 18));
    expect(a.fields[18]).toEqual({ name: 'problems', value: '… and 12 more' });
    expect(a.fields[19]).toEqual({ name: 'runningVersion', value: 'abc' });
    // Slack shows all 20 (3 sections of at most 10 fields, Severity first).
    expect(slackFields(renderSlackMessage(a))).toHaveLength(21);
  });

  it('bounds a huge value like any event text', () => {
    const a = selfAlert({ error: 'x'.repeat(100_000) });
    expect(a.fields).toHaveLength(1);
    expect(a.fields[0]!.value.length).toBeLessThanOrEqual(2000);
    expect(renderEmail(a).text).toMatch(/error: x{200,299}…\n/);
  });

  it('is not used when the rule lists fields', () => {
    const plain = event({ actor: 'admin@contoso.example', activity: 'Delete policy key', target: 'K', note: 'n' });
    const a = buildAlert(candidate(plain, { groupValues: { 'actor.upn': 'admin@contoso.example' } }), rule, {
      ruleSetVersion: 'v1',
    });
    expect(a.fields.map((f) => f.name)).toEqual(['details.Note', 'target.id']);
  });
});

describe('tenantName', () => {
  it('is the tenant alerts show, while the tenant id still makes the audit log link', () => {
    const plain = event({ actor: 'admin@contoso.example', activity: 'Delete policy key', target: 'K', note: 'n' });
    const a = buildAlert(candidate(plain), rule, { ruleSetVersion: 'v1', tenantName: 'prod-b2c' });
    expect(a.tenant).toBe('prod-b2c');
    expect(a.auditLogUrl).toBe(
      'https://entra.microsoft.com/contoso.onmicrosoft.com/#view/Microsoft_AAD_IAM/AuditLogList.ReactView',
    );
    expect(renderEmail(a).text).toContain('Tenant: prod-b2c\n');
    expect(JSON.stringify(renderSlackMessage(a).blocks)).toContain('*Tenant:* prod-b2c');
  });
});
