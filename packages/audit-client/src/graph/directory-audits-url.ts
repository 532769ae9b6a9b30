import type { AuditWindow } from './audit-window.js';

/**
 * The first-page URL of a window: documented operators only (eq, ge, le on documented properties),
 * ascending by activityDateTime, literals as unquoted ISO-8601 `Z`. Later pages come from
 * `@odata.nextLink`, verbatim.
 */
export function directoryAuditsUrl(
  graphBaseUrl: string,
  window: AuditWindow,
  options: { loggedByService: string | null; pageSize: number },
): string {
  const clauses: string[] = [];
  if (options.loggedByService !== null)
    clauses.push(`loggedByService eq '${options.loggedByService.replaceAll("'", "''")}'`);
  clauses.push(`activityDateTime ge ${new Date(window.from).toISOString()}`);
  clauses.push(`activityDateTime le ${new Date(window.to).toISOString()}`);
  const query = [
    `$filter=${encodeURIComponent(clauses.join(' and '))}`,
    `$orderby=${encodeURIComponent('activityDateTime')}`,
    `$top=${options.pageSize}`,
  ].join('&');
  return `${graphBaseUrl.replace(/\/+$/, '')}/v1.0/auditLogs/directoryAudits?${query}`;
}
