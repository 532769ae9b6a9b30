import { describe, expect, it } from 'vitest';
import { buildAlert } from '@b2c-alerts/notify';
import { entraAuditLogUrl } from '../../src/alert/alert.js';
import { renderEmail } from '../../src/render/render-email.js';
import { renderSlackMessage } from '../../src/render/render-slack.js';
import { candidate, event, hugeHostileAlert, rule } from '../helpers/hostile-alert.js';

const plain = event({
  actor: 'admin@contoso.example',
  activity: 'Delete policy key',
  target: 'B2C_1A_TokenSigningKey',
  note: 'n',
});

describe('buildAlert', () => {
  it('derives a deterministic id from the group key, first time, status and first event', () => {
    const a = buildAlert(candidate(plain), rule, { ruleSetVersion: 'v1' });
    const b = buildAlert(candidate(plain, { count: 3, lastTime: '2026-11-02T10:05:00Z' }), rule, {
      ruleSetVersion: 'v2',
    });
    const later = buildAlert(candidate(plain, { firstTime: '2026-11-02T11:00:00Z' }), rule, { ruleSetVersion: 'v1' });
    const resolved = buildAlert(candidate(plain, { status: 'resolved' }), rule, { ruleSetVersion: 'v1' });
    expect(a.id).toMatch(/^[0-9a-f]{16}$/);
    expect(b.id).toBe(a.id);
    expect(later.id).not.toBe(a.id);
    expect(resolved.id).not.toBe(a.id);
  });

  it('tells apart two alerts of one group at the same millisecond by their first event', () => {
    const a = buildAlert(candidate(plain, { eventIds: ['B2C_a'] }), rule, { ruleSetVersion: 'v1' });
    const other = buildAlert(candidate(plain, { eventIds: ['B2C_b'] }), rule, { ruleSetVersion: 'v1' });
    const replayed = buildAlert(candidate(plain, { eventIds: ['B2C_a'] }), rule, { ruleSetVersion: 'v1' });
    expect(other.id).not.toBe(a.id);
    expect(replayed.id).toBe(a.id);
  });

  it('reads who, what, target and the rule fields from the event', () => {
    const a = buildAlert(candidate(plain), rule, { ruleSetVersion: 'v1' });
    expect(a).toMatchObject({
      actor: 'admin@contoso.example',
      activity: 'Delete policy key',
      target: 'B2C_1A_TokenSigningKey',
      ip: '203.0.113.7',
      tenant: 'contoso.onmicrosoft.com',
      ruleSetVersion: 'v1',
      runbook: 'https://runbooks.example/b2c/keys?x=1&y=2',
      fields: [
        { name: 'details.Note', value: 'n' },
        { name: 'target.id', value: 'B2C_1A_TokenSigningKeyContainer' },
      ],
      auditLogUrl: 'https://entra.microsoft.com/contoso.onmicrosoft.com/#view/Microsoft_AAD_IAM/AuditLogList.ReactView',
    });
  });

  it('prefers the configured tenant and links only plausible tenant names', () => {
    const a = buildAlert(candidate(plain), rule, {
      ruleSetVersion: 'v1',
      tenant: '11111111-2222-3333-4444-555555555555',
    });
    expect(a.auditLogUrl).toBe(
      'https://entra.microsoft.com/11111111-2222-3333-4444-555555555555/#view/Microsoft_AAD_IAM/AuditLogList.ReactView',
    );
    expect(entraAuditLogUrl('evil.example/#x')).toBeUndefined();
    expect(entraAuditLogUrl('a b')).toBeUndefined();
  });

  it('drops a runbook that is not an http(s) URL', () => {
    const a = buildAlert(candidate(plain), { ...rule, runbook: 'javascript:alert(1)' }, { ruleSetVersion: 'v1' });
    expect(a.runbook).toBeUndefined();
  });

  it('bounds event text kept in the alert (it travels in job data)', () => {
    const a = hugeHostileAlert();
    expect(JSON.stringify(a).length).toBeLessThan(60_000);
    expect(a.actor!.length).toBeLessThanOrEqual(2000);
    expect(a.topValues).toHaveLength(10);
  });

  it('builds an alert without an event (absence)', () => {
    const a = buildAlert(candidate(undefined, { status: 'firing' }), rule, { ruleSetVersion: 'v1' });
    expect(a.actor).toBeUndefined();
    expect(a.fields).toEqual([]);
    expect(a.tenant).toBeUndefined();
    expect(a.auditLogUrl).toBeUndefined();
    const slack = renderSlackMessage(a);
    expect(slack.text).toBe(':rotating_light: [CRITICAL] Policy key deleted');
  });
});

