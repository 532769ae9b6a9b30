import type { EventRow } from '../rows/event-row.js';

/**
 * The columns of the Entra admin center's audit-log download (its "Download CSV"), in its order, as
 * far as our index keeps them (it does not keep ActorHomeTenantId/Name): up to three targets with five
 * modified properties each. Then ours: the event id, the actor's app id, and the additional details.
 */
const targetCount = 3;
const modifiedCount = 5;

/** Additional details B2C and Core Directory write, each in a column of its own, in this order. */
export const detailColumns = [
  'TenantId',
  'PolicyId',
  'ApplicationId',
  'Client',
  'ClientIpAddress',
  'IdentityProviderName',
  'IdentityProviderApplicationId',
  'GrantType',
  'DomainName',
  'LocalAccountUsername',
  'VerificationMethod',
  'AppId',
  'User-Agent',
];
const detailAt = new Map(detailColumns.map((key, at) => [key, at]));
export const otherDetailsColumn = 'Other additional details';

export const csvHeader: string[] = [
  'Date (UTC)',
  'CorrelationId',
  'Service',
  'Category',
  'Activity',
  'Result',
  'ResultReason',
  'User Agent',
  'ActorType',
  'ActorDisplayName',
  'ActorObjectId',
  'ActorUserPrincipalName',
  'IPAddress',
  'ActorServicePrincipalId',
  'ActorServicePrincipalName',
  ...Array.from({ length: targetCount }, (_, t) => [
    `Target${t + 1}Type`,
    `Target${t + 1}DisplayName`,
    `Target${t + 1}ObjectId`,
    `Target${t + 1}UserPrincipalName`,
    ...Array.from({ length: modifiedCount }, (_, m) => [
      `Target${t + 1}ModifiedProperty${m + 1}Name`,
      `Target${t + 1}ModifiedProperty${m + 1}OldValue`,
      `Target${t + 1}ModifiedProperty${m + 1}NewValue`,
    ]).flat(),
  ]).flat(),
  'Id',
  'ActorAppId',
  ...detailColumns,
  otherDetailsColumn,
];

/** ISO-8601 UTC with the microseconds the index keeps. */
export function isoMicros(timeUs: number): string {
  const ms = Math.floor(timeUs / 1000);
  const micros = String(timeUs % 1_000_000).padStart(6, '0');
  return `${new Date(ms).toISOString().slice(0, 19)}.${micros}Z`;
}

/** The fields of one row, in `csvHeader` order (unescaped). */
export function csvFields(row: EventRow): Array<string | null> {
  const isUser = row.actorType === 'user';
  const fields: Array<string | null> = [
    isoMicros(row.timeUs),
    row.correlationId,
    row.service,
    row.categoryRaw ?? row.category,
    row.activity,
    row.result,
    row.resultReason,
    row.userAgent,
    row.actorType,
    row.actorName,
    isUser ? row.actorId : null,
    row.actorUpn,
    row.ip,
    isUser ? null : row.actorId,
    row.actorSpn,
  ];
  for (let t = 0; t < targetCount; t++) {
    const target = row.targets[t];
    fields.push(target?.type ?? null, target?.displayName ?? null, target?.id ?? null, target?.upn ?? null);
    for (let m = 0; m < modifiedCount; m++) {
      const p = target?.modified[m];
      fields.push(p?.name ?? null, p?.oldValue ?? null, p?.newValue ?? null);
    }
  }
  fields.push(row.id, row.actorAppId);
  // One pass over the details: a column takes the first detail of its key, the rest go to the last column.
  const values: Array<string | undefined> = new Array<string | undefined>(detailColumns.length);
  const others: Array<[string, string]> = [];
  for (const d of row.details) {
    const at = detailAt.get(d.key);
    if (at === undefined) others.push([d.key, d.value]);
    else values[at] ??= d.value;
  }
  for (let i = 0; i < detailColumns.length; i++) fields.push(values[i] ?? null);
  fields.push(others.length === 0 ? null : JSON.stringify(others));
  return fields;
}
