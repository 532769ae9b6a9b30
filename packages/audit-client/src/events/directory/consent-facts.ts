import type { AuditConsent, AuditTarget } from '../audit-event.js';
import { addedItems, booleanOf, maxDerivedItems, maxParsedChars, textOf } from './directory-values.js';
import type { ModifiedProperties } from './modified-properties.js';

/** The permission names of a space-separated scope text (` User.Read openid`); at most maxDerivedItems. */
function scopeTokens(text: string | undefined): string[] {
  if (text === undefined) return [];
  return text
    .slice(0, maxParsedChars)
    .split(/\s+/)
    .filter((token) => token !== '')
    .slice(0, maxDerivedItems);
}

// `ConsentAction.Permissions` reads `<grants before> => <grants after>`, each grant
// `[Id: …, ClientId: …, PrincipalId: …, ResourceId: …, ConsentType: AllPrincipals, Scope: a b c, CreatedDateTime: …]`.
const scopeField = /Scope:([^,\]]*)/g;
const consentTypeField = /ConsentType:\s*([A-Za-z]+)/;

function grantScopes(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.matchAll(scopeField)) {
    tokens.push(...scopeTokens(match[1]));
    if (tokens.length >= maxDerivedItems) break;
  }
  return tokens;
}

/**
 * What an application was granted, from the three shapes the directory logs it in:
 * `Consent to application` (ConsentAction.Permissions and ConsentContext.*), `Add delegated permission
 * grant` (DelegatedPermissionGrant.Scope and .ConsentType, on the API's service principal), and
 * `Add app role assignment to service principal` (AppRole.Value, an application permission, on the API's
 * service principal). Permissions already granted before the event are left out.
 */
export function consentFacts(modified: ModifiedProperties): AuditConsent | undefined {
  const action = modified.find('ConsentAction.Permissions');
  if (action !== undefined) {
    const text = (textOf(action.property.new) ?? '').slice(0, maxParsedChars * 4);
    const arrow = text.indexOf('=>');
    const before = arrow < 0 ? '' : text.slice(0, arrow);
    const after = arrow < 0 ? text : text.slice(arrow + 2);
    const consent: AuditConsent = { permissions: addedItems(grantScopes(before), grantScopes(after)) };
    const admin = booleanOf(modified.text('ConsentContext.IsAdminConsent'));
    if (admin !== undefined) consent.admin = admin;
    const onBehalfOfAll = booleanOf(modified.text('ConsentContext.OnBehalfOfAll'));
    const consentType = consentTypeField.exec(after)?.[1];
    const tenantWide = onBehalfOfAll ?? (consentType === undefined ? undefined : consentType === 'AllPrincipals');
    if (tenantWide !== undefined) consent.tenantWide = tenantWide;
    const appOnly = booleanOf(modified.text('ConsentContext.IsAppOnly'));
    if (appOnly !== undefined) consent.kind = appOnly ? 'application' : 'delegated';
    return consent;
  }
  const delegated = modified.find('DelegatedPermissionGrant.Scope');
  if (delegated !== undefined) {
    const permissions = addedItems(
      scopeTokens(textOf(delegated.property.old)),
      scopeTokens(textOf(delegated.property.new)),
    );
    const consent: AuditConsent = { permissions, kind: 'delegated' };
    const consentType = modified.text('DelegatedPermissionGrant.ConsentType');
    if (consentType !== undefined) consent.tenantWide = consentType === 'AllPrincipals';
    // Only an administrator can grant on behalf of all users; a grant for one user may be either.
    if (consent.tenantWide === true) consent.admin = true;
    return withResource(consent, delegated.target);
  }
  const appRole = modified.find('AppRole.Value');
  if (appRole !== undefined && appRole.target.type?.toLowerCase() === 'serviceprincipal') {
    const value = textOf(appRole.property.new);
    const consent: AuditConsent = {
      permissions: value === undefined ? [] : [value],
      admin: true,
      tenantWide: true,
      kind: 'application',
    };
    return withResource(consent, appRole.target);
  }
  return undefined;
}

/** The API of a grant logged on its service principal (Microsoft Graph). */
function withResource(consent: AuditConsent, api: AuditTarget): AuditConsent {
  if (api.displayName !== undefined) consent.resource = api.displayName;
  return consent;
}
