import { isLoopbackHost } from '@b2c-alerts/audit-client';
import { join } from 'node:path';
import { z } from 'zod';
import { optionalText } from './env-fields.js';

/** The web console the worker serves when CONSOLE_PORT is set (its alert history and health are the worker's). */
export interface WorkerConsoleConfig {
  /** 0: any free port. */
  port: number;
  host: string;
  /** The archive the Events page searches: CONSOLE_ARCHIVE, else ARCHIVE_DIR/<tenant> of a single tenant. */
  archiveDir: string;
  /** archiveDir is ARCHIVE_DIR/<tenant> (CONSOLE_ARCHIVE unset): made when the first poll has not yet. */
  archiveDefaulted: boolean;
  /** CONSOLE_TOKEN: required beyond loopback; a secret, never logged. */
  token?: string;
}

/** The console's variables, each on its own; consoleConfigOf checks them together. */
export const consoleEnv = {
  CONSOLE_PORT: optionalText.transform((value, ctx) => {
    if (value === undefined) return undefined;
    const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!(n >= 0 && n <= 65_535)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be the web console’s port, a whole number from 0 to 65535 (0: any free port); unset: no console',
      });
      return z.NEVER;
    }
    return n;
  }),
  CONSOLE_HOST: optionalText.transform((v) => v ?? '127.0.0.1'),
  CONSOLE_TOKEN: optionalText.refine((v) => v === undefined || v.trim().length >= 16, {
    message: 'must be at least 16 characters; generate one with `openssl rand -hex 32`',
  }),
  CONSOLE_ARCHIVE: optionalText,
};

interface ConsoleValues {
  CONSOLE_PORT?: number | undefined;
  CONSOLE_HOST?: string | undefined;
  CONSOLE_TOKEN?: string | undefined;
  CONSOLE_ARCHIVE?: string | undefined;
  ARCHIVE_DIR?: string | undefined;
}

/**
 * The console's configuration, or undefined when CONSOLE_PORT is unset. Beyond loopback it needs
 * CONSOLE_TOKEN (as `b2c-alerts console`); without CONSOLE_ARCHIVE it needs ARCHIVE_DIR and one tenant.
 */
export function consoleConfigOf(
  values: ConsoleValues,
  tenantNames: readonly string[],
  add: (variable: string, message: string) => void,
): WorkerConsoleConfig | undefined {
  if (values.CONSOLE_PORT === undefined) return undefined;
  const host = values.CONSOLE_HOST ?? '127.0.0.1';
  const token = values.CONSOLE_TOKEN?.trim();
  if (!isLoopbackHost(host) && token === undefined) {
    add(
      'CONSOLE_TOKEN',
      'is not set, but CONSOLE_HOST is not a loopback address; set it to a long random value (`openssl rand -hex 32`), or leave CONSOLE_HOST at 127.0.0.1',
    );
  }
  let archiveDir = values.CONSOLE_ARCHIVE;
  if (archiveDir === undefined) {
    if (values.ARCHIVE_DIR !== undefined && tenantNames.length === 1)
      archiveDir = join(values.ARCHIVE_DIR, tenantNames[0]!);
    else
      add(
        'CONSOLE_ARCHIVE',
        values.ARCHIVE_DIR === undefined
          ? 'is not set, and neither is ARCHIVE_DIR; set it to the archive the console searches (a tenant’s ARCHIVE_DIR/<tenant>)'
          : 'is not set, and the worker has several tenants; set it to the archive the console searches (ARCHIVE_DIR/<tenant>)',
      );
  }
  if (archiveDir === undefined) return undefined;
  return {
    port: values.CONSOLE_PORT,
    host,
    archiveDir,
    archiveDefaulted: values.CONSOLE_ARCHIVE === undefined,
    ...(token === undefined ? {} : { token }),
  };
}
