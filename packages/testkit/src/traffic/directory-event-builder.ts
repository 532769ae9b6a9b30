import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import type { Prng } from '../random/prng.js';
import type { ServicePrincipalActor } from './directory-actors.js';
import type { TenantAdmin } from './known-admins.js';

type Detail = { key: string; value: string };
type Property = { displayName: string; oldValue: string | null; newValue: string | null };

export interface DirectoryTarget {
  /** null where the directory logs none (a domain is named by its displayName). */
  id: string | null;
  type: string;
  displayName?: string;
  userPrincipalName?: string;
  modifiedProperties?: Property[];
}

export interface DirectoryParts {
  time: string;
  activity: string;
  category: string;
  operationType: 'Add' | 'Update' | 'Delete' | 'Assign' | 'Unassign';
  actor: { user: TenantAdmin } | { app: ServicePrincipalActor };
  targets: DirectoryTarget[];
  details?: Detail[];
  /**
   * loggedByService; default Core Directory. Conditional access and authentication-methods policy
   * changes are logged by their own services (`Conditional Access`, `Authentication Methods`) in the
   * same record shape.
   */
  service?: string;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const PORTAL_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0';

/** A modified property as the directory logs it: values are JSON text, null when not logged. */
export function property(name: string, oldValue: unknown, newValue: unknown): Property {
  return {
    displayName: name,
    oldValue: oldValue === undefined ? null : JSON.stringify(oldValue),
    newValue: newValue === undefined ? null : JSON.stringify(newValue),
  };
}

/**
 * Builds Core Directory records in the shapes the directory logs (docs/graph-audit-api.md §4): an
 * operationType, an empty resultReason, a user initiator with an IP or an app initiator named by its
 * service principal (appId null), targets with JSON-encoded modified properties. Ids are
 * `Directory_[<idPrefix>_]<correlationId>_<5 chars>_<8+ digits>`, the digits rising with every record.
 */
export class DirectoryEventBuilder {
  private counter: number;
  private readonly idHead: string;

  constructor(
    private readonly prng: Prng,
    readonly tenant: string,
    idPrefix?: string,
  ) {
    this.counter = 100_000_000 + prng.int(50_000_000);
    this.idHead = idPrefix ? `Directory_${idPrefix}_` : 'Directory_';
  }

  record(p: DirectoryParts): DirectoryAudit {
    const correlationId = this.prng.guid();
    this.counter += 1 + this.prng.int(997);
    const initiatedBy =
      'user' in p.actor
        ? {
            user: {
              id: p.actor.user.objectId,
              displayName: null,
              userPrincipalName: p.actor.user.upn,
              ipAddress: p.actor.user.ip,
            },
            app: null,
          }
        : {
            user: null,
            app: {
              appId: null,
              displayName: p.actor.app.displayName,
              servicePrincipalId: p.actor.app.servicePrincipalId,
              servicePrincipalName: null,
            },
          };
    return {
      id: `${this.idHead}${correlationId}_${this.prng.chars(5, ID_ALPHABET)}_${this.counter}`,
      category: p.category,
      correlationId,
      result: 'success',
      resultReason: '',
      activityDisplayName: p.activity,
      activityDateTime: p.time,
      loggedByService: p.service ?? 'Core Directory',
      operationType: p.operationType,
      initiatedBy,
      targetResources: p.targets.map((t) => ({
        id: t.id,
        displayName: t.displayName ?? null,
        type: t.type,
        userPrincipalName: t.userPrincipalName ?? null,
        groupType: null,
        modifiedProperties: t.modifiedProperties ?? [],
        administrativeUnits: [],
      })),
      additionalDetails: p.details ?? ('user' in p.actor ? [{ key: 'User-Agent', value: PORTAL_USER_AGENT }] : []),
    };
  }
}
