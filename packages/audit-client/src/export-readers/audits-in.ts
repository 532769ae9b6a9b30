import type { DirectoryAudit } from '../events/directory-audit.js';
import { toDirectoryAudit, type Checked } from './to-directory-audit.js';

export type Found = ({ audit: DirectoryAudit; tenant?: string } | { problem: string }) & { where?: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function located(checked: Checked, where: string | undefined, tenant?: string): Found {
  if ('problem' in checked) return where === undefined ? checked : { problem: checked.problem, where };
  return tenant === undefined ? checked : { audit: checked.audit, tenant };
}

/**
 * An Azure Monitor / Event Hub resource-log record (common schema): the directoryAudit is
 * `properties`, the tenant is `tenantId`, and `time` is the event time. Records of other log
 * categories (SignInLogs, ...) share the stream and are reported, not taken for audits.
 */
function fromRecord(record: Record<string, unknown>, where: string | undefined): Found {
  const category = record.category;
  if (typeof category === 'string' && category.toLowerCase() !== 'auditlogs') {
    return { problem: `Azure Monitor record of category ${JSON.stringify(category)}, not AuditLogs; skipped`, where };
  }
  const tenant = typeof record.tenantId === 'string' && record.tenantId !== '' ? record.tenantId : undefined;
  return located(toDirectoryAudit(record.properties, record.time), where, tenant);
}

function fromItem(item: unknown, where: string | undefined): Found {
  // A record wraps the audit in `properties`; an audit itself has `id` at the top.
  if (isObject(item) && isObject(item.properties) && item.id === undefined && item.activityDateTime === undefined) {
    return fromRecord(item, where);
  }
  return located(toDirectoryAudit(item), where);
}

/**
 * The directoryAudit in one element of a streamed array: of a top-level array (`[i]`), of a Graph
 * page's `value` or of an Azure Monitor envelope's `records`.
 */
export function auditOfElement(item: unknown, container: 'array' | 'value' | 'records', index: number): Found {
  if (container === 'records') {
    const where = `records[${index}]`;
    return isObject(item) ? fromRecord(item, where) : { problem: 'not an Azure Monitor record', where };
  }
  return fromItem(item, container === 'value' ? `value[${index}]` : `[${index}]`);
}

/**
 * The directoryAudits in one parsed JSON value, whichever export shape it has: a Graph page
 * (`{"value": [...]}`), an Azure Monitor envelope (`{"records": [...]}`), an array of audits or of
 * records, one record, or one audit. `where` names the item inside the value for problem messages.
 */
export function* auditsIn(value: unknown): Generator<Found> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield auditOfElement(value[i], 'array', i);
  } else if (isObject(value) && Array.isArray(value.records)) {
    const records: unknown[] = value.records;
    for (let i = 0; i < records.length; i++) yield auditOfElement(records[i], 'records', i);
  } else if (isObject(value) && Array.isArray(value.value)) {
    const items: unknown[] = value.value;
    for (let i = 0; i < items.length; i++) yield auditOfElement(items[i], 'value', i);
  } else {
    yield fromItem(value, undefined);
  }
}
