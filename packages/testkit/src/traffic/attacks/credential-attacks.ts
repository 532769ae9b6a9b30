import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { incidents } from '../incidents.js';
import { b2cApps } from '../traffic-population.js';
import { attackTools } from './attack-tools.js';
import { MINUTE, type PlantedAttack } from './planted-attack.js';

/** Password spraying from one address: incidents.passwordSpray, 30 sign-in names in about 3 minutes. */
export const passwordSpray: PlantedAttack = {
  id: 'password-spray',
  label: 'Password spray: 30 sign-in names tried from one IP within about 3 minutes, none succeeds',
  kind: 'T1110.003 password spraying',
  expectedRules: ['b2c.data-plane.password-spray'],
  durationMs: 5 * MINUTE,
  records: (at, o = {}) => incidents.passwordSpray(at, { ip: '198.51.100.77', tenant: o.tenant }),
};

/** A spray that finds a password: incidents.passwordSpray, then incidents.signedInFrom the same address. */
export const passwordSprayThenToken: PlantedAttack = {
  id: 'password-spray-then-token',
  label: 'Password spray that works: 25 sign-in names failed from one IP, then a sign-in and tokens to that IP',
  kind: 'T1110.003 password spraying, T1078.004 valid cloud account',
  expectedRules: ['b2c.data-plane.password-spray-then-token'],
  durationMs: 10 * MINUTE,
  records: (at, o = {}) => {
    const ip = '203.0.113.140';
    return [
      ...incidents.passwordSpray(at, { ip, users: 25, tenant: o.tenant }),
      ...incidents.signedInFrom(at + 5 * MINUTE, { ip, tenant: o.tenant }),
    ];
  },
};

/**
 * Password guessing against one consumer account from a few proxy addresses. B2C records these failed
 * checks with the account's object id as the target and no sign-in name (docs/graph-audit-api.md §3.4).
 */
export const bruteForceByObjectId: PlantedAttack = {
  id: 'brute-force-one-account',
  label: 'Brute force on one account: 12 failed password checks in 6 minutes, recorded by object id only',
  kind: 'T1110.001 password guessing',
  expectedRules: ['b2c.data-plane.local-account-brute-force'],
  durationMs: 10 * MINUTE,
  records: (at, o = {}) => {
    const { prng, clock, b2c } = attackTools('brute-force-one-account', at, o);
    const app = b2cApps[1]!;
    const victim = prng.guid();
    const proxies = ['203.0.113.61', '203.0.113.62', '203.0.113.63'];
    const records: DirectoryAudit[] = [];
    for (let i = 0; i < 12; i++) {
      if (i > 0) clock.advance(15_000, 45_000);
      records.push(
        b2c.dataPlane({
          time: clock.now(),
          activity: 'Validate local account credentials',
          correlationId: prng.guid(),
          app,
          policyId: app.signInPolicy,
          client: app.clients[1]!,
          ip: proxies[i % proxies.length]!,
          userObjectId: victim,
          result: 'failure',
          resultReason: 'AADB2C90225: The username or password provided in the request are invalid.',
        }),
      );
    }
    return records;
  },
};
