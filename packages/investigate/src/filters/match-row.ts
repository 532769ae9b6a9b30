import { compareIds } from '../rows/compare-ids.js';
import type { EventRow } from '../rows/event-row.js';
import { foldCase } from './fold-case.js';
import type { ResolvedFilter } from './resolved-filter.js';

/** The folded case of a nullable column, as SQL's iv_fold() of NULL is NULL (never equal to anything). */
function low(value: string | null): string | null {
  return value === null ? null : foldCase(value);
}

/** Every string of a row that free text searches, in the order the SQL concatenates them. */
export function rowStrings(row: EventRow): string[] {
  const out: Array<string | null> = [
    row.id,
    row.category,
    row.categoryRaw,
    row.activity,
    row.result,
    row.resultReason,
    row.service,
    row.operationType,
    row.correlationId,
    row.userAgent,
    row.actorId,
    row.actorUpn,
    row.actorName,
    row.actorAppId,
    row.actorSpn,
    row.actorIp,
    row.ip,
  ];
  for (const d of row.details) out.push(d.key, d.value);
  for (const t of row.targets) {
    out.push(t.id, t.type, t.displayName, t.upn);
    for (const m of t.modified) out.push(m.name, m.oldValue, m.newValue);
  }
  return out.filter((s): s is string => s !== null);
}

/**
 * The filter as a plain predicate over a row: what a raw scan of the parts applies, and what the
 * parity tests hold the SQL of filters/compile-sql.ts to.
 */
export function matchesRow(filter: ResolvedFilter, row: EventRow): boolean {
  const f = filter;
  if (f.sinceUs !== undefined && row.timeUs < f.sinceUs) return false;
  if (f.untilUs !== undefined && row.timeUs > f.untilUs) return false;
  if (f.categories && !f.categories.includes(row.category)) return false;
  if (f.activities && !includes(f.activities, low(row.activity))) return false;
  if (f.activityLike !== undefined && !(low(row.activity)?.includes(f.activityLike) ?? false)) return false;
  if (f.results && !includes(f.results, low(row.result))) return false;
  if (f.actor !== undefined) {
    const values = [row.actorUpn, row.actorId, row.actorAppId, row.actorSpn, row.actorName].map(low);
    if (!values.includes(f.actor)) return false;
  }
  if (f.target !== undefined) {
    const t = f.target;
    if (!row.targets.some((x) => low(x.id) === t || low(x.displayName) === t || low(x.upn) === t)) return false;
  }
  if (f.targetType !== undefined && !row.targets.some((x) => low(x.type) === f.targetType)) return false;
  if (f.ip !== undefined) {
    if (row.ipKey === null || row.ipKey < f.ip.low || row.ipKey > f.ip.high) return false;
  }
  if (f.policy !== undefined && low(row.policyId) !== f.policy) return false;
  if (f.app !== undefined && ![row.appId, row.actorAppId, row.actorSpn].map(low).includes(f.app)) return false;
  if (f.correlationId !== undefined && low(row.correlationId) !== f.correlationId) return false;
  if (f.ids && !f.ids.includes(row.id)) return false;
  if (f.details) {
    for (const c of f.details) {
      if (!row.details.some((d) => foldCase(d.key) === c.key && foldCase(d.value) === c.value)) return false;
    }
  }
  if (f.text !== undefined) {
    const needle = f.text;
    if (!rowStrings(row).some((s) => foldCase(s).includes(needle))) return false;
  }
  if (f.before !== undefined) {
    const b = f.before;
    if (!(row.timeUs < b.timeUs || (row.timeUs === b.timeUs && compareIds(row.id, b.id) < 0))) return false;
  }
  return true;
}

function includes(list: readonly string[], value: string | null): boolean {
  return value !== null && list.includes(value);
}
