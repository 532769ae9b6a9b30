import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import type { Prng } from '../random/prng.js';
import type { B2cApp } from './traffic-population.js';

type Detail = { key: string; value: string };

export interface DataPlaneParts {
  time: string;
  activity: string;
  correlationId: string;
  app: B2cApp;
  policyId: string;
  client: string;
  ip: string;
  /** The signing-in user's object id; the target of the record. */
  userObjectId?: string;
  /** Keys between Client and ClientIpAddress, in wire order (e.g. LocalAccountUsername, GrantType). */
  details?: Detail[];
  result?: 'success' | 'failure';
  resultReason?: string;
  /** "Exchange token" records carry no targetResources on the wire. */
  noTargets?: boolean;
  /** initiatedBy.app.appId is the literal "N/A" on some records. */
  appIdNotAvailable?: boolean;
}

export interface AdminParts {
  time: string;
  activity: string;
  category: string;
  correlationId: string;
  actor: { upn: string; objectId: string; ip: string };
  target: { id: string; type?: string };
  result?: 'success' | 'failure';
  resultReason?: string;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * Builds B2C directoryAudit records in the shapes of the published samples: data-plane records are
 * initiated by the B2C app (servicePrincipalName = its client id) and carry TenantId, PolicyId,
 * ApplicationId, Client and ClientIpAddress; admin records are initiated by a user with an IP.
 * Ids are `B2C_[<idPrefix>_]<correlationId>_<5 chars>_<8+ digits>`, the digits rising with every record
 * so ids never repeat within one builder.
 */
export class B2cEventBuilder {
  private counter: number;
  private readonly idHead: string;

  constructor(
    private readonly prng: Prng,
    readonly tenant: string,
    idPrefix?: string,
  ) {
    this.counter = 10_000_000 + prng.int(20_000_000);
    this.idHead = idPrefix ? `B2C_${idPrefix}_` : 'B2C_';
  }

  id(correlationId: string): string {
    this.counter += 1 + this.prng.int(37);
    return `${this.idHead}${correlationId}_${this.prng.chars(5, ID_ALPHABET)}_${this.counter}`;
  }

  dataPlane(p: DataPlaneParts): DirectoryAudit {
    const additionalDetails: Detail[] = [
      { key: 'TenantId', value: this.tenant },
      { key: 'PolicyId', value: p.policyId },
      { key: 'ApplicationId', value: p.app.clientId },
      { key: 'Client', value: p.client },
    ];
    if (p.details) for (const d of p.details) additionalDetails.push(d);
    additionalDetails.push({ key: 'ClientIpAddress', value: p.ip });
    const event: DirectoryAudit = {
      id: this.id(p.correlationId),
      category: 'Authentication',
      correlationId: p.correlationId,
      result: p.result ?? 'success',
      resultReason: p.resultReason ?? 'N/A',
      activityDisplayName: p.activity,
      activityDateTime: p.time,
      loggedByService: 'B2C',
      operationType: '',
      initiatedBy: {
        user: null,
        app: {
          appId: p.appIdNotAvailable ? 'N/A' : p.app.objectId,
          displayName: null,
          servicePrincipalId: null,
          servicePrincipalName: p.app.clientId,
        },
      },
      additionalDetails,
    };
    if (!p.noTargets) {
      event.targetResources = p.userObjectId
        ? [
            {
              id: p.userObjectId,
              displayName: null,
              type: 'User',
              userPrincipalName: null,
              groupType: null,
              modifiedProperties: [],
            },
          ]
        : [];
    }
    return event;
  }

  admin(p: AdminParts): DirectoryAudit {
    return {
      id: this.id(p.correlationId),
      category: p.category,
      correlationId: p.correlationId,
      result: p.result ?? 'success',
      resultReason: p.resultReason ?? 'N/A',
      activityDisplayName: p.activity,
      activityDateTime: p.time,
      loggedByService: 'B2C',
      operationType: '',
      initiatedBy: {
        user: { id: p.actor.objectId, displayName: null, userPrincipalName: p.actor.upn, ipAddress: p.actor.ip },
        app: null,
      },
      targetResources: [
        {
          id: p.target.id,
          displayName: p.target.id,
          type: p.target.type ?? 'Other',
          userPrincipalName: null,
          groupType: null,
          modifiedProperties: [],
        },
      ],
      additionalDetails: [{ key: 'TenantId', value: this.tenant }],
    };
  }
}
