import { filterFields, filterNames } from './filter-fields.js';

/** The filter as the UI holds it: each field's values, in bar order; absent fields have no entry. */
export type FilterState = Map<string, string[]>;

/**
 * The filter part of a route's query (UI-only keys such as `event` are dropped). Comma lists of list
 * fields are split here, so a link `?ids=a,b` and `?ids=a&ids=b` read alike.
 */
export function filterFromQuery(query: URLSearchParams): FilterState {
  const state: FilterState = new Map();
  for (const field of filterFields) {
    const values = query
      .getAll(field.name)
      .flatMap((v) => (field.kind === 'list' ? v.split(',') : [v]))
      .map((v) => (field.kind === 'repeat' ? v : v.trim()))
      .filter((v) => v.trim().length > 0);
    if (values.length > 0) state.set(field.name, values);
  }
  return state;
}

/** The query parameters of a filter, for a route and for the API; list fields as one comma list. */
export function filterToQuery(state: FilterState): URLSearchParams {
  const query = new URLSearchParams();
  for (const field of filterFields) {
    const values = state.get(field.name);
    if (!values || values.length === 0) continue;
    if (field.kind === 'list') query.set(field.name, values.join(','));
    else for (const value of values) query.append(field.name, value);
  }
  return query;
}

/** Only the filter keys of a query, in a canonical order: equal filters give equal strings. */
export function filterKey(query: URLSearchParams): string {
  return filterToQuery(filterFromQuery(query)).toString();
}

/**
 * A pivot: the filter with `field` set to exactly `value` (replacing what it held). Exact event ids are
 * dropped: a pivot asks "what else did this actor (IP, target…) do?", which a pinned id list would hide.
 */
export function withFilter(state: FilterState, field: string, value: string): FilterState {
  if (!filterNames.has(field)) throw new Error(`unknown filter field ${field}`);
  const next: FilterState = new Map(state);
  next.delete('ids');
  next.set(field, [value]);
  return next;
}
