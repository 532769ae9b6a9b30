/** An administrator as the traffic generator and the incidents use one. */
export interface TenantAdmin {
  upn: string;
  objectId: string;
  ip: string;
}

/**
 * The small, fixed set of administrators whose reads and writes make up benign admin traffic
 * (rules may allow-list them, e.g. in rules/lists/key-admins.yaml). Incidents default to an actor
 * outside this set.
 */
export function knownAdmins(tenant = 'contosob2c.onmicrosoft.com'): TenantAdmin[] {
  return [
    { upn: `alex.wilber@${tenant}`, objectId: '5b0c1e7a-2f44-4c1b-9a0e-6f3d2c1b0a99', ip: '203.0.113.24' },
    { upn: `megan.bowen@${tenant}`, objectId: '8d2f6c3e-91a7-4b52-8e0d-3c7a5b9f1e24', ip: '203.0.113.25' },
    { upn: `lee.gu@${tenant}`, objectId: 'c4a97e15-0b3d-4f68-a2c1-7e9d8b6f5a30', ip: '198.51.100.14' },
  ];
}

/** The default actor of the planted incidents: a valid account that is not a known admin. */
export function intruderAdmin(tenant = 'contosob2c.onmicrosoft.com'): TenantAdmin {
  return { upn: `mallory@${tenant}`, objectId: 'e7f3a2b1-6c5d-4e8f-9a0b-1c2d3e4f5a6b', ip: '192.0.2.66' };
}
