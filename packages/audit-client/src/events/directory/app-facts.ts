import type { AuditApp, AuditTarget } from '../audit-event.js';
import { bestName } from './directory-values.js';
import type { ModifiedProperties } from './modified-properties.js';

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isApp(target: AuditTarget): boolean {
  const type = target.type?.toLowerCase();
  return type === 'application' || type === 'serviceprincipal';
}

function withName(app: AuditApp): AuditApp | undefined {
  const name = bestName(app.displayName, app.appId, app.id);
  if (name === undefined) return undefined;
  app.name = name;
  return app;
}

/**
 * The application (client) id of the app an event is about: the `AppId` detail, else the `AppId` or
 * `AppPrincipalId` property (logged when an app or service principal is created), else the
 * `Application.AppId` / `ServicePrincipal.AppId` property (on an owner change), else the first part
 * of `TargetId.ServicePrincipalNames` (`<appId>;https://…`) when it is a GUID.
 */
function appIdOf(modified: ModifiedProperties, details: Readonly<Record<string, string>>): string | undefined {
  const fromDetails = Object.hasOwn(details, 'AppId') ? details['AppId'] : undefined;
  if (fromDetails !== undefined && fromDetails !== '') return fromDetails;
  const fromProperty =
    modified.text('AppId') ??
    modified.text('AppPrincipalId') ??
    modified.text('Application.AppId') ??
    modified.text('ServicePrincipal.AppId');
  if (fromProperty !== undefined) return fromProperty;
  const names = modified.text('TargetId.ServicePrincipalNames')?.split(';')[0]?.trim();
  return names !== undefined && guid.test(names) ? names : undefined;
}

/**
 * The application or service principal of an event. For a permission grant (delegated grant or app role)
 * the directory logs the API's service principal (Microsoft Graph) as the target and the app that was
 * granted in `ServicePrincipal.*` properties: that app is the one returned. For an owner change, the
 * object owned (a target, or `Application.*` / `ServicePrincipal.*` properties on the owner). Otherwise
 * the first Application or ServicePrincipal target.
 */
export function appFacts(
  targets: readonly AuditTarget[],
  modified: ModifiedProperties,
  details: Readonly<Record<string, string>>,
  options: { grant: boolean; owner: boolean },
): AuditApp | undefined {
  if (options.grant) {
    const app: AuditApp = { type: 'ServicePrincipal' };
    const id = modified.text('ServicePrincipal.ObjectID');
    if (id !== undefined) app.id = id;
    const appId = modified.text('ServicePrincipal.AppId');
    if (appId !== undefined) app.appId = appId;
    const displayName = modified.text('ServicePrincipal.DisplayName');
    if (displayName !== undefined) app.displayName = displayName;
    if (app.id !== undefined || app.appId !== undefined || app.displayName !== undefined) return withName(app);
  }
  const target = options.owner ? targets.slice(1).find(isApp) : targets.find(isApp);
  if (target !== undefined) {
    const app: AuditApp = {};
    if (target.id !== undefined) app.id = target.id;
    const appId = appIdOf(modified, details);
    if (appId !== undefined) app.appId = appId;
    if (target.displayName !== undefined) app.displayName = target.displayName;
    if (target.type !== undefined) app.type = target.type;
    return withName(app);
  }
  if (!options.owner) return undefined;
  for (const [prefix, type] of [
    ['Application', 'Application'],
    ['ServicePrincipal', 'ServicePrincipal'],
  ] as const) {
    const id = modified.text(`${prefix}.ObjectID`);
    const displayName = modified.text(`${prefix}.DisplayName`);
    if (id === undefined && displayName === undefined) continue;
    const app: AuditApp = { type };
    if (id !== undefined) app.id = id;
    const appId = modified.text(`${prefix}.AppId`);
    if (appId !== undefined) app.appId = appId;
    if (displayName !== undefined) app.displayName = displayName;
    return withName(app);
  }
  return undefined;
}
