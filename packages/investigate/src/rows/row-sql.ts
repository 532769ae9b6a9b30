import { categorySpellings } from '@b2c-alerts/audit-client';

/** A string literal of our own constants (never user input: that travels as parameters). */
function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

// JavaScript's \s, which canonicalCategory strips, spelled out for RE2 (whose \s is ASCII only).
const jsSpace = String.raw`\s\x{0b}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}`;

/**
 * Macros the index build uses: the same rules as to-event-row.ts and filters/ip-key.ts, in SQL.
 * `iv_category` is audit-client's canonicalCategory (whose toLowerCase() makes `İ` two characters, `i` and
 * U+0307, where lower() makes it `i`: spelled out so); `iv_ip_key` is ipKey.
 */
export const rowMacrosSql = `
CREATE OR REPLACE TEMP MACRO iv_category(c) AS CASE lower(replace(regexp_replace(c, '[${jsSpace}_-]+', '', 'g'), '\u0130', 'i\u0307'))
  ${categorySpellings.map(([key, category]) => `WHEN ${literal(key)} THEN ${literal(category)}`).join('\n  ')}
  ELSE 'Other' END;
CREATE OR REPLACE TEMP MACRO iv_ip4_hex(s) AS CASE WHEN regexp_full_match(s, '\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}') THEN
  list_transform([regexp_extract(s, '^(\\d+)\\.(\\d+)\\.(\\d+)\\.(\\d+)$', ['o1', 'o2', 'o3', 'o4'])], a_m ->
    CASE WHEN greatest(a_m.o1::INTEGER, a_m.o2::INTEGER, a_m.o3::INTEGER, a_m.o4::INTEGER) <= 255
    THEN printf('%02x%02x%02x%02x', a_m.o1::INTEGER, a_m.o2::INTEGER, a_m.o3::INTEGER, a_m.o4::INTEGER) END)[1] END;
CREATE OR REPLACE TEMP MACRO iv_ip6_groups(s) AS list_transform([string_split(s, '::')], b_h -> CASE len(b_h)
  WHEN 1 THEN list_transform([string_split(s, ':')], b_g -> CASE WHEN len(b_g) = 8 THEN b_g END)[1]
  WHEN 2 THEN list_transform([[iv_split_groups(b_h[1]), iv_split_groups(b_h[2])]], b_p ->
    CASE WHEN 8 - len(b_p[1]) - len(b_p[2]) >= 1
    THEN list_concat(list_concat(b_p[1], list_transform(range(8 - len(b_p[1]) - len(b_p[2])), b_x -> '0')), b_p[2]) END)[1]
  END)[1];
CREATE OR REPLACE TEMP MACRO iv_ip6_hex(groups) AS list_transform([groups], c_g -> CASE
  WHEN c_g IS NOT NULL AND list_bool_and(list_transform(c_g, c_x -> regexp_full_match(c_x, '[0-9a-f]{1,4}')))
  THEN list_aggregate(list_transform(c_g, c_x -> lpad(c_x, 4, '0')), 'string_agg', '') END)[1];
CREATE OR REPLACE TEMP MACRO iv_ip6_key(s) AS
  list_transform([regexp_extract(s, '(\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3})$', 1)], d_t -> CASE
    WHEN d_t = '' THEN iv_ip6_hex(iv_ip6_groups(s))
    ELSE list_transform([iv_ip4_hex(d_t)], d_h -> CASE WHEN d_h IS NOT NULL THEN
      iv_ip6_hex(iv_ip6_groups(left(s, length(s) - length(d_t)) || substr(d_h, 1, 4) || ':' || substr(d_h, 5, 4))) END)[1]
  END)[1];
CREATE OR REPLACE TEMP MACRO iv_ip_key(s) AS CASE WHEN s IS NOT NULL AND length(s) <= 64 THEN
  list_transform([iv_ip4_hex(s)], e_h -> CASE
    WHEN e_h IS NOT NULL THEN '00000000000000000000ffff' || e_h
    WHEN strpos(s, ':') > 0 THEN iv_ip6_key(lower(s)) END)[1] END;
`;

/** Must come before iv_ip6_groups: DuckDB binds a macro's body when it is created. */
export const helperMacrosSql = `
CREATE OR REPLACE TEMP MACRO iv_split_groups(h) AS CASE WHEN h = '' THEN []::VARCHAR[] ELSE string_split(h, ':') END;
`;

/** The Graph record's fields as read_json reads them: what the index derives its columns from. */
const wireColumns = `{
  id: 'VARCHAR', activityDateTime: 'VARCHAR', category: 'VARCHAR', activityDisplayName: 'VARCHAR', result: 'VARCHAR',
  resultReason: 'VARCHAR', loggedByService: 'VARCHAR', operationType: 'VARCHAR', correlationId: 'VARCHAR', userAgent: 'VARCHAR',
  initiatedBy: 'STRUCT("user" STRUCT(id VARCHAR, userPrincipalName VARCHAR, displayName VARCHAR, ipAddress VARCHAR),
    app STRUCT(appId VARCHAR, displayName VARCHAR, servicePrincipalId VARCHAR, servicePrincipalName VARCHAR))',
  additionalDetails: 'STRUCT("key" VARCHAR, "value" VARCHAR)[]',
  targetResources: 'STRUCT(id VARCHAR, displayName VARCHAR, "type" VARCHAR, userPrincipalName VARCHAR,
    modifiedProperties STRUCT(displayName VARCHAR, oldValue VARCHAR, newValue VARCHAR)[])[]'
}`;

