import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { randomPublicIp, b2cApps, type B2cApp } from '../traffic-population.js';
import { attackTools, type AttackTools } from './attack-tools.js';
import { MINUTE, type AttackOptions, type PlantedAttack } from './planted-attack.js';

const headless =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/130.0.0.0 Safari/537.36';
/** Premium-rate and international-network prefixes toll fraud sends codes to, masked as B2C logs numbers. */
const tollPrefixes = ['+882', '+883', '+371', '+252', '+881', '+960'];

function tollNumber(tools: AttackTools): string {
  return `${tools.prng.pick(tollPrefixes)} XXXXXXX${String(tools.prng.int(1000)).padStart(3, '0')}`;
}

/** One code sent by SMS through `app`'s MFA policy: a session that never enters the code. */
function smsSent(tools: AttackTools, app: B2cApp, ip: string, client: string): DirectoryAudit {
  return tools.b2c.dataPlane({
    time: tools.clock.now(),
    activity: 'Send SMS to verify phone number',
    correlationId: tools.prng.guid(),
    app,
    policyId: app.mfaPolicy,
    client,
    ip,
    details: [{ key: 'PhoneNumber', value: tollNumber(tools) }],
  });
}

/**
 * `count` SMS sends spread over about `minutes` (at most 1.25 × `minutes`), from a botnet of residential addresses: each address
 * sends once or twice, so no single address stands out.
 */
function distributedPumping(id: string, app: B2cApp, count: number, minutes: number) {
  return (at: number, o: AttackOptions = {}): DirectoryAudit[] => {
    const tools = attackTools(id, at, o);
    const gapMs = Math.floor((minutes * MINUTE) / count);
    const records: DirectoryAudit[] = [];
    let ip = randomPublicIp(tools.prng);
    for (let i = 0; i < count; i++) {
      if (i > 0) tools.clock.advance(Math.floor((gapMs * 3) / 4), Math.floor((gapMs * 5) / 4));
      if (i % 2 === 0 || tools.prng.chance(0.5)) ip = randomPublicIp(tools.prng);
      records.push(smsSent(tools, app, ip, tools.prng.pick(app.clients)));
    }
    return records;
  };
}

export const phonePumpingByIp: PlantedAttack = {
  id: 'phone-pumping-one-ip',
  label: 'SMS pumping from one IP: 15 verification codes to premium-rate numbers in about 8 minutes',
  kind: 'T1496 resource hijacking (SMS toll fraud)',
  expectedRules: ['b2c.data-plane.phone-verification-pumping-by-ip'],
  durationMs: 10 * MINUTE,
  records: (at, o = {}) => {
    const tools = attackTools('phone-pumping-one-ip', at, o);
    const app = b2cApps[0]!;
    const records: DirectoryAudit[] = [];
    for (let i = 0; i < 15; i++) {
      if (i > 0) tools.clock.advance(15_000, 35_000);
      records.push(smsSent(tools, app, '198.51.100.203', headless));
    }
    return records;
  },
};

/** The partner portal's MFA policy sends a handful of codes an hour; a botnet sends ten times that. */
export const phoneSpikeByPolicy: PlantedAttack = {
  id: 'phone-spike-one-policy',
  label:
    "SMS pumping spread over a botnet: 60 codes in 30 minutes through the partner portal's MFA policy (≈10× its usual hour)",
  kind: 'T1496 resource hijacking (SMS toll fraud)',
  expectedRules: ['b2c.data-plane.phone-verification-spike-by-policy'],
  durationMs: 40 * MINUTE,
  records: distributedPumping('phone-spike-one-policy', b2cApps[2]!, 60, 30),
};

/** The main MFA policy sends about 50 codes an hour; 320 more in 50 minutes passes the fixed 300 an hour. */
export const phonePumpingByPolicy: PlantedAttack = {
  id: 'phone-pumping-one-policy',
  label: 'SMS pumping spread over a botnet: 320 codes in 50 minutes through the main MFA policy',
  kind: 'T1496 resource hijacking (SMS toll fraud)',
  expectedRules: ['b2c.data-plane.phone-verification-pumping-by-policy'],
  durationMs: 65 * MINUTE,
  records: distributedPumping('phone-pumping-one-policy', b2cApps[0]!, 320, 50),
};

/** Mail bombing through the sign-up page: one victim's address, over and over, from one address. */
export const emailVerificationAbuse: PlantedAttack = {
  id: 'email-verification-abuse',
  label: "Mail bombing through sign-up: 20 verification emails to one person's address from one IP in 6 minutes",
  kind: 'T1499 endpoint denial of service (mail bombing), T1589.002 email address discovery',
  expectedRules: ['b2c.data-plane.email-verification-abuse'],
  durationMs: 10 * MINUTE,
  records: (at, o = {}) => {
    const { prng, clock, b2c } = attackTools('email-verification-abuse', at, o);
    const app = b2cApps[0]!;
    const records: DirectoryAudit[] = [];
    for (let i = 0; i < 20; i++) {
      if (i > 0) clock.advance(8_000, 25_000);
      records.push(
        b2c.dataPlane({
          time: clock.now(),
          activity: 'Send verification email',
          correlationId: prng.guid(),
          app,
          policyId: app.signInPolicy,
          client: headless,
          ip: '192.0.2.145',
          details: [{ key: 'EmailAddress', value: 'julia.novak@contoso-partner.com' }],
        }),
      );
    }
    return records;
  },
};
