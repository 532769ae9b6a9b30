import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { property, type DirectoryTarget } from '../directory-event-builder.js';
import { intruderAdmin } from '../known-admins.js';
import { b2cApps } from '../traffic-population.js';
import { attackTools, type AttackTools } from './attack-tools.js';
import { MINUTE, type AttackOptions, type PlantedAttack } from './planted-attack.js';

/** Every B2C tenant has it; it holds the custom user attributes and normally has no credential. */
const extensionsApp = {
  objectId: '0d5e8b2a-7c41-4f93-a6b8-2e1d9c4f7a30',
  clientId: 'b7c3a9e1-4d25-4f68-9a0b-5e2c8d1f6a47',
  name: 'b2c-extensions-app. Do not modify. Used by AADB2C for storing user data.',
};
/** An application the intruder registered earlier; its service principal gets the consent. */
const backupTool = {
  servicePrincipalId: '6d2a9f4c-1e85-4b37-a0c6-e9f3b5d1a782',
  clientId: 'f7c2a9e5-3b16-4d84-90e2-a6d4b8c1f357',
  name: 'Tenant Backup Tool',
};
const microsoftGraph = { servicePrincipalId: '9a4f1c7e-2d58-4b63-8e0a-b5c3d7f1e296', name: 'Microsoft Graph' };
const scriptAgent = 'python-requests/2.32.3';

function secret(keyId: string, description: string): string {
  return `[KeyIdentifier=${keyId},KeyType=Password,KeyUsage=Verify,DisplayName=${description}]`;
}

/** One change to an application by the intruder, with the app's client id in the `AppId` detail. */
function appChange(
  tools: AttackTools,
  activity: string,
  operationType: 'Update' | 'Assign',
  targets: DirectoryTarget[],
  appId?: string,
): DirectoryAudit {
  return tools.directory.record({
    time: tools.clock.now(),
    activity,
    category: 'ApplicationManagement',
    operationType,
    actor: { user: intruderAdmin(tools.tenant) },
    targets,
    details: [{ key: 'User-Agent', value: scriptAgent }, ...(appId ? [{ key: 'AppId', value: appId }] : [])],
  });
}

function credentialAdded(id: string, app: { objectId: string; clientId: string; name: string }, before: string[]) {
  return (at: number, o: AttackOptions = {}): DirectoryAudit[] => {
    const tools = attackTools(id, at, o);
    const added = secret(tools.prng.guid(), 'backup, do not delete');
    return [
      appChange(
        tools,
        'Update application – Certificates and secrets management ',
        'Update',
        [
          {
            id: app.objectId,
            type: 'Application',
            displayName: app.name,
            modifiedProperties: [
              property('KeyDescription', before, [...before, added]),
              property('Included Updated Properties', undefined, 'KeyDescription'),
            ],
          },
        ],
        app.clientId,
      ),
    ];
  };
}

export const firstAppCredential: PlantedAttack = {
  id: 'first-app-credential',
  label: 'First credential on an application: a client secret added to b2c-extensions-app, which had none',
  kind: 'T1098.001 additional cloud credentials',
  expectedRules: ['b2c.directory.first-app-credential-added'],
  durationMs: 5 * MINUTE,
  records: credentialAdded('first-app-credential', extensionsApp, []),
};

const web = b2cApps[0]!;
export const appSecretOutsidePipeline: PlantedAttack = {
  id: 'app-secret-outside-pipeline',
  label:
    'Secret added outside the pipeline: a second client secret on Contoso Web, added by a person, not the pipeline',
  kind: 'T1098.001 additional cloud credentials',
  expectedRules: ['b2c.directory.app-credential-added'],
  durationMs: 5 * MINUTE,
  records: credentialAdded('app-secret-outside-pipeline', web, [
    secret('3f9c1e7a-5b2d-4c86-a0e4-d7b1f3c5e928', 'pipeline'),
  ]),
};

