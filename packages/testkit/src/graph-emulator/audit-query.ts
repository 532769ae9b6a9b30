import type { StoreCursor } from './event-store.js';
import { parseAuditFilter, type AuditFilter } from './odata-filter.js';
import { decodeSkipToken, encodeSkipToken } from './skip-token.js';

/** A validated directoryAudits query: from the URL on a first page, from the `$skiptoken` after that. */
export interface AuditQuery {
  filterText: string | undefined;
  orderbyText: string | undefined;
  filter: AuditFilter;
  descending: boolean;
  top: number;
  /** Set on continuation pages: the last record the previous page served. */
  cursor: StoreCursor | undefined;
}

/** A query option Graph would refuse with 400 BadRequest; `message` is ready for the body. */
export class AuditQueryError extends Error {
  override readonly name = 'AuditQueryError';
  readonly code = 'invalid_query';
}

/**
 * Reads `$filter`, `$orderby` (activityDateTime asc|desc), `$top` (clamped to `maxPageSize`, which is
 * also the default) and `$skiptoken`. A `$skiptoken` carries the original query, which then wins over
 * whatever else the URL says. Throws AuditQueryError or ODataFilterError.
 */
export function parseAuditQuery(params: URLSearchParams, maxPageSize: number): AuditQuery {
  const skipToken = params.get('$skiptoken');
  let filterText: string | undefined;
  let orderbyText: string | undefined;
  let top: number;
  let cursor: StoreCursor | undefined;
  if (skipToken !== null) {
    const state = decodeSkipToken(skipToken);
    if (!state)
      throw new AuditQueryError(
        'Invalid $skiptoken: it was not issued by this service. Follow @odata.nextLink verbatim.',
      );
    ({ filter: filterText, orderby: orderbyText, top, cursor } = state);
  } else {
    filterText = params.get('$filter') ?? undefined;
    orderbyText = params.get('$orderby') ?? undefined;
    const topText = params.get('$top');
    if (topText === null) {
      top = maxPageSize;
    } else {
      if (!/^\d+$/.test(topText) || Number(topText) === 0)
        throw new AuditQueryError(`Invalid value '${topText}' for $top query option.`);
      top = Math.min(Number(topText), maxPageSize);
    }
  }
  const filter = filterText === undefined ? { equals: [], conditions: [] } : parseAuditFilter(filterText);
  let descending = false;
  if (orderbyText !== undefined) {
    const m = /^\s*activityDateTime(?:\s+(asc|desc))?\s*$/i.exec(orderbyText);
    if (!m)
      throw new AuditQueryError(`Invalid $orderby '${orderbyText}': only activityDateTime (asc or desc) is supported.`);
    descending = m[1]?.toLowerCase() === 'desc';
  }
  return { filterText, orderbyText, filter, descending, top, cursor };
}

/** The absolute `@odata.nextLink` continuing `query` after `last`, with $filter/$orderby/$top as Graph writes them. */
export function nextLinkFor(collectionUrl: string, query: AuditQuery, last: StoreCursor): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+').replace(/'/g, '%27');
  const parts: string[] = [];
  if (query.filterText !== undefined) parts.push(`$filter=${enc(query.filterText)}`);
  if (query.orderbyText !== undefined) parts.push(`$orderby=${enc(query.orderbyText)}`);
  parts.push(`$top=${query.top}`);
  const cursor = { ms: last.ms, ticks: last.ticks, id: last.id };
  parts.push(
    `$skiptoken=${encodeSkipToken({ filter: query.filterText, orderby: query.orderbyText, top: query.top, cursor })}`,
  );
  return `${collectionUrl}?${parts.join('&')}`;
}
