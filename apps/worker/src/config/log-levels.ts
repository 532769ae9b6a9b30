import { z } from 'zod';
import { optionalText } from './env-fields.js';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** LOG_LEVEL, in any case; `info` when unset. A fragment of the worker's and the CLI's env schemas. */
export const logLevelEnv = {
  LOG_LEVEL: optionalText.pipe(
    z.preprocess(
      (v) => (typeof v === 'string' ? v.toLowerCase() : v),
      z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }).default('info'),
    ),
  ),
};
