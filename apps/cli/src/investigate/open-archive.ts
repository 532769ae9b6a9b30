import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  checkArchiveTenant,
  isInvestigateError,
  resolveFilter,
  type EventFilterInput,
  type ResolvedFilter,
} from '@b2c-alerts/investigate';
import { CliError } from '../errors/cli-error.js';
import { displayPath } from '../text/display-path.js';
import { filterFlag } from './filter-options.js';

/**
 * The archive directory a command reads: given, existing, and, when a tenant is expected (`--tenant`
 * or AZURE_TENANT_ID), recorded for that tenant. Resolves with its path and its recorded tenant.
 */
export async function openArchive(
  dir: string | undefined,
  tenant: string | undefined,
): Promise<{ dir: string; tenant?: string }> {
  if (dir === undefined) {
    throw new CliError(
      'CLI_ERR_USAGE',
      "give the archive with --archive DIR: the directory `export --out` writes, or the worker's ARCHIVE_DIR/<tenant>; or, for `events`, read the last 7 days from Microsoft Graph with --graph.",
    );
  }
  const path = resolve(dir);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new CliError(
      'CLI_ERR_CONFIG',
      `--archive ${displayPath(path)} is not a directory; give the directory export wrote.`,
    );
  }
  const recorded = await checkArchiveTenant(path, tenant);
  return { dir: path, ...(recorded === undefined ? {} : { tenant: recorded }) };
}

/** resolveFilter, with a problem reported by the flag that set the field (CLI_ERR_USAGE). */
export function resolveFilterFlags(input: EventFilterInput, now: number): ResolvedFilter {
  try {
    return resolveFilter(input, { now });
  } catch (error) {
    if (isInvestigateError(error) && error.code === 'IV_ERR_FILTER_INVALID') {
      const flag = filterFlag(error.field) ?? error.field ?? 'filter';
      const message = error.message.replace(/^[A-Za-z]+: /, '');
      throw new CliError('CLI_ERR_USAGE', `${flag}: ${message}`, { cause: error });
    }
    throw error;
  }
}
