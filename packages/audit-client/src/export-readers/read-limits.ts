import { z } from 'zod';
import { AuditClientError } from '../errors/audit-client-error.js';

const MiB = 1024 * 1024;

/**
 * Bounds on what one input file may cost, so a small hostile file (a gzip bomb, one endless line)
 * cannot exhaust memory or time. Bytes are counted after decompression.
 */
export interface ReadLimits {
  /**
   * Longest line of a JSONL file, and largest item of a JSON document (one audit, record or other
   * value). Default 8 MiB: a whole Graph page of 1000 B2C audits on one line is about 3 MiB.
   */
  maxLineBytes: number;
  /** Decompressed bytes read from one file before the rest of it is skipped. Default 4 GiB. */
  maxFileBytes: number;
  /**
   * Decompressed bytes per compressed byte a gzip file may reach once it has given 16 MiB. Default
   * 200: audit JSON compresses about 10 to 30 times; a bomb, a thousand times.
   */
  maxExpansionRatio: number;
  /** Problems listed one by one per file; the rest are counted in one closing problem. Default 100. */
  maxProblemsPerFile: number;
}

/** Below this many decompressed bytes the expansion ratio is not checked (small, repetitive files are fine). */
export const expansionCheckFloorBytes = 4 * MiB;

const positiveInt = z.number().int().positive();

const readLimitsSchema = z.object({
  maxLineBytes: positiveInt.default(8 * MiB),
  maxFileBytes: positiveInt.default(4 * 1024 * MiB),
  maxExpansionRatio: z.number().finite().positive().default(200),
  maxProblemsPerFile: positiveInt.default(100),
});

export const defaultReadLimits: ReadLimits = readLimitsSchema.parse({});

/** Validates limits once, with defaults for those not given; throws AC_ERR_OPTIONS_INVALID naming the field. */
export function resolveReadLimits(limits: Partial<ReadLimits> = {}): ReadLimits {
  const result = readLimitsSchema.safeParse(limits);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`);
  throw new AuditClientError('AC_ERR_OPTIONS_INVALID', `Invalid read limits: ${problems.join('; ')}.`);
}

/** Bytes in words, for problem messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MiB && bytes % (1024 * MiB) === 0) return `${bytes / (1024 * MiB)} GiB`;
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  return `${bytes} bytes`;
}