/** Admin consent to application permissions: the app role assignment, then the consent itself (§4.5). */
export const highRiskConsent: PlantedAttack = {
  id: 'high-risk-consent',
  label:
    "Consent to a high-risk permission: the intruder's app granted RoleManagement.ReadWrite.Directory with admin consent",
  kind: 'T1098.003 additional cloud roles, T1528 steal application access token',
  expectedRules: ['b2c.directory.high-risk-permission-consent'],
  durationMs: 5 * MINUTE,
  records: (at, o = {}) => {
    const tools = attackTools('high-risk-consent', at, o);
    const assignment = appChange(tools, 'Add app role assignment to service principal', 'Assign', [
      {
        id: microsoftGraph.servicePrincipalId,
        type: 'ServicePrincipal',
        displayName: microsoftGraph.name,
        modifiedProperties: [
          property('AppRole.Id', undefined, '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8'),
          property('AppRole.Value', undefined, 'RoleManagement.ReadWrite.Directory'),
          property('AppRole.DisplayName', undefined, 'Read and write all directory RBAC settings'),
          property('ServicePrincipal.ObjectID', undefined, backupTool.servicePrincipalId),
          property('ServicePrincipal.DisplayName', undefined, backupTool.name),
          property('ServicePrincipal.AppId', undefined, backupTool.clientId),
        ],
      },
    ]);
    tools.clock.advance(500, 3_000);
    const grant =
      `[Id: ${tools.prng.guid()}, ClientId: ${backupTool.servicePrincipalId}, PrincipalId: , ` +
      `ResourceId: ${microsoftGraph.servicePrincipalId}, ConsentType: AllPrincipals, ` +
      'Scope:  RoleManagement.ReadWrite.Directory, CreatedDateTime: , LastModifiedDateTime ]';
    const consent = appChange(
      tools,
      'Consent to application',
      'Assign',
      [
        {
          id: backupTool.servicePrincipalId,
          type: 'ServicePrincipal',
          displayName: backupTool.name,
          modifiedProperties: [
            property('ConsentContext.IsAdminConsent', undefined, 'True'),
            property('ConsentContext.IsAppOnly', undefined, 'True'),
            property('ConsentContext.OnBehalfOfAll', undefined, 'True'),
            property('ConsentAction.Permissions', undefined, `[] => [${grant}]; `),
            property('TargetId.ServicePrincipalNames', undefined, backupTool.clientId),
          ],
        },
      ],
      backupTool.clientId,
    );
    return [assignment, consent];
  },
};

export const appOwnerAdded: PlantedAttack = {
  id: 'app-owner-added',
  label: 'Owner added to an application: an outside account made owner of Contoso Web (it can then add secrets)',
  kind: 'T1098 account manipulation',
  expectedRules: ['b2c.directory.app-owner-added'],
  durationMs: 5 * MINUTE,
  records: (at, o = {}) => {
    const tools = attackTools('app-owner-added', at, o);
    return [
      appChange(tools, 'Add owner to application', 'Assign', [
        {
          id: tools.prng.guid(),
          type: 'User',
          userPrincipalName: `eve.outsider@${tools.tenant}`,
          modifiedProperties: [
            property('Application.ObjectID', undefined, web.objectId),
            property('Application.DisplayName', undefined, web.name),
            property('Application.AppId', undefined, web.clientId),
          ],
        },
        { id: web.objectId, type: 'Application', displayName: web.name },
      ]),
    ];
  },
};

const address = (uri: string) => ({
  AddressType: 0,
  Address: uri,
  ReplyAddressClientType: 1,
  ReplyAddressIndex: null,
  IsReplyAddressDefault: false,
});

export const redirectUriAdded: PlantedAttack = {
  id: 'redirect-uri-added',
  label: "Redirect URI added: Contoso Web's sign-ins may now send tokens to a host outside the company",
  kind: 'T1528 steal application access token',
  expectedRules: ['b2c.directory.redirect-uri-added'],
  durationMs: 5 * MINUTE,
  records: (at, o = {}) => {
    const tools = attackTools('redirect-uri-added', at, o);
    const before = [address('https://www.contoso.com/signin-oidc'), address('https://staging.contoso.com/signin-oidc')];
    return [
      appChange(
        tools,
        'Update application',
        'Update',
        [
          {
            id: web.objectId,
            type: 'Application',
            displayName: web.name,
            modifiedProperties: [
              property('AppAddress', before, [...before, address('https://token-harvest.example/callback')]),
              property('Included Updated Properties', undefined, 'AppAddress'),
            ],
          },
        ],
        web.clientId,
      ),
    ];
  },
};
