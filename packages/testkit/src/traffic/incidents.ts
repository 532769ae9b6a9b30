import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { B2cEventBuilder } from './b2c-event-builder.js';
import { IncidentClock } from './incident-clock.js';
import { intruderAdmin, type TenantAdmin } from './known-admins.js';
import { Prng, seedFrom } from '../random/prng.js';
import { b2cApps, consumerUsername } from './traffic-population.js';

const DEFAULT_TENANT = 'contosob2c.onmicrosoft.com';
const customPolicies = [
  'B2C_1A_TrustFrameworkBase',
  'B2C_1A_TrustFrameworkLocalization',
  'B2C_1A_TrustFrameworkExtensions',
  'B2C_1A_signup_signin',
  'B2C_1A_signup_signin_mfa',
  'B2C_1A_PasswordReset',
  'B2C_1A_ProfileEdit',
];

function actorFor(tenant: string, upn: string | undefined): TenantAdmin {
  const intruder = intruderAdmin(tenant);
  return upn === undefined ? intruder : { ...intruder, upn };
}

/**
 * Planted security incidents, as the records B2C would log for them. Each returns records in
 * ascending time, starting at `at` (epoch ms) and spanning at most a few minutes. Deterministic for
 * the same arguments, so plant different incidents at different `at`s.
 */
export const incidents = {
  /** An admin outside the known set lists the policy keys, then deletes one keyset. */
  policyKeyDeleted(at: number, o: { actorUpn?: string; keyset?: string; tenant?: string } = {}): DirectoryAudit[] {
    const tenant = o.tenant ?? DEFAULT_TENANT;
    const keyset = o.keyset ?? 'B2C_1A_TokenSigningKeyContainer';
    const actor = actorFor(tenant, o.actorUpn);
    const prng = new Prng(seedFrom('policyKeyDeleted', at, tenant, keyset, actor.upn));
    const build = new B2cEventBuilder(prng, tenant);
    const clock = new IncidentClock(prng, at);
    const read = build.admin({
      time: clock.now(),
      activity: 'Get policy keys',
      category: 'KeyManagement',
      correlationId: prng.guid(),
      actor,
      target: { id: tenant },
    });
    clock.advance(15_000, 60_000);
    const deleted = build.admin({
      time: clock.now(),
      activity: 'Delete policy key',
      category: 'KeyManagement',
      correlationId: prng.guid(),
      actor,
      target: { id: keyset },
    });
    return [read, deleted];
  },

  /** `count` (default 10) 'Update custom policy' records by one admin within about 3 minutes. */
  customPolicyBurst(at: number, o: { count?: number; actorUpn?: string; tenant?: string } = {}): DirectoryAudit[] {
    const tenant = o.tenant ?? DEFAULT_TENANT;
    const count = o.count ?? 10;
    if (!(Number.isInteger(count) && count > 0)) throw new RangeError('`count` must be a positive integer');
    const actor = actorFor(tenant, o.actorUpn);
    const prng = new Prng(seedFrom('customPolicyBurst', at, tenant, count, actor.upn));
    const build = new B2cEventBuilder(prng, tenant);
    const clock = new IncidentClock(prng, at);
    const spacingMs = Math.max(1000, Math.floor(180_000 / count));
    const events: DirectoryAudit[] = [];
    for (let i = 0; i < count; i++) {
      if (i > 0) clock.advance(Math.floor(spacingMs / 2), spacingMs);
      const policy = customPolicies[i % customPolicies.length]!;
      events.push(
        build.admin({
          time: clock.now(),
          activity: 'Update custom policy',
          category: 'ResourceManagement',
          correlationId: prng.guid(),
          actor,
          target: { id: policy },
        }),
      );
    }
    return events;
  },

  /** 'Validate local account credentials' failures from one IP against `users` (default 30) different usernames within minutes. */
  passwordSpray(at: number, o: { ip?: string; users?: number; tenant?: string } = {}): DirectoryAudit[] {
    const tenant = o.tenant ?? DEFAULT_TENANT;
    const ip = o.ip ?? '198.51.100.77';
    const users = o.users ?? 30;
    if (!(Number.isInteger(users) && users > 0)) throw new RangeError('`users` must be a positive integer');
    const prng = new Prng(seedFrom('passwordSpray', at, tenant, ip, users));
    const build = new B2cEventBuilder(prng, tenant);
    const clock = new IncidentClock(prng, at);
    const app = b2cApps[0]!;
    const events: DirectoryAudit[] = [];
    for (let i = 0; i < users; i++) {
      if (i > 0) clock.advance(1500, 8000);
      events.push(
        build.dataPlane({
          time: clock.now(),
          activity: 'Validate local account credentials',
          correlationId: prng.guid(),
          app,
          policyId: app.signInPolicy,
          client: 'python-requests/2.31.0',
          ip,
          details: [{ key: 'LocalAccountUsername', value: consumerUsername(prng, 90_000 + i) }],
          result: 'failure',
          resultReason: 'AADB2C90225: The username or password provided in the request are invalid.',
        }),
      );
    }
    return events;
  },

  /**
   * A successful local-account sign-in from `ip` (default the spray's 198.51.100.77): the password check,
   * then the authorization code and the id_token B2C issues to the application. Planted after a
   * passwordSpray from the same IP, it is the spray that found a password.
   */
  signedInFrom(at: number, o: { ip?: string; tenant?: string } = {}): DirectoryAudit[] {
    const tenant = o.tenant ?? DEFAULT_TENANT;
    const ip = o.ip ?? '198.51.100.77';
    const prng = new Prng(seedFrom('signedInFrom', at, tenant, ip));
    const build = new B2cEventBuilder(prng, tenant);
    const clock = new IncidentClock(prng, at);
    const app = b2cApps[0]!;
    const correlationId = prng.guid();
    const userObjectId = prng.guid();
    const common = {
      correlationId,
      app,
      policyId: app.signInPolicy,
      client: 'python-requests/2.31.0',
      ip,
      userObjectId,
    };
    const events: DirectoryAudit[] = [];
    for (const activity of [
      'Validate local account credentials',
      'Issue an authorization code to the application',
      'Issue an id_token to the application',
    ]) {
      if (events.length > 0) clock.advance(200, 1500);
      const details =
        activity === 'Validate local account credentials'
          ? [{ key: 'LocalAccountUsername', value: consumerUsername(prng, 95_000) }]
          : undefined;
      events.push(build.dataPlane({ time: clock.now(), activity, ...common, ...(details ? { details } : {}) }));
    }
    return events;
  },
};
