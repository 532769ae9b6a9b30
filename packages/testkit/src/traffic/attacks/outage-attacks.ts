import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { signUpService } from '../directory-actors.js';
import { seedFrom } from '../../random/prng.js';
import { MINUTE, type PlantedAttack } from './planted-attack.js';

/** The user the directory creates for a B2C sign-up: no sign-up completes while B2C is down. */
function isSignUpUser(record: DirectoryAudit): boolean {
  return (
    record.activityDisplayName === 'Add user' &&
    record.initiatedBy?.app?.servicePrincipalId === signUpService().servicePrincipalId
  );
}

/**
 * Three sessions in four lose every record: users on one front door, region or identity provider cannot
 * sign in at all. Chosen by correlation id, so a session is lost whole and the same records are lost
 * on every run.
 */
export const partialSignInOutage: PlantedAttack = {
  id: 'partial-sign-in-outage',
  label: 'Partial outage: three sign-ins in four never happen for 2 hours (a region, a front door or a flood)',
  kind: 'T1499 endpoint denial of service',
  expectedRules: ['b2c.data-plane.sign-in-volume-partial-drop'],
  durationMs: 120 * MINUTE,
  records: () => [],
  outage: {
    removes: (record) =>
      record.loggedByService === 'B2C' && seedFrom('partial-sign-in-outage', record.correlationId ?? '') % 4 !== 0,
  },
};

/**
 * Nothing from B2C for 90 minutes: the tenant is down, or its audit log can no longer be read (a revoked
 * consent, an expired secret). The directory's own changes (secret rotation, admins) go on.
 */
export const fullOutage: PlantedAttack = {
  id: 'full-outage',
  label: 'Full outage: not one B2C record for 90 minutes (tenant down, or the audit log cut off)',
  kind: 'T1499 endpoint denial of service, T1562.008 disable cloud logs',
  expectedRules: ['b2c.watchdog.tenant-silent', 'b2c.data-plane.sign-in-volume-drop'],
  durationMs: 90 * MINUTE,
  records: () => [],
  outage: { removes: (record) => record.loggedByService === 'B2C' || isSignUpUser(record) },
};
