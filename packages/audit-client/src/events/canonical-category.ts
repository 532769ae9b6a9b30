import type { AuditCategory } from './audit-event.js';

/**
 * Spellings keyed by lower case with spaces, underscores and hyphens removed. Covers the current
 * Graph values ("Directory Management" is spelled with a space in Microsoft's own table), the portal's
 * "Activity type" names (Directory, Application, Key, Resource) and the 2018 AAD Graph list
 * ("Application Management", "Key", "Resource"), and the Core Directory categories of users, roles and
 * groups. See docs/graph-audit-api.md §3.1 and §4.
 */
const byKey: ReadonlyMap<string, AuditCategory> = new Map<string, AuditCategory>([
  ['authentication', 'Authentication'],
  ['authorization', 'Authorization'],
  ['keymanagement', 'KeyManagement'],
  ['key', 'KeyManagement'],
  ['resourcemanagement', 'ResourceManagement'],
  ['resource', 'ResourceManagement'],
  ['applicationmanagement', 'ApplicationManagement'],
  ['application', 'ApplicationManagement'],
  ['directorymanagement', 'DirectoryManagement'],
  ['directory', 'DirectoryManagement'],
  ['usermanagement', 'UserManagement'],
  ['rolemanagement', 'RoleManagement'],
  ['groupmanagement', 'GroupManagement'],
  ['identityprotection', 'IdentityProtection'],
  ['policymanagement', 'PolicyManagement'],
  ['other', 'Other'],
]);

/**
 * Every spelling key (lower case, spaces, underscores and hyphens removed) and its canonical category,
 * for readers that apply the same mapping elsewhere (investigate's index does it in SQL).
 */
export const categorySpellings: ReadonlyArray<readonly [string, AuditCategory]> = [...byKey];

/** Exact wire spellings seen in practice: answered without building a key. */
const exact = new Map<string, AuditCategory>([...byKey.values()].map((c) => [c, c]));

/**
 * The canonical category for a wire `category`: case-, space- and legacy-insensitive. Anything
 * unknown (including rarer Core Directory categories such as Device or AdministrativeUnit), empty or
 * missing is `Other`;
 * `normalize()` keeps the wire spelling in `categoryRaw` when it differs.
 */
export function canonicalCategory(raw: string | null | undefined): AuditCategory {
  if (typeof raw !== 'string') return 'Other';
  return exact.get(raw) ?? byKey.get(raw.toLowerCase().replace(/[\s_-]+/g, '')) ?? 'Other';
}
