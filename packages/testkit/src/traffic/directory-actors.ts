import { knownAdmins, type TenantAdmin } from './known-admins.js';

/** A service principal acting on the directory, as `initiatedBy.app` names it. */
export interface ServicePrincipalActor {
  displayName: string;
  /** The application (client) id; the directory logs `appId: null` for app initiators, so rules see servicePrincipalId. */
  appId: string;
  servicePrincipalId: string;
}

const DEFAULT_TENANT = 'contosob2c.onmicrosoft.com';

/**
 * The administrators who assign and remove directory roles in benign traffic (Privileged Role
 * Administrators). A rule pack allow-lists them, e.g. in rules/lists/role-managers.yaml; a role given
 * by anyone else is an incident.
 */
export function roleManagers(tenant = DEFAULT_TENANT): TenantAdmin[] {
  return [knownAdmins(tenant)[0]!];
}

/** The administrators who manage consumer accounts in benign traffic: updates, password resets, deletions. */
export function userAdmins(tenant = DEFAULT_TENANT): TenantAdmin[] {
  return knownAdmins(tenant).slice(1);
}

/**
 * The deployment pipeline's service principal: it rotates the B2C applications' client secrets on a
 * schedule (a new secret, then the old one removed). A rule pack allow-lists it for credential changes.
 */
export function deploymentPipeline(): ServicePrincipalActor {
  return {
    displayName: 'contoso-b2c-deploy',
    appId: '0c4e7a19-5d82-4b36-9f10-a8e2c6d4b571',
    servicePrincipalId: '5e2a9c17-3b84-4d6f-a091-c7e4b2d8f153',
  };
}

/**
 * The service principal the directory names as creating the users of B2C sign-ups. Illustrative: the
 * published samples show no sign-up `Add user`, so the initiator's name here is ours.
 */
export function signUpService(): ServicePrincipalActor {
  return {
    displayName: 'B2C sign-up',
    appId: 'b4f1d8e2-7c35-4a69-8e0b-3d5a9c1f7e26',
    servicePrincipalId: '1c7e4a2f-9b35-4d08-8e61-f2a5c9d3b740',
  };
}
