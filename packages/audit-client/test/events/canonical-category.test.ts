import { describe, expect, it } from 'vitest';
import type { AuditCategory } from '../../src/index.js';
import { canonicalCategory } from '../../src/events/canonical-category.js';

// Every spelling in docs/graph-audit-api.md §3.1: Graph values, the "Directory Management" table spelling,
// the portal's Activity types and the 2018 AAD Graph list, the Core Directory categories of users, roles
// and groups (§4), plus case and separator variants.
const spellings: Array<[string, AuditCategory]> = [
  ['Authentication', 'Authentication'],
  ['authentication', 'Authentication'],
  ['AUTHENTICATION', 'Authentication'],
  ['Authorization', 'Authorization'],
  ['KeyManagement', 'KeyManagement'],
  ['Key Management', 'KeyManagement'],
  ['Key', 'KeyManagement'],
  ['key', 'KeyManagement'],
  ['ResourceManagement', 'ResourceManagement'],
  ['Resource Management', 'ResourceManagement'],
  ['Resource', 'ResourceManagement'],
  ['ApplicationManagement', 'ApplicationManagement'],
  ['Application Management', 'ApplicationManagement'],
  ['application management', 'ApplicationManagement'],
  ['Application', 'ApplicationManagement'],
  ['DirectoryManagement', 'DirectoryManagement'],
  ['Directory Management', 'DirectoryManagement'],
  ['directory_management', 'DirectoryManagement'],
  ['Directory', 'DirectoryManagement'],
  ['IdentityProtection', 'IdentityProtection'],
  ['Identity Protection', 'IdentityProtection'],
  ['PolicyManagement', 'PolicyManagement'],
  ['Policy Management', 'PolicyManagement'],
  ['UserManagement', 'UserManagement'],
  ['User Management', 'UserManagement'],
  ['RoleManagement', 'RoleManagement'],
  ['GroupManagement', 'GroupManagement'],
  ['Other', 'Other'],
  ['other', 'Other'],
  ['  Key  Management ', 'KeyManagement'],
];

describe('canonicalCategory', () => {
  it.each(spellings)('%j → %s', (raw, expected) => {
    expect(canonicalCategory(raw)).toBe(expected);
  });

  it.each([['Device'], ['AdministrativeUnit'], ['Core Directory'], ['Keys'], ['']])('unknown %j → Other', (raw) => {
    expect(canonicalCategory(raw)).toBe('Other');
  });

  it('maps null and undefined to Other', () => {
    expect(canonicalCategory(null)).toBe('Other');
    expect(canonicalCategory(undefined)).toBe('Other');
  });
});
