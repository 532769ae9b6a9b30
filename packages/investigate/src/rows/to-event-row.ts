import { canonicalCategory, toUtcDateTime, type DirectoryAudit } from '@b2c-alerts/audit-client';
import type { DetailEntry, EventRow, RecordLocator, TargetEntry } from './event-row.js';
import { ipKey } from '../filters/ip-key.js';
import { wellFormedText } from './well-formed.js';
import { presentText, wireText } from './wire-text.js';

/**
 * The row of one raw record, as the index derives it in SQL (rows/row-sql.ts): the raw-scan path and
 * the parity tests use this. Keep the two in step; the parity tests compare them on every field.
 */
export function toEventRow(raw: DirectoryAudit, locator: RecordLocator): EventRow | undefined {
  const timeUs = epochMicros(raw.activityDateTime);
  if (timeUs === undefined) return undefined;
  const user = objectOrNull(raw.initiatedBy, 'user');
  const app = objectOrNull(raw.initiatedBy, 'app');
  const userId = presentText(user?.id);
  const upn = presentText(user?.userPrincipalName);
  const userName = presentText(user?.displayName);
  const spnText = presentText(app?.servicePrincipalName);
  const appIdText = presentText(app?.appId);
  const actorAppId = appIdText === 'N/A' ? null : appIdText;
  const appName = presentText(app?.displayName);
  const spId = presentText(app?.servicePrincipalId);
  const isUser = userId !== null || upn !== null || userName !== null;
  const isApp = !isUser && (actorAppId !== null || spnText !== null || appName !== null || spId !== null);
  const actorIp = presentText(user?.ipAddress);
  const details = detailsOf(raw.additionalDetails);
  const ip = firstDetail(details, 'ClientIpAddress') ?? actorIp;
  return {
    id: wellFormedText(raw.id),
    timeUs,
    category: canonicalCategory(wireText(raw.category)),
    categoryRaw: wireText(raw.category),
    activity: presentText(raw.activityDisplayName),
    result: presentText(raw.result),
    resultReason: presentText(raw.resultReason),
    service: presentText(raw.loggedByService),
    operationType: presentText(raw.operationType),
    correlationId: presentText(raw.correlationId),
    userAgent: presentText(raw.userAgent),
    actorType: isUser ? 'user' : isApp ? 'app' : null,
    actorId: isUser ? userId : isApp ? spId : null,
    actorUpn: upn,
    actorName: isUser ? userName : isApp ? appName : null,
    actorAppId,
    actorSpn: spnText,
    actorIp,
    ip,
    ipKey: ipKey(ip) ?? null,
    policyId: firstDetail(details, 'PolicyId'),
    appId: firstDetail(details, 'ApplicationId') ?? firstDetail(details, 'AppId'),
    details,
    targets: targetsOf(raw.targetResources),
    part: locator.part,
  };
}

/** activityDateTime in UTC as epoch microseconds (fraction digits past the sixth dropped), or undefined. */
export function epochMicros(activityDateTime: unknown): number | undefined {
  if (typeof activityDateTime !== 'string') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(toUtcDateTime(activityDateTime));
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(ms)) return undefined;
  return ms * 1000 + Number((m[2] ?? '').slice(0, 6).padEnd(6, '0'));
}

function objectOrNull(parent: unknown, key: string): Record<string, unknown> | null {
  if (parent === null || typeof parent !== 'object') return null;
  const value = (parent as Record<string, unknown>)[key];
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;
}

function detailsOf(list: unknown): DetailEntry[] {
  if (!Array.isArray(list)) return [];
  const out: DetailEntry[] = [];
  for (const pair of list) {
    if (pair === null || typeof pair !== 'object') continue;
    const key = presentText((pair as Record<string, unknown>).key);
    const value = wireText((pair as Record<string, unknown>).value);
    if (key !== null && value !== null) out.push({ key, value });
  }
  return out;
}

/** The first non-empty value of `key`. */
export function firstDetail(details: readonly DetailEntry[], key: string): string | null {
  for (const d of details) if (d.key === key && d.value !== '') return d.value;
  return null;
}

function targetsOf(list: unknown): TargetEntry[] {
  if (!Array.isArray(list)) return [];
  const out: TargetEntry[] = [];
  for (const item of list) {
    if (item === null || typeof item !== 'object') continue;
    const t = item as Record<string, unknown>;
    const modified = Array.isArray(t.modifiedProperties) ? t.modifiedProperties : [];
    out.push({
      id: presentText(t.id),
      // Only `type`: the index reads no `Type` (the Graph docs' List example spells it so; live records do not).
      type: presentText(t.type),
      displayName: presentText(t.displayName),
      upn: presentText(t.userPrincipalName),
      modified: modified
        .filter((p): p is Record<string, unknown> => p !== null && typeof p === 'object')
        .map((p) => ({
          name: presentText(p.displayName) ?? '',
          oldValue: wireText(p.oldValue),
          newValue: wireText(p.newValue),
        })),
    });
  }
  return out;
}
