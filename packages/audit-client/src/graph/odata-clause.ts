import { AuditClientError } from '../errors/audit-client-error.js';

/**
 * The directoryAudit properties a caller may add `eq` clauses on: the ones Graph documents as
 * filterable with `eq` (docs/graph-audit-api.md §1.1). `activityDateTime` and `loggedByService` are the
 * reader's own clauses.
 */
export type FilterableProperty =
  | 'id'
  | 'activityDisplayName'
  | 'correlationId'
  | 'initiatedBy/user/id'
  | 'initiatedBy/user/userPrincipalName'
  | 'initiatedBy/app/appId';

/** One `$filter` clause the reader ANDs to its own; only the builders below make one, so values are always escaped. */
export interface ODataClause {
  readonly text: string;
}

/** Longest value put in a clause; activity names and ids are far shorter. */
export const maxClauseValueChars = 512;

/** An OData string literal: quoted, `'` doubled. Refuses control characters and values past maxClauseValueChars. */
export function odataString(value: string): string {
  if (value.length === 0 || value.length > maxClauseValueChars || hasControlChar(value)) {
    throw new AuditClientError(
      'AC_ERR_OPTIONS_INVALID',
      `A Graph filter value must be 1 to ${maxClauseValueChars} characters with no control characters (got ${value.length} characters).`,
    );
  }
  return `'${value.replaceAll("'", "''")}'`;
}

/** `property eq 'v'`, or `(property eq 'a' or property eq 'b')` for several values (any of them). */
export function eqAnyClause(property: FilterableProperty, values: readonly string[]): ODataClause {
  if (values.length === 0) throw new AuditClientError('AC_ERR_OPTIONS_INVALID', `No value to filter ${property} on.`);
  const parts = [...new Set(values)].map((v) => `${property} eq ${odataString(v)}`);
  return { text: parts.length === 1 ? parts[0]! : `(${parts.join(' or ')})` };
}

/** Some target of the record has this id: `targetResources/any(t: t/id eq 'v')`. */
export function targetIdClause(id: string): ODataClause {
  return { text: `targetResources/any(t: t/id eq ${odataString(id)})` };
}

function hasControlChar(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}
