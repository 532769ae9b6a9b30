import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { archiveStateFileName, archiveTenantFileName } from '@b2c-alerts/audit-client';
import { InvestigateError } from '../errors/investigate-error.js';

/**
 * The tenant an archive belongs to, as `export` records it in `DIR/.export-state.json` or the worker's
 * archive writer in `DIR/.archive-tenant.json`, or undefined when the archive does not say (an archive
 * written before the worker recorded its tenant).
 */
export async function archiveTenant(archiveDir: string): Promise<string | undefined> {
  return (
    (await tenantIn(join(archiveDir, archiveStateFileName))) ??
    (await tenantIn(join(archiveDir, archiveTenantFileName)))
  );
}

async function tenantIn(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const tenant = (JSON.parse(text) as { tenant?: unknown }).tenant;
    return typeof tenant === 'string' && tenant.trim() !== '' ? tenant.trim() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Refuses an archive recorded for another tenant than `expected` (IV_ERR_TENANT_MISMATCH): events of
 * one tenant must never be read as another's. Resolves with the recorded tenant, if any.
 */
export async function checkArchiveTenant(archiveDir: string, expected?: string): Promise<string | undefined> {
  const recorded = await archiveTenant(archiveDir);
  if (expected !== undefined && recorded !== undefined && recorded.toLowerCase() !== expected.trim().toLowerCase()) {
    throw new InvestigateError(
      'IV_ERR_TENANT_MISMATCH',
      `The archive ${archiveDir} belongs to tenant ${recorded}, not ${expected.trim()}. Point at ${expected.trim()}'s archive, ` +
        'or leave the tenant out to read this one.',
    );
  }
  return recorded;
}
