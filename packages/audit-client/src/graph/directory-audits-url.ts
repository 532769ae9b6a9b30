import type { AuditWindow } from './audit-window.js';
import type { ODataClause } from './odata-clause.js';

export interface DirectoryAuditsUrlOptions {
  service: string | null;
  pageSize: number;
  /** Further clauses, ANDed after the reader's own (built by odata-clause.ts, so their values are escaped). */
  clauses?: readonly ODataClause[];
  /** Newest first (`$orderby=activityDateTime desc`); default ascending. */
  descending?: boolean;
}

/**
 * The first-page URL of a window for one service (null: every service): documented operators only
 * (eq, ge, le on documented properties, joined by `and`; never `or` across services, see
 * docs/graph-audit-api.md §1.1), ascending by activityDateTime unless told, literals as unquoted
 * ISO-8601 `Z`. Later pages come from `@odata.nextLink`, verbatim.
 */
export function directoryAuditsUrl(
  graphBaseUrl: string,
  window: AuditWindow,
  options: DirectoryAuditsUrlOptions,
): string {
  const clauses: string[] = [];
  if (options.service !== null) clauses.push(`loggedByService eq '${options.service.replaceAll("'", "''")}'`);
  clauses.push(`activityDateTime ge ${new Date(window.from).toISOString()}`);
  clauses.push(`activityDateTime le ${new Date(window.to).toISOString()}`);
  for (const clause of options.clauses ?? []) clauses.push(clause.text);
  const query = [
    `$filter=${encodeURIComponent(clauses.join(' and '))}`,
    `$orderby=${encodeURIComponent(options.descending ? 'activityDateTime desc' : 'activityDateTime')}`,
    `$top=${options.pageSize}`,
  ].join('&');
  return `${graphBaseUrl.replace(/\/+$/, '')}/v1.0/auditLogs/directoryAudits?${query}`;
}
