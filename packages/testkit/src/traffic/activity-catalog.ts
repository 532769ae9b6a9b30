/**
 * Real B2C activity names (Graph era, Entra "audit activities" reference, section B2C) and the
 * categories each one is logged under. The generator and the incidents use only these names; tests
 * check every generated record against this table. An activity may appear under several categories.
 */
const catalog: Record<string, readonly string[]> = {};

function add(category: string, names: readonly string[]): void {
  for (const name of names) catalog[name] = [...(catalog[name] ?? []), category];
}

add('Authentication', [
  'A self-service sign-up request was completed',
  'An API was called as part of a user flow',
  'Delete all available strong authentication devices',
  'Evaluate Conditional Access policies',
  'Exchange token',
  'Federate with an identity provider',
  'Get available strong authentication devices',
  'Issue a SAML assertion to the application',
  'Issue an access token to the application',
  'Issue an authorization code to the application',
  'Issue an id_token to the application',
  'Make phone call to verify phone number',
  'Register TOTP secret',
  'Remediate user',
  'Send SMS to verify phone number',
  'Send verification email',
  'Validate Client Credentials',
  'Validate local account credentials',
  'Validate user authentication',
  'Verify email address',
  'verify one time password',
  'Verify phone number',
]);
add('KeyManagement', [
  'Create policy key',
  'Delete policy key',
  'Get active key metadata from policy key',
  'Get policy key',
  'Get policy keys',
  'Restore policy key',
  'Upload key to policy key',
  'Upload secret into policy key',
]);
add('ResourceManagement', [
  'Check whether the resource name is available',
  'Create API connector',
  'Create Identity Provider',
  'Create custom identity provider',
  'Create custom policy',
  'Create or update a B2C directory resource',
  'Create or update a B2C directory tenant and resource',
  'Create or update a CIAM directory tenant and resource',
  'Create or update a Guest Usages resource',
  'Create or update a localized resource',
  'Create policy key',
  'Create user attribute',
  'Create user flow',
  'Delete API connector',
  'Delete B2C Tenant where the caller is an administrator',
  'Delete B2C directory resource',
  'Delete CIAM directory resource',
  'Delete Guest Usages resource',
  'Delete Identity Provider',
  'Delete custom policy',
  'Delete localized resource',
  'Delete policy key',
  'Delete user attribute',
  'Delete user flow',
  'Generate key',
  'Get API connector',
  'Get API connectors',
  'Get B2C Tenant where the caller is an administrator',
  'Get Identity Provider',
  'Get Identity Providers',
  'Get active key metadata from policy key',
  'Get authentication flows policy',
  'Get available output claims',
  'Get custom identity provider',
  'Get custom policies',
  'Get custom policy',
  'Get custom policy metadata',
  'Get identity provider types',
  'Get localized resource',
  'Get operation status of an async operation',
  'Get operations of Microsoft.AzureActiveDirectory resource provider',
  'Get policy key',
  'Get policy keys',
  'Get supported cultures',
  'Get supported identity providers',
  'Get supported page contracts',
  'Get user attribute',
  'Get user attributes',
  'Get user flow',
  'Get user flows',
  'Move resources',
  'Update API connector',
  'Update authentication flows policy',
  'Update custom identity provider',
  'Update custom policy',
  'Update identity provider',
  'Update local identity provider',
  'Update policy key',
  'Update subscription status',
  'Update user attribute',
  'Update user flow',
  'Update certificate to policy key',
  'Update secret into policy key',
  'Validate move resources',
]);
add('Authorization', [
  'Create custom policy',
  'Delete custom policy',
  'Update custom policy',
  'Create user flow',
  'Delete user flow',
  'Update user flow',
  'Create Identity Provider',
  'Delete Identity Provider',
  'Create policy key',
  'Delete policy key',
  'Update policy key',
  'Upload certificate to policy key',
  'Upload key to policy key',
  'Upload secret into policy key',
  'Restore policy key',
  'Generate key',
  'Get tenant details',
  'Get tenant domains',
  'Get list of tenants',
  'Initialize tenant',
  'Update age gating configuration',
  'Update subscription status',
]);
add('ApplicationManagement', [
  'Add V2 application permissions',
  'Create V2 application',
  'Delete V2 application',
  'Delete V2 application permission grant',
  'Get V1 and V2 applications',
  'Get V1 application',
  'Get V1 applications',
  'Get V2 application',
  'Get V2 applications',
  'Retrieve V2 application permissions grants',
  'Retrieve V2 application service principals',
  'Update V2 application',
  'Update V2 application permission grant',
]);
add('DirectoryManagement', [
  'Get age gating configuration',
  'Get custom domains',
  'Get list of tenants',
  'Get resources properties of a tenant',
  'Get tenant details',
  'Get tenant domains',
  'Initialize tenant',
  'Update age gating configuration',
]);
add('IdentityProtection', ['Evaluate Conditional Access policies', 'Remediate user']);
add('Other', ['Generate one time password', 'Verify one time password']);

/** Activity name → the categories Graph logs it under. */
export const b2cActivityCatalog: Readonly<Record<string, readonly string[]>> = Object.freeze(catalog);

/** True when `name` is a real B2C activity logged under `category` (any category when omitted). */
export function isB2cActivity(name: string, category?: string): boolean {
  const categories = Object.hasOwn(b2cActivityCatalog, name) ? b2cActivityCatalog[name] : undefined;
  return categories !== undefined && (category === undefined || categories.includes(category));
}