describe('renderers', () => {
  it('render a resolved alert as resolved in both channels', () => {
    const a = buildAlert(candidate(plain, { status: 'resolved' }), rule, { ruleSetVersion: 'v1' });
    const slack = renderSlackMessage(a);
    expect(slack.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', emoji: true, text: ':white_check_mark: Resolved: Policy key deleted' },
    });
    expect(slack.text.startsWith(':white_check_mark: [RESOLVED] [CRITICAL] Policy key deleted')).toBe(true);
    expect(renderEmail(a).subject).toBe('[RESOLVED] [CRITICAL] Policy key deleted');
  });

  it('show count, suppressed and top values of an aggregate', () => {
    const a = buildAlert(
      candidate(plain, {
        count: 42,
        suppressed: 3,
        lastTime: '2026-11-02T10:10:00Z',
        topValues: [
          { value: '198.51.100.9', count: 40 },
          { value: '<!here>', count: 2 },
        ],
      }),
      rule,
      { ruleSetVersion: 'v1' },
    );
    const fields = renderSlackMessage(a).blocks.flatMap((b) =>
      b.type === 'section' && b.fields ? b.fields.map((f) => f.text) : [],
    );
    expect(fields).toEqual([
      '*Severity*\ncritical',
      '*Count*\n42',
      '*Suppressed*\n3',
      '*Top value*\n198.51.100.9 (40)',
      '*Top value*\n&lt;!here&gt; (2)',
      '*details.Note*\nn',
      '*target.id*\nB2C_1A_TokenSigningKeyContainer',
    ]);
    const text = renderEmail(a).text;
    expect(text).toContain('When: 2026-11-02T10:00:00Z to 2026-11-02T10:10:00Z\n');
    expect(text).toContain('Count: 42\nSuppressed: 3\nTop value: 198.51.100.9 (40)\nTop value: <!here> (2)\n');
  });

  it('show the previous window of a spike and the change against it', () => {
    const drop = buildAlert(
      candidate(plain, {
        count: 1,
        firstTime: '2026-11-02T10:00:00.000Z',
        lastTime: '2026-11-02T11:00:00.000Z',
        previous: { count: 300, firstTime: '2026-11-02T09:00:00.000Z', lastTime: '2026-11-02T10:00:00.000Z' },
      }),
      rule,
      { ruleSetVersion: 'v1' },
    );
    expect(drop.previous).toEqual({
      count: 300,
      firstTime: '2026-11-02T09:00:00.000Z',
      lastTime: '2026-11-02T10:00:00.000Z',
    });
    expect(renderEmail(drop).text).toContain(
      'Count: 1\nPrevious window: 300 (2026-11-02T09:00:00.000Z to 2026-11-02T10:00:00.000Z)\nChange: -100%\n',
    );
    const rise = buildAlert(
      candidate(plain, { count: 250, previous: { count: 40, firstTime: 'a', lastTime: 'b' } }),
      rule,
      { ruleSetVersion: 'v1' },
    );
    expect(renderEmail(rise).text).toContain('Change: +525%\n');
    const fromNone = buildAlert(
      candidate(plain, { count: 50, previous: { count: 0, firstTime: 'a', lastTime: 'b' } }),
      rule,
      { ruleSetVersion: 'v1' },
    );
    expect(renderEmail(fromNone).text).toContain('Change: from none to 50\n');
    expect(buildAlert(candidate(plain), rule, { ruleSetVersion: 'v1' }).previous).toBeUndefined();
  });

  it('show the steps of a sequence, each with its count and time', () => {
    const a = buildAlert(
      candidate(plain, {
        count: 11,
        lastTime: '2026-11-02T10:20:55.000Z',
        steps: [
          {
            name: 'spray',
            count: 10,
            firstTime: '2026-11-02T10:00:10.000Z',
            lastTime: '2026-11-02T10:00:55.000Z',
            eventIds: ['a'],
          },
          {
            name: 'token',
            count: 1,
            firstTime: '2026-11-02T10:20:55.000Z',
            lastTime: '2026-11-02T10:20:55.000Z',
            eventIds: ['b'],
          },
        ],
      }),
      rule,
      { ruleSetVersion: 'v1' },
    );
    const fields = renderSlackMessage(a).blocks.flatMap((b) =>
      b.type === 'section' && b.fields ? b.fields.map((f) => f.text) : [],
    );
    expect(fields.slice(0, 4)).toEqual([
      '*Severity*\ncritical',
      '*Count*\n11',
      '*Step spray*\n10 events, 2026-11-02T10:00:10.000Z to 2026-11-02T10:00:55.000Z',
      '*Step token*\n1 event, 2026-11-02T10:20:55.000Z',
    ]);
    expect(renderEmail(a).text).toContain(
      'Step spray: 10 events, 2026-11-02T10:00:10.000Z to 2026-11-02T10:00:55.000Z\nStep token: 1 event, 2026-11-02T10:20:55.000Z\n',
    );
  });

  it('keep the largest possible Slack message inside Block Kit limits', () => {
    const { text, blocks } = renderSlackMessage(hugeHostileAlert());
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const b of blocks) {
      if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(150);
      if (b.type === 'section') {
        expect(b.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
        expect(b.fields?.length ?? 0).toBeLessThanOrEqual(10);
        for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
      }
    }
  });
});