/**
 * The index rows of the gzip JSONL parts bound to `$1` (a list of paths), one per record with a
 * readable activityDateTime. Each line is at most `maxLineBytes` (the archive reader's limit). Column
 * names are EventRow's in snake_case; `id` is stored as `id_rest` and `id_corr_at` (query/index-relation.ts).
 */
export function indexRowsSql(maxLineBytes: number): string {
  return `
WITH src AS (
  SELECT * FROM read_json($1, format = 'newline_delimited', compression = 'gzip', filename = true,
    maximum_object_size = ${Math.floor(maxLineBytes)}, columns = ${wireColumns})
), d AS (
  SELECT *,
    nullif(initiatedBy."user".id, '') AS u_id, nullif(initiatedBy."user".userPrincipalName, '') AS u_upn,
    nullif(initiatedBy."user".displayName, '') AS u_name, nullif(initiatedBy."user".ipAddress, '') AS u_ip,
    CASE WHEN initiatedBy.app.appId = 'N/A' THEN NULL ELSE nullif(initiatedBy.app.appId, '') END AS a_app_id,
    nullif(initiatedBy.app.servicePrincipalName, '') AS a_spn, nullif(initiatedBy.app.displayName, '') AS a_name,
    nullif(initiatedBy.app.servicePrincipalId, '') AS a_sp_id,
    coalesce(list_transform(list_filter(additionalDetails, e -> e IS NOT NULL AND nullif(e."key", '') IS NOT NULL AND e."value" IS NOT NULL),
      e -> {'key': e."key", 'value': e."value"}), []) AS dets,
    nullif(correlationId, '') AS cid,
    try_cast(activityDateTime AS TIMESTAMPTZ)::TIMESTAMP AS t
  FROM src
), e AS (
  SELECT *,
    (u_id IS NOT NULL OR u_upn IS NOT NULL OR u_name IS NOT NULL) AS is_user,
    (a_app_id IS NOT NULL OR a_spn IS NOT NULL OR a_name IS NOT NULL OR a_sp_id IS NOT NULL) AS has_app,
    list_filter(dets, x -> x.key = 'ClientIpAddress' AND x.value <> '')[1].value AS client_ip,
    CASE WHEN cid IS NOT NULL AND strpos(id, cid) > 0 THEN strpos(id, cid) END AS corr_at
  FROM d
)
SELECT
  CASE WHEN corr_at IS NULL THEN id ELSE left(id, corr_at - 1) || substr(id, corr_at + length(cid)) END AS id_rest,
  corr_at::INTEGER AS id_corr_at,
  t AS time,
  iv_category(category) AS category,
  category AS category_raw,
  nullif(activityDisplayName, '') AS activity,
  nullif(result, '') AS result,
  nullif(resultReason, '') AS result_reason,
  nullif(loggedByService, '') AS service,
  nullif(operationType, '') AS operation_type,
  cid AS correlation_id,
  nullif(userAgent, '') AS user_agent,
  CASE WHEN is_user THEN 'user' WHEN has_app THEN 'app' END AS actor_type,
  CASE WHEN is_user THEN u_id WHEN has_app THEN a_sp_id END AS actor_id,
  u_upn AS actor_upn,
  CASE WHEN is_user THEN u_name WHEN has_app THEN a_name END AS actor_name,
  a_app_id AS actor_app_id,
  a_spn AS actor_spn,
  u_ip AS actor_ip,
  coalesce(client_ip, u_ip) AS ip,
  iv_ip_key(coalesce(client_ip, u_ip)) AS ip_key,
  list_filter(dets, x -> x.key = 'PolicyId' AND x.value <> '')[1].value AS policy_id,
  coalesce(list_filter(dets, x -> x.key = 'ApplicationId' AND x.value <> '')[1].value,
    list_filter(dets, x -> x.key = 'AppId' AND x.value <> '')[1].value) AS app_id,
  dets AS details,
  coalesce(list_transform(list_filter(targetResources, x -> x IS NOT NULL), x -> {
    'id': nullif(x.id, ''), 'type': nullif(x."type", ''), 'display_name': nullif(x.displayName, ''),
    'upn': nullif(x.userPrincipalName, ''),
    'modified': coalesce(list_transform(list_filter(x.modifiedProperties, m -> m IS NOT NULL), m -> {
      'name': coalesce(nullif(m.displayName, ''), ''), 'old_value': m.oldValue, 'new_value': m.newValue}), [])
  }), []) AS targets,
  parse_filename(filename) AS part
FROM e
WHERE CASE WHEN id IS NULL OR activityDateTime IS NULL
  THEN error('a line is not a directoryAudit with id and activityDateTime') ELSE t IS NOT NULL END`;
}
