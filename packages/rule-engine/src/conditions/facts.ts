import type { AuditEvent } from '@b2c-alerts/audit-client';

/**
 * The fact names a rule may use: the AuditEvent fields (docs/architecture.md, "The normalized event"). `details.<Key>` accepts any key
 * (additionalDetails are open-ended). Keep in step with AuditEvent; the loader rejects anything else.
 */
export const knownFacts: readonly string[] = [
  'id',
  'time',
  'timestamp',
  'activity',
  'category',
  'categoryRaw',
  'result',
  'resultReason',
  'service',
  'operationType',
  'correlationId',
  'userAgent',
  'ip',
  'tenant',
  'actor',
  'actor.type',
  'actor.id',
  'actor.upn',
  'actor.displayName',
  'actor.ip',
  'actor.appId',
  'actor.spn',
  'actor.name',
  'target',
  'target.id',
  'target.type',
  'target.displayName',
  'target.upn',
  'targets',
  'details',
  // Directory facts (Core Directory events; absent on others): docs/architecture.md, "The normalized event".
  'role',
  'role.id',
  'role.name',
  'role.templateId',
  'role.wellKnownName',
  'member',
  'member.id',
  'member.type',
  'member.upn',
  'member.displayName',
  'member.name',
  'app',
  'app.id',
  'app.appId',
  'app.displayName',
  'app.type',
  'app.name',
  'owner',
  'owner.id',
  'owner.type',
  'owner.upn',
  'owner.displayName',
  'owner.name',
  'credential',
  'credential.type',
  'credential.keyType',
  'credential.keyId',
  'credential.usage',
  'credential.displayName',
  'credential.added',
  'credential.removed',
  'credential.first',
  'consent',
  'consent.permissions',
  'consent.admin',
  'consent.tenantWide',
  'consent.kind',
  'consent.resource',
  'redirectUris',
  'redirectUris.added',
  'redirectUris.removed',
];

/** True when `name` is a fact the AuditEvent has. */
export function isKnownFact(name: string): boolean {
  return knownFacts.includes(name) || /^details\.[A-Za-z0-9_]+$/.test(name);
}

/** Reads a dotted fact from an event; undefined when absent. */
export function getFact(event: AuditEvent, name: string): unknown {
  const dot = name.indexOf('.');
  if (dot < 0) return (event as unknown as Record<string, unknown>)[name];
  const head = (event as unknown as Record<string, unknown>)[name.slice(0, dot)];
  if (head === null || typeof head !== 'object') return undefined;
  const key = name.slice(dot + 1);
  // Own keys only: `details.constructor` must be absent, not Object's constructor.
  return Object.hasOwn(head, key) ? (head as Record<string, unknown>)[key] : undefined;
}
