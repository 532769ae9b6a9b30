import type { AuditEvent } from '@b2c-alerts/audit-client';
import { buildAlert, withDirectoryNames, type Alert } from '@b2c-alerts/notify';
import { describe, expect, it } from 'vitest';
import { renderEmail } from '../../src/render/render-email.js';
import { renderSlackMessage } from '../../src/render/render-slack.js';
import { candidate, hostileControls, hostileMarkup, rule } from '../helpers/hostile-alert.js';
import { allStrings } from '../helpers/payload-walk.js';

const clientId = 'a03bbb51-cc9e-4a1d-9006-f06c03bd562a';
const spId = '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a';
const controls = ['\u0000', '\u0007', '\u001b', '\u202E', '\u2066', '\u2069'];
const hasControl = (s: string) => controls.some((c) => s.includes(c));

/** A B2C sign-in alert: the acting app known only by its client id, which a field repeats. */
function appAlert(over: { topValues?: Array<{ value: string; count: number }> } = {}): Alert {
  const event: AuditEvent = {
    id: 'B2C_0001',
    time: '2026-11-02T10:00:00Z',
    timestamp: Date.parse('2026-11-02T10:00:00Z'),
    activity: 'Issue an id_token to the application',
    category: 'Authentication',
    actor: { type: 'app', spn: clientId, name: clientId },
    target: { id: spId, type: 'ServicePrincipal' },
    targets: [],
    details: { ApplicationId: clientId },
    ip: '203.0.113.7',
  };
  return buildAlert(candidate(event, over), { ...rule, fields: ['details.ApplicationId'] }, { ruleSetVersion: 'v1' });
}

describe('directory names in alerts', () => {
  it('shows "Display Name (id)" for the actor, the target, fields and top values, in Slack and email', () => {
    const alert = withDirectoryNames(appAlert({ topValues: [{ value: clientId.toUpperCase(), count: 3 }] }), [
      { id: clientId, name: 'Contoso Web' },
      { id: spId, name: 'Contoso Web (service principal)' },
    ]);
    const slack = JSON.stringify(renderSlackMessage(alert));
    expect(slack).toContain(`*Who:* Contoso Web (${clientId})`);
    expect(slack).toContain(`*Target:* Contoso Web (service principal) (${spId})`);
    expect(slack).toContain(`*details.ApplicationId*\\nContoso Web (${clientId})`);
    expect(slack).toContain(`Contoso Web (${clientId.toUpperCase()}) (3)`);
    const mail = renderEmail(alert);
    expect(mail.text).toContain(`Who: Contoso Web (${clientId})`);
    expect(mail.text).toContain(`details.ApplicationId: Contoso Web (${clientId})`);
    expect(mail.html).toContain(`<td>Contoso Web (${clientId})</td>`);
  });

  it('shows the id alone without names, as before', () => {
    const alert = appAlert();
    expect(alert.names).toBeUndefined();
    expect(withDirectoryNames(alert, [])).toBe(alert);
    expect(renderEmail(alert).text).toContain(`Who: ${clientId}\n`);
  });

  it('keeps a hostile display name inert: escaped in Slack and HTML, stripped of controls, bounded', () => {
    const hostile = `${hostileMarkup} ${hostileControls}${'x'.repeat(5000)}`;
    const alert = withDirectoryNames(appAlert(), [{ id: clientId, name: hostile }]);
    expect(alert.names?.[0]?.name.length).toBeLessThanOrEqual(120);

    const { text, blocks } = renderSlackMessage(alert);
    for (const s of [text, ...allStrings(blocks)]) {
      expect(s).not.toMatch(/<!channel>|<!here>|<@U123ABC>|<https:\/\/evil/);
      expect(hasControl(s)).toBe(false);
      expect(s).not.toMatch(/(^|[^\u2060])@channel/);
    }
    const who = JSON.stringify(blocks);
    expect(who).toContain('&lt;!channel&gt; &lt;!here&gt; &lt;@U123ABC&gt;');
    // The id stays whole after the bounded name.
    expect(who).toContain(`(${clientId})`);

    const mail = renderEmail(alert);
    expect(mail.html).not.toMatch(/<script>|<!channel>|<https:/);
    expect(mail.html).toContain('&lt;!channel&gt;');
    expect(mail.html).toContain(`(${clientId})`);
    expect(hasControl(mail.text) || hasControl(mail.html)).toBe(false);
  });

  it('keeps ten names at most, one per id, and drops empty ones', () => {
    const names = Array.from({ length: 30 }, (_, i) => ({
      id: `id-${i % 15}`,
      name: i === 0 ? '\u200B ' : `App ${i}`,
    }));
    const alert = withDirectoryNames(appAlert(), names);
    expect(alert.names).toHaveLength(10);
    expect(new Set(alert.names?.map((n) => n.id)).size).toBe(10);
    expect(alert.names?.map((n) => n.id)).not.toContain('id-0');
  });
});
