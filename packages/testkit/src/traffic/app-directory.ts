import type { DirectoryObjectFixture } from '../graph-emulator/directory-objects.js';
import { b2cApps } from './traffic-population.js';

/** Service principal object ids of the traffic's apps, fixed like the apps themselves. */
const servicePrincipalIds = [
  '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
  'c2b1a0f9-e8d7-4c6b-9a5f-4e3d2c1b0a9f',
  '81f2e3d4-c5b6-4a79-8e1f-2d3c4b5a6978',
];

/**
 * The directory behind generateTraffic's apps: each app's registration and service principal, named
 * as the traffic names them. Give it to a GraphEmulator (addApplications, addServicePrincipals) so that
 * alerts on the generated traffic can name the apps.
 */
export const b2cAppDirectory: {
  applications: readonly DirectoryObjectFixture[];
  servicePrincipals: readonly DirectoryObjectFixture[];
} = {
  applications: b2cApps.map((app) => ({ id: app.objectId, appId: app.clientId, displayName: app.name })),
  servicePrincipals: b2cApps.map((app, i) => ({
    id: servicePrincipalIds[i] ?? app.objectId,
    appId: app.clientId,
    displayName: app.name,
  })),
};
