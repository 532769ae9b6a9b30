/**
 * The Core Directory activities the generator and tests use, with the category each is logged under
 * (Entra "audit activities" reference, Core Directory). Note the credential activity's en dash and
 * trailing space: that is how the directory writes it.
 */
export const directoryActivityCatalog: Readonly<Record<string, string>> = Object.freeze({
  'Add user': 'UserManagement',
  'Update user': 'UserManagement',
  'Delete user': 'UserManagement',
  'Reset user password': 'UserManagement',
  'Add member to role': 'RoleManagement',
  'Remove member from role': 'RoleManagement',
  'Update application': 'ApplicationManagement',
  'Update application – Certificates and secrets management ': 'ApplicationManagement',
  'Add service principal credentials': 'ApplicationManagement',
  'Remove service principal credentials': 'ApplicationManagement',
  'Add owner to application': 'ApplicationManagement',
  'Consent to application': 'ApplicationManagement',
  'Add app role assignment to service principal': 'ApplicationManagement',
  'Add delegated permission grant': 'ApplicationManagement',
});

/** True when `name` is a catalogued Core Directory activity logged under `category` (any when omitted). */
export function isDirectoryActivity(name: string, category?: string): boolean {
  const logged = Object.hasOwn(directoryActivityCatalog, name) ? directoryActivityCatalog[name] : undefined;
  return logged !== undefined && (category === undefined || logged === category);
}
