import {
  appOwnerAdded,
  appSecretOutsidePipeline,
  firstAppCredential,
  highRiskConsent,
  redirectUriAdded,
} from './app-attacks.js';
import { authPolicyWeakened } from './auth-policy-attacks.js';
import { bruteForceByObjectId, passwordSpray, passwordSprayThenToken } from './credential-attacks.js';
import {
  bulkUserDeletion,
  domainFederated,
  privilegedRoleByIntruder,
  userCreatedThenPrivilegedRole,
} from './directory-role-attacks.js';
import { fullOutage, partialSignInOutage } from './outage-attacks.js';
import type { PlantedAttack } from './planted-attack.js';
import {
  apiConnectorChanged,
  customPolicyBurst,
  identityProviderDeleted,
  keyDeletedThenPolicyUploaded,
  policyKeyDeleted,
} from './tenant-config-attacks.js';
import {
  emailVerificationAbuse,
  phonePumpingByIp,
  phonePumpingByPolicy,
  phoneSpikeByPolicy,
} from './verification-attacks.js';

/**
 * Every planted attack, one of each kind, in the order an evaluation plants and reports them: the
 * consumer-facing data plane, outages, the B2C configuration, then the directory. Together they cover
 * the shipped pack's detections; `expectedRules` names which rule each is for.
 */
export const attackCatalogue: readonly PlantedAttack[] = Object.freeze([
  passwordSpray,
  passwordSprayThenToken,
  bruteForceByObjectId,
  phonePumpingByIp,
  phoneSpikeByPolicy,
  phonePumpingByPolicy,
  emailVerificationAbuse,
  partialSignInOutage,
  fullOutage,
  policyKeyDeleted,
  customPolicyBurst,
  keyDeletedThenPolicyUploaded,
  identityProviderDeleted,
  apiConnectorChanged,
  privilegedRoleByIntruder,
  userCreatedThenPrivilegedRole,
  bulkUserDeletion,
  domainFederated,
  authPolicyWeakened,
  firstAppCredential,
  appSecretOutsidePipeline,
  highRiskConsent,
  appOwnerAdded,
  redirectUriAdded,
]);
