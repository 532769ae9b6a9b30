import type { ResolvedFilter } from './resolved-filter.js';

/** A value bound to a `$n` placeholder: text, a whole number (times in epoch µs) or a list of text. */
export type SqlParam =
  { type: 'VARCHAR'; value: string } | { type: 'BIGINT'; value: bigint } | { type: 'VARCHAR[]'; value: string[] };

/** A WHERE clause with numbered placeholders; user input only ever travels in `params`. */
export interface SqlWhere {
  sql: string;
  params: SqlParam[];
}

/**
 * Every string column free text searches, concatenated with U+001F between fields (the filter refuses
 * control characters, so a needle never spans two fields); the same fields as match-row.ts rowStrings.
 */
export const rowTextSql = `iv_fold(concat_ws(chr(31), id, category, category_raw, activity, result, result_reason, service,
  operation_type, correlation_id, user_agent, actor_id, actor_upn, actor_name, actor_app_id, actor_spn, actor_ip, ip,
  array_to_string(list_transform(details, d -> concat_ws(chr(31), d.key, d.value)), chr(31)),
  array_to_string(list_transform(targets, t -> concat_ws(chr(31), t.id, t.type, t.display_name, t.upn,
    array_to_string(list_transform(t.modified, m -> concat_ws(chr(31), m.name, m.old_value, m.new_value)), chr(31)))), chr(31))))`;

/**
 * The filter as SQL over the index's `events` relation (query/index-relation.ts). Placeholders are
 * numbered from `firstParam`, so the caller can bind its own before them. Mirrors match-row.ts.
 */
export function compileWhere(filter: ResolvedFilter, firstParam = 1): SqlWhere {
  const params: SqlParam[] = [];
  const p = (param: SqlParam) => {
    params.push(param);
    return `$${firstParam + params.length - 1}`;
  };
  const text = (value: string) => p({ type: 'VARCHAR', value });
  const list = (value: string[]) => p({ type: 'VARCHAR[]', value });
  const clauses: string[] = [];
  const f = filter;
  if (f.sinceUs !== undefined)
    clauses.push(`time >= make_timestamp(${p({ type: 'BIGINT', value: BigInt(f.sinceUs) })})`);
  if (f.untilUs !== undefined)
    clauses.push(`time <= make_timestamp(${p({ type: 'BIGINT', value: BigInt(f.untilUs) })})`);
  if (f.categories) clauses.push(`list_contains(${list(f.categories)}, category)`);
  if (f.activities) clauses.push(`list_contains(${list(f.activities)}, iv_fold(activity))`);
  if (f.activityLike !== undefined) clauses.push(`contains(iv_fold(activity), ${text(f.activityLike)})`);
  if (f.results) clauses.push(`list_contains(${list(f.results)}, iv_fold(result))`);
  if (f.actor !== undefined) {
    const v = text(f.actor);
    clauses.push(
      `(iv_fold(actor_upn) = ${v} OR iv_fold(actor_id) = ${v} OR iv_fold(actor_app_id) = ${v} OR iv_fold(actor_spn) = ${v} OR iv_fold(actor_name) = ${v})`,
    );
  }
  if (f.target !== undefined) {
    const v = text(f.target);
    clauses.push(
      `len(list_filter(targets, t -> coalesce(iv_fold(t.id) = ${v} OR iv_fold(t.display_name) = ${v} OR iv_fold(t.upn) = ${v}, false))) > 0`,
    );
  }
  if (f.targetType !== undefined) {
    clauses.push(`len(list_filter(targets, t -> coalesce(iv_fold(t.type) = ${text(f.targetType)}, false))) > 0`);
  }
  if (f.ip !== undefined) clauses.push(`ip_key BETWEEN ${text(f.ip.low)} AND ${text(f.ip.high)}`);
  if (f.policy !== undefined) clauses.push(`iv_fold(policy_id) = ${text(f.policy)}`);
  if (f.app !== undefined) {
    const v = text(f.app);
    clauses.push(`(iv_fold(app_id) = ${v} OR iv_fold(actor_app_id) = ${v} OR iv_fold(actor_spn) = ${v})`);
  }
  if (f.correlationId !== undefined) clauses.push(`iv_fold(correlation_id) = ${text(f.correlationId)}`);
  if (f.ids) clauses.push(`list_contains(${list(f.ids)}, id)`);
  for (const c of f.details ?? []) {
    const k = text(c.key);
    const v = text(c.value);
    clauses.push(`len(list_filter(details, d -> iv_fold(d.key) = ${k} AND iv_fold(d.value) = ${v})) > 0`);
  }
  if (f.text !== undefined) clauses.push(`contains(${rowTextSql}, ${text(f.text)})`);
  if (f.before !== undefined) {
    const t = p({ type: 'BIGINT', value: BigInt(f.before.timeUs) });
    clauses.push(`(epoch_us(time) < ${t} OR (epoch_us(time) = ${t} AND id < ${text(f.before.id)}))`);
  }
  return { sql: clauses.length === 0 ? 'true' : clauses.join('\n  AND '), params };
}
