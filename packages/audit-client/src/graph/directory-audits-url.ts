import type { AuditWindow } from './audit-window.js';

/**
 * The first-page URL of a window for one service (null: every service): documented operators only
 * (eq, ge, le on documented properties, joined by `and`; never `or`, see docs/graph-audit-api.md §1.1),
 * ascending by activityDateTime, literals as unquoted ISO-8601 `Z`. Later pages come from
 * `@odata.nextLink`, verbatim.
 */
export function directoryAuditsUrl(
  graphBaseUrl: string,
  window: AuditWindow,
  options: { service: string | null; pageSize: number },
): string {
  const clauses: string[] = [];
  if (options.service !== null) clauses.push(`loggedByService eq '${options.service.replaceAll("'", "''")}'`);
  clauses.push(`activityDateTime ge ${new Date(window.from).toISOString()}`);
  clauses.push(`activityDateTime le ${new Date(window.to).toISOString()}`);
  const query = [
    `$filter=${encodeURIComponent(clauses.join(' and '))}`,
    `$orderby=${encodeURIComponent('activityDateTime')}`,
    `$top=${options.pageSize}`,
  ].join('&');
  return `${graphBaseUrl.replace(/\/+$/, '')}/v1.0/auditLogs/directoryAudits?${query}`;
}
