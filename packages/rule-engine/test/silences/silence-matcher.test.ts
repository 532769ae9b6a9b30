import { describe, expect, it } from 'vitest';
import { activeSilence, matcherHolds, silenceState, type SilenceTarget } from '../../src/silences/silence-matcher.js';
import type { SilenceEntry } from '../../src/silences/silences-file-schema.js';
import { auditEvent } from '../helpers/audit-events.js';

const now = Date.parse('2026-01-12T10:00:00Z');

function silence(
  id: string,
  matchers: SilenceEntry['matchers'],
  window: [string, string] = ['2026-01-12T08:00:00Z', '2026-01-12T12:00:00Z'],
): SilenceEntry {
  return { id, matchers, startsAt: window[0], endsAt: window[1], reason: 'test', author: 'me' };
}

const alert: SilenceTarget = {
  ruleId: 'b2c.keys.policy-key-deleted',
  event: auditEvent({
    id: 'e1',
    time: now,
    activity: 'Delete policy key',
    actor: 'mallory@contoso.onmicrosoft.com',
    target: 'B2C_1A_TokenSigningKeyContainer',
    ip: '203.0.113.7',
  }),
  groupValues: { 'actor.name': 'mallory@contoso.onmicrosoft.com' },
};

describe('matcherHolds', () => {
  it('compares the whole value of ruleId, group values and event facts', () => {
    expect(matcherHolds({ name: 'ruleId', value: 'b2c.keys.policy-key-deleted' }, alert)).toBe(true);
    expect(matcherHolds({ name: 'ruleId', value: 'b2c.keys' }, alert)).toBe(false);
    expect(matcherHolds({ name: 'actor.name', value: 'mallory@contoso.onmicrosoft.com' }, alert)).toBe(true);
    expect(matcherHolds({ name: 'target.id', value: 'B2C_1A_TokenSigningKeyContainer' }, alert)).toBe(true);
    expect(matcherHolds({ name: 'ip', value: '203.0.113.7' }, alert)).toBe(true);
  });

  it('anchors regexes at both ends and honours (?i)', () => {
    expect(
      matcherHolds(
        { name: 'target.id', value: 'B2C_1A_(TokenSigning|TokenEncryption)KeyContainer', isRegex: true },
        alert,
      ),
    ).toBe(true);
    expect(matcherHolds({ name: 'target.id', value: 'TokenSigning', isRegex: true }, alert)).toBe(false);
    expect(matcherHolds({ name: 'target.id', value: 'b2c_1a_.*', isRegex: true }, alert)).toBe(false);
    expect(matcherHolds({ name: 'target.id', value: '(?i)b2c_1a_.*', isRegex: true }, alert)).toBe(true);
    expect(
      matcherHolds({ name: 'ip', value: '203\\.0\\.113\\.\\d+|198\\.51\\.100\\.\\d+', isRegex: true }, alert),
    ).toBe(true);
  });

  it('negates with isEqual: false, and reads an absent fact as empty', () => {
    expect(matcherHolds({ name: 'ip', value: '203.0.113.7', isEqual: false }, alert)).toBe(false);
    expect(matcherHolds({ name: 'ip', value: '198.51.100.1', isEqual: false }, alert)).toBe(true);
    expect(matcherHolds({ name: 'details.PolicyId', value: '' }, alert)).toBe(true);
    expect(matcherHolds({ name: 'details.PolicyId', value: '.+', isRegex: true, isEqual: false }, alert)).toBe(true);
    const absence: SilenceTarget = { ruleId: 'b2c.watchdog.no-sign-ins', groupValues: {} };
    expect(matcherHolds({ name: 'actor.upn', value: '' }, absence)).toBe(true);
  });
});

describe('activeSilence', () => {
  const byRule = silence('by-rule', [
    { name: 'ruleId', value: 'b2c.keys.policy-key-deleted' },
    { name: 'actor.name', value: 'mallory@contoso.onmicrosoft.com' },
  ]);
  const other = silence('other-actor', [
    { name: 'ruleId', value: 'b2c.keys.policy-key-deleted' },
    { name: 'actor.name', value: 'alice@contoso.onmicrosoft.com' },
  ]);

  it('returns the first active silence whose matchers all hold', () => {
    expect(activeSilence([other, byRule], alert, now)?.id).toBe('by-rule');
    expect(activeSilence([other], alert, now)).toBeUndefined();
  });

  it('is active from startsAt (inclusive) to endsAt (exclusive)', () => {
    const start = Date.parse(byRule.startsAt);
    const end = Date.parse(byRule.endsAt);
    expect(activeSilence([byRule], alert, start - 1)).toBeUndefined();
    expect(activeSilence([byRule], alert, start)?.id).toBe('by-rule');
    expect(activeSilence([byRule], alert, end - 1)?.id).toBe('by-rule');
    expect(activeSilence([byRule], alert, end)).toBeUndefined();
    expect([start - 1, start, end].map((t) => silenceState(byRule, t))).toEqual(['pending', 'active', 'expired']);
  });
});
