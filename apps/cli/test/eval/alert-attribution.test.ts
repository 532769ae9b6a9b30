import { fileURLToPath } from 'node:url';
import { normalize, type AuditEvent } from '@b2c-alerts/audit-client';
import { groupKey, loadRuleSet, type AlertCandidate, type RuleSet } from '@b2c-alerts/rule-engine';
import { attackCatalogue, generateTraffic } from '@b2c-alerts/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { AlertAttribution } from '../../src/eval/alert-attribution.js';
import type { AttackEvent } from '../../src/eval/planted-traffic.js';

const rulesDir = fileURLToPath(new URL('../../../../rules/', import.meta.url));
const tenant = 'contosob2c.onmicrosoft.com';
const t0 = Date.parse('2026-03-02T12:00:00Z');
const hour = 3_600_000;
const pumpingByPolicy = 'b2c.data-plane.phone-verification-pumping-by-policy';
const tenantSilent = 'b2c.watchdog.tenant-silent';
const attack = (id: string) => attackCatalogue.find((a) => a.id === id)!;
const iso = (ms: number) => new Date(ms).toISOString();

function alert(ruleId: string, parts: Partial<AlertCandidate>): AlertCandidate {
  return {
    ruleId,
    severity: 'high',
    title: ruleId,
    groupKey: ruleId,
    groupValues: {},
    count: 1,
    firstTime: iso(t0),
    lastTime: iso(t0),
    eventIds: [],
    suppressed: 0,
    status: 'firing',
    ...parts,
  };
}

describe('AlertAttribution', () => {
  let pack: RuleSet;
  let benign: AuditEvent[];
  let planted: AttackEvent[];
  let removed: AttackEvent[];
  let attribution: AlertAttribution;
  const pumpAt = t0 + 2 * hour;
  const outageAt = t0 + 5 * hour;

  beforeAll(async () => {
    pack = (await loadRuleSet(rulesDir, {})).ruleSet!;
    // Attack 0 pumps SMS through the main MFA policy at 14:00; attack 1 is an outage at 17:00 that took
    // out the benign records of its first 20 minutes.
    benign = [...generateTraffic({ seed: 2, start: t0, end: t0 + 6 * hour })].map((raw) => normalize(raw, { tenant }));
    planted = attack('phone-pumping-one-policy')
      .records(pumpAt)
      .map((raw) => ({ attack: 0, event: normalize(raw, { tenant }) }));
    removed = benign
      .filter((event) => event.timestamp >= outageAt && event.timestamp < outageAt + 20 * 60_000)
      .map((event) => ({ attack: 1, event }));
    attribution = new AlertAttribution(pack, planted, removed);
  });

  const sms = (policy: string) =>
    benign.filter((event) => event.activity === 'Send SMS to verify phone number' && event.details.PolicyId === policy);
  const groupOf = (event: AuditEvent) => {
    const rule = pack.rules.find((r) => r.id === pumpingByPolicy)!;
    const group = groupKey(rule.id, rule.aggregate!.groupBy, event);
    return { groupKey: group.key, groupValues: group.values };
  };

  it('an alert raised on benign records only is benign', () => {
    const sends = sms('B2C_1A_signup_signin_mfa').slice(0, 5);
    const raised = alert(pumpingByPolicy, {
      ...groupOf(sends[0]!),
      eventIds: sends.map((e) => e.id),
      event: sends[4],
      firstTime: iso(sends[0]!.timestamp),
      lastTime: iso(sends[4]!.timestamp),
    });
    expect(attribution.attackOf(raised)).toBeUndefined();
  });

  it("an alert that lists one of an attack's records is that attack's", () => {
    const sends = sms('B2C_1A_signup_signin_mfa').slice(0, 3);
    const raised = alert(pumpingByPolicy, {
      ...groupOf(sends[0]!),
      eventIds: [...sends.map((e) => e.id), planted[7]!.event.id],
    });
    expect(attribution.attackOf(raised)).toBe(0);
  });

  it("an aggregate alert that lists benign records but whose window and group hold the attack's is the attack's", () => {
    // A count alert lists its window's first 50 ids, a spike alert the event that tipped it: both may be benign.
    const before = sms('B2C_1A_signup_signin_mfa').filter((e) => e.timestamp < pumpAt);
    const during = sms('B2C_1A_signup_signin_mfa').find((e) => e.timestamp > pumpAt + 10 * 60_000)!;
    const window = { firstTime: iso(pumpAt - hour / 2), lastTime: iso(during.timestamp) };
    const listingBenign = { eventIds: before.slice(-3).map((e) => e.id), event: during, ...window };
    expect(attribution.attackOf(alert(pumpingByPolicy, { ...groupOf(during), ...listingBenign }))).toBe(0);
    // Another group (policy), or a window before the attack: benign.
    const other = sms('B2C_1_susi_mfa')[0]!;
    expect(attribution.attackOf(alert(pumpingByPolicy, { ...groupOf(other), ...listingBenign }))).toBeUndefined();
    const earlier = { ...listingBenign, lastTime: iso(pumpAt - 1) };
    expect(attribution.attackOf(alert(pumpingByPolicy, { ...groupOf(during), ...earlier }))).toBeUndefined();
  });

  it('a silence is an outage when the outage removed records of its rule and group inside it, else benign', () => {
    const group = { groupKey: `${tenantSilent}|tenant=${tenant}`, groupValues: { tenant } };
    const silence = alert(tenantSilent, { ...group, firstTime: iso(outageAt - 1000), lastTime: iso(outageAt + hour) });
    expect(attribution.attackOf(silence)).toBe(1);
    const elsewhere = { firstTime: iso(t0), lastTime: iso(t0 + hour) };
    expect(attribution.attackOf(alert(tenantSilent, { ...group, ...elsewhere }))).toBeUndefined();
    // Another tenant's silence at the same time is not this outage's.
    const other = { groupKey: `${tenantSilent}|tenant=fabrikamb2c.onmicrosoft.com`, groupValues: {} };
    expect(attribution.attackOf(alert(tenantSilent, { ...silence, ...other }))).toBeUndefined();
  });

  it('an alert raised on a tick (no events listed) is never put down to planted records in its window', () => {
    // A drop or a silence is about records that did not come: planted records in its group and window
    // (the spray's successful tokens in a sign-in drop's hour) would make it less likely, not explain it.
    const during = sms('B2C_1A_signup_signin_mfa').find((e) => e.timestamp > pumpAt + 10 * 60_000)!;
    const onTick = alert(pumpingByPolicy, {
      ...groupOf(during),
      firstTime: iso(pumpAt - hour / 2),
      lastTime: iso(pumpAt + hour),
    });
    expect(attribution.attackOf(onTick)).toBeUndefined();
  });

  it('an alert that lists events is never put down to an outage by time', () => {
    const last = removed.at(-1)!.event;
    const listed = alert(tenantSilent, {
      groupKey: `${tenantSilent}|tenant=${tenant}`,
      eventIds: [benign[0]!.id],
      firstTime: iso(outageAt),
      lastTime: iso(last.timestamp),
    });
    expect(attribution.attackOf(listed)).toBeUndefined();
  });
});
